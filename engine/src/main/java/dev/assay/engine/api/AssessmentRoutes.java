package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.auth.Principal;
import dev.assay.engine.grading.EssayDefinitions;
import dev.assay.engine.grading.EssayGrading;
import dev.assay.engine.grading.GraderKind;
import dev.assay.engine.node.Services;
import dev.assay.engine.outcomes.LatePenalty;
import dev.assay.engine.outcomes.LateSubmissions;
import dev.assay.engine.store.AssessmentStore;
import dev.assay.engine.store.AssessmentStore.AssessmentRow;
import dev.assay.engine.store.Json;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;
import dev.assay.graders.code.Languages;
import dev.assay.graders.quiz.LearnerView;
import io.vertx.ext.web.Router;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** Assessment definitions: created in a course, read, listed, and revised as numbered versions. */
final class AssessmentRoutes {
    private AssessmentRoutes() {
    }

    static void mount(Router router, Services s) {
        router.get("/v1/languages").handler(Reply.handler(ctx -> {
            Auth.principal(ctx);
            ObjectNode body = Json.object();
            var items = body.putArray("items");
            var sandbox = s.kinds().code().sandbox();
            if (sandbox.available()) {
                // Without a sandbox no language is offered: nothing runs unsandboxed.
                Languages.available().forEach(l -> items.addObject()
                        .put("id", l.language().id()).put("name", l.name()).put("version", l.version()));
            }
            body.putObject("sandbox").put("available", sandbox.available()).put("detail",
                    sandbox.available() ? "bubblewrap " + sandbox.version() : sandbox.reason());
            return io.vertx.core.Future.succeededFuture(Reply.ok(body));
        }));
        router.post("/v1/courses/:courseId/assessments").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            String courseId = Params.existingId(ctx, "courseId", "course");
            Fields body = Fields.of(ctx, "title", "kind", "definition", "dueAt", "lateSubmissions", "latePenalty");
            String title = body.text("title", true);
            java.time.Instant dueAt = body.instant("dueAt", false);
            LateSubmissions late = lateSubmissions(body);
            LatePenalty penalty = latePenalty(body, late);
            Params.maxLength(title, "title", CourseRoutes.MAX_TITLE, body.errors());
            String kind = body.text("kind", true);
            if (kind != null && s.kinds().byName(kind).isEmpty()) {
                body.errors().add(new Violation("kind", "must be one of " + s.kinds().names()));
            }
            JsonNode definition = body.object("definition", true);
            body.check();
            String stored = validDefinition(s.kinds().of(kind), definition);
            return CourseRoutes.requireCourse(s, platform.platformId(), courseId)
                    .compose(v -> s.assessments().create(platform.platformId(), courseId, kind, title, stored, dueAt, late,
                            penalty))
                    .map(a -> Reply.created(view(a, true), "/v1/assessments/" + a.id()));
        }));
        router.get("/v1/courses/:courseId/assessments").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            String courseId = Params.existingId(ctx, "courseId", "course");
            int limit = Params.limit(ctx);
            int offset = Params.offset(ctx);
            return CourseRoutes.requireCourse(s, platform.platformId(), courseId)
                    .compose(v -> s.assessments().list(platform.platformId(), courseId, limit, offset))
                    .map(rows -> {
                        ObjectNode page = Json.object();
                        var items = page.putArray("items");
                        rows.forEach(a -> items.add(view(a, false)));
                        if (rows.size() == limit) {
                            page.put("next", "/v1/courses/" + Params.segment(courseId) + "/assessments?limit=" + limit + "&offset=" + (offset + limit));
                        }
                        return Reply.ok(page);
                    });
        }));
        router.get("/v1/assessments/:id/learner-view").handler(Reply.handler(ctx -> {
            Principal who = Auth.principal(ctx);
            UUID id = Params.uuid(ctx, "id", "assessment");
            String learnerId = who instanceof Principal.Learner l ? l.learnerId() : Params.queryId(ctx, "learnerId");
            if (learnerId == null) {
                throw ApiProblem.invalid("learnerId", "is required: whose variant of the quiz to show");
            }
            Auth.requireLearnerOrPlatform(ctx, learnerId);
            return s.assessments().get(who.platformId(), id).map(found -> {
                var a = found.orElseThrow(() -> ApiProblem.notFound("assessment", id.toString()));
                if (!"quiz".equals(a.kind())) {
                    throw ApiProblem.conflict("kind", "only quizzes have a learner view; this is "
                            + ApiProblem.kindPhrase(a.kind()));
                }
                // The seed depends only on the assessment and the learner, so a learner sees the same variant on
                // every device and after every version, and neighbours see different ones.
                long seed = UUID.nameUUIDFromBytes((a.id() + "\n" + learnerId).getBytes(StandardCharsets.UTF_8))
                        .getMostSignificantBits();
                ObjectNode view = LearnerView.of(s.kinds().quiz().quiz(a.id(), a.version(), a.definition()), seed);
                view.put("assessmentId", a.id().toString()).put("version", a.version()).put("learnerId", learnerId);
                return Reply.ok(view);
            });
        }));
        router.get("/v1/assessments/:id").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            UUID id = Params.uuid(ctx, "id", "assessment");
            return s.assessments().get(platform.platformId(), id)
                    .map(a -> Reply.ok(view(a.orElseThrow(() -> ApiProblem.notFound("assessment", id.toString())), true)));
        }));
        router.post("/v1/assessments/:id/versions").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            UUID id = Params.uuid(ctx, "id", "assessment");
            Fields body = Fields.of(ctx, "title", "definition");
            String title = body.text("title", false);
            Params.maxLength(title, "title", CourseRoutes.MAX_TITLE, body.errors());
            JsonNode definition = body.object("definition", true);
            body.check();
            return s.assessments().get(platform.platformId(), id)
                    .map(a -> a.orElseThrow(() -> ApiProblem.notFound("assessment", id.toString())))
                    .compose(a -> {
                        GraderKind kind = s.kinds().of(a.kind());
                        String valid = validDefinition(kind, definition);
                        return s.assessments().addVersion(platform.platformId(), id, title, valid,
                                kind instanceof EssayGrading ? EssayDefinitions.carryOver(definition)
                                        : AssessmentStore.VersionStep.NONE);
                    })
                    .map(a -> a.orElseThrow(() -> ApiProblem.notFound("assessment", id.toString())))
                    .map(a -> Reply.created(view(a, true), "/v1/assessments/" + id + "/versions/" + a.version()));
        }));
        router.put("/v1/assessments/:id/deadline").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            UUID id = Params.uuid(ctx, "id", "assessment");
            Fields body = Fields.of(ctx, "dueAt", "lateSubmissions", "latePenalty");
            if (!body.has("dueAt")) {
                body.errors().add(new Violation("dueAt", "is required (null removes the deadline)"));
            }
            java.time.Instant dueAt = body.instant("dueAt", false);
            LateSubmissions late = lateSubmissions(body);
            LatePenalty penalty = latePenalty(body, late);
            body.check();
            return s.assessments().setDeadline(platform.platformId(), id, dueAt, late, penalty)
                    .map(a -> Reply.ok(view(a.orElseThrow(() -> ApiProblem.notFound("assessment", id.toString())), false)));
        }));
        router.get("/v1/assessments/:id/versions/:version").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            UUID id = Params.uuid(ctx, "id", "assessment");
            String raw = ctx.pathParam("version");
            int version;
            try {
                version = Integer.parseInt(raw);
            } catch (NumberFormatException e) {
                throw ApiProblem.notFound("version", raw);
            }
            return s.assessments().version(platform.platformId(), id, version)
                    .map(a -> Reply.ok(view(a.orElseThrow(() -> ApiProblem.notFound("version", raw)), true)));
        }));
    }

    /** The optional {@code lateSubmissions} field: what happens to work sent after the deadline (default count). */
    private static LateSubmissions lateSubmissions(Fields body) {
        String raw = body.text("lateSubmissions", false);
        if (raw == null) {
            return LateSubmissions.COUNT;
        }
        return LateSubmissions.fromWire(raw).orElseGet(() -> {
            body.errors().add(new Violation("lateSubmissions", "must be one of " + LateSubmissions.choices()));
            return LateSubmissions.COUNT;
        });
    }

    /**
     * The {@code latePenalty} object, required with {@code lateSubmissions: penalize} and refused with the other
     * rules: {@code percentPerDay} (above 0, at most 100) and {@code maxPercent} (the same range, default 100).
     */
    private static LatePenalty latePenalty(Fields body, LateSubmissions late) {
        boolean penalize = late == LateSubmissions.PENALIZE;
        ObjectNode raw = body.object("latePenalty", penalize);
        if (raw == null) {
            return null;
        }
        if (!penalize) {
            body.errors().add(new Violation("latePenalty", "applies only with lateSubmissions penalize"));
            return null;
        }
        int before = body.errors().size();
        raw.fieldNames().forEachRemaining(name -> {
            if (!name.equals("percentPerDay") && !name.equals("maxPercent")) {
                body.errors().add(new Violation("latePenalty." + name, "is not a field of latePenalty (percentPerDay, maxPercent)"));
            }
        });
        double perDay = percent(raw, "percentPerDay", Double.NaN, body);
        double max = percent(raw, "maxPercent", 100, body);
        return body.errors().size() > before ? null : new LatePenalty(perDay, max);
    }

    private static double percent(ObjectNode raw, String name, double absent, Fields body) {
        JsonNode value = raw.get(name);
        if ((value == null || value.isNull()) && !Double.isNaN(absent)) {
            return absent;
        }
        if (value == null || !value.isNumber() || !(value.doubleValue() > 0 && value.doubleValue() <= 100)) {
            body.errors().add(new Violation("latePenalty." + name, "must be a percentage above 0 and at most 100"));
            return absent;
        }
        return value.doubleValue();
    }

    /** Validates a definition of the given kind, reporting the graders' field paths under {@code definition}. */
    private static String validDefinition(GraderKind kind, JsonNode definition) {
        try {
            kind.validateDefinition(definition);
        } catch (InvalidInputException e) {
            throw ApiProblem.invalid(e.violations().stream()
                    .map(v -> new Violation(Bodies.join("definition", v.field()), v.message())).toList());
        }
        return Json.write(definition);
    }

    static JsonNode view(AssessmentRow a, boolean withDefinition) {
        ObjectNode node = Json.object()
                .put("id", a.id().toString())
                .put("courseId", a.courseId())
                .put("kind", a.kind())
                .put("title", a.title())
                .put("version", a.version())
                .put("createdAt", a.createdAt().toString())
                .put("updatedAt", a.updatedAt().toString())
                .put("dueAt", a.dueAt() == null ? null : a.dueAt().toInstant().toString())
                .put("lateSubmissions", a.late().wire());
        if (a.penalty() != null) {
            node.putObject("latePenalty").put("percentPerDay", a.penalty().percentPerDay())
                    .put("maxPercent", a.penalty().maxPercent());
        }
        if (withDefinition) {
            node.set("definition", Json.parse(a.definition()));
        }
        return node;
    }
}
