package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.auth.Principal;
import dev.assay.engine.grading.QuizGrading;
import dev.assay.engine.node.Services;
import dev.assay.engine.store.AssessmentStore.AssessmentRow;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.SubmissionStore.NewGradedSubmission;
import dev.assay.engine.store.SubmissionStore.Stored;
import dev.assay.engine.store.SubmissionStore.SubmissionRow;
import dev.assay.graders.GradeResult;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Submissions. A quiz submission is graded inline and committed together with its result before the reply, so an
 * acknowledged submission is never lost; the Idempotency-Key makes a retried POST return the first result.
 */
final class SubmissionRoutes {
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    static final int MAX_KEY = 255;

    /** What was submitted, after validation. */
    private record SubmitBody(String learnerId, JsonNode answers) {
    }

    private SubmissionRoutes() {
    }

    static void mount(Router router, Services s) {
        router.post("/v1/assessments/:id/submissions").handler(Reply.handler(ctx -> submit(ctx, s)));
        router.get("/v1/submissions/:id").handler(Reply.handler(ctx -> {
            Principal who = Auth.principal(ctx);
            UUID id = Params.uuid(ctx, "id", "submission");
            return s.submissions().byId(who.platformId(), id).map(row -> {
                SubmissionRow r = row.orElseThrow(() -> ApiProblem.notFound("submission", id.toString()));
                if (who instanceof Principal.Learner l && !l.learnerId().equals(r.learnerId())) {
                    // Same answer as for an id that does not exist: a learner learns nothing about others' work.
                    throw ApiProblem.notFound("submission", id.toString());
                }
                return Reply.ok(view(r));
            });
        }));
        router.get("/v1/learners/:learnerId/submissions").handler(Reply.handler(ctx -> {
            Principal who = Auth.principal(ctx);
            String learnerId = Params.pathId(ctx, "learnerId");
            Auth.requireLearnerOrPlatform(ctx, learnerId);
            int limit = Params.limit(ctx);
            int offset = Params.offset(ctx);
            String courseId = Params.queryId(ctx, "courseId");
            String assessment = Params.query(ctx, "assessmentId");
            UUID assessmentId = null;
            if (assessment != null) {
                try {
                    assessmentId = UUID.fromString(assessment);
                } catch (IllegalArgumentException e) {
                    throw ApiProblem.invalid("assessmentId", "must be an assessment id (UUID)");
                }
            }
            String filters = (courseId == null ? "" : "&courseId=" + Params.segment(courseId))
                    + (assessmentId == null ? "" : "&assessmentId=" + assessmentId);
            return s.submissions().byLearner(who.platformId(), learnerId, courseId, assessmentId, limit, offset).map(rows -> {
                ObjectNode page = Json.object();
                var items = page.putArray("items");
                rows.forEach(r -> items.add(view(r)));
                if (rows.size() == limit) {
                    page.put("next", "/v1/learners/" + Params.segment(learnerId) + "/submissions?limit=" + limit
                            + "&offset=" + (offset + limit) + filters);
                }
                return Reply.ok(page);
            });
        }));
    }

    private static Future<Reply> submit(RoutingContext ctx, Services s) {
        var platform = Auth.platform(ctx);
        UUID assessmentId = Params.uuid(ctx, "id", "assessment");
        String key = ctx.request().getHeader(IDEMPOTENCY_HEADER);
        Fields fields = Fields.of(ctx, "learnerId", "answers");
        if (key != null && (key.isBlank() || key.length() > MAX_KEY)) {
            fields.errors().add(new Violation(IDEMPOTENCY_HEADER, "must be 1 to " + MAX_KEY + " characters"));
        }
        String learnerId = fields.text("learnerId", true);
        Params.externalId(learnerId, "learnerId", fields.errors());
        JsonNode answers = fields.object("answers", true);
        fields.check();
        SubmitBody body = new SubmitBody(learnerId, answers);
        byte[] hash = requestHash(assessmentId, body);

        return s.assessments().get(platform.platformId(), assessmentId).compose(found -> {
            AssessmentRow a = found.orElseThrow(() -> ApiProblem.notFound("assessment", assessmentId.toString()));
            Future<Reply> replay = key == null ? Future.succeededFuture(null)
                    : s.submissions().byKey(platform.platformId(), key).map(prior -> prior.map(p -> replay(p, hash)).orElse(null));
            return replay.compose(prior -> prior != null ? Future.succeededFuture(prior) : gradeAndStore(s, platform, a, body, key, hash));
        });
    }

    private static Future<Reply> gradeAndStore(Services s, Principal.Platform platform, AssessmentRow a, SubmitBody body,
                                               String key, byte[] hash) {
        GradeResult result;
        try {
            result = s.quizzes().grade(s.quizzes().quiz(a.id(), a.version(), a.definition()), body.answers());
        } catch (InvalidInputException e) {
            throw ApiProblem.unprocessable(e.violations());
        }
        var submission = new NewGradedSubmission(platform.platformId(), a.id(), a.courseId(), body.learnerId(), key, hash,
                Json.write(body.answers()), a.version(), result.score(), result.maxScore(), Json.write(result), QuizGrading.GRADER);
        return s.submissions().insertGraded(submission).map((Stored stored) -> {
            if (stored.replayed()) {
                return replay(stored.row(), hash); // a concurrent retry with the same key won the insert
            }
            SubmissionRow r = stored.row();
            s.events().publish(platform.platformId(), r.learnerId(), event(r));
            return Reply.created(view(r), "/v1/submissions/" + r.id());
        });
    }

    private static Reply replay(SubmissionRow prior, byte[] hash) {
        if (!MessageDigest.isEqual(prior.requestHash(), hash)) {
            throw new ApiProblem(422, "idempotency-key-reused", "Idempotency-Key reused",
                    "this Idempotency-Key was already used for a different request", List.of(
                    new Violation(IDEMPOTENCY_HEADER, "already used for a different request")));
        }
        return new Reply(200, view(prior), Map.of("Idempotent-Replayed", "true", "Location", "/v1/submissions/" + prior.id()));
    }

    private static byte[] requestHash(UUID assessmentId, SubmitBody body) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(assessmentId.toString().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(body.learnerId().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(Json.MAPPER.writeValueAsBytes(body.answers()));
            return md.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode event(SubmissionRow r) {
        ObjectNode e = Json.object().put("type", "result").put("submissionId", r.id().toString())
                .put("assessmentId", r.assessmentId().toString()).put("courseId", r.courseId())
                .put("status", r.status());
        if (r.gradedVersion() != null) {
            e.put("version", r.gradedVersion()).put("score", r.score()).put("maxScore", r.maxScore());
            e.set("result", Json.parse(r.result()));
        }
        return e;
    }

    static ObjectNode view(SubmissionRow r) {
        ObjectNode node = Json.object()
                .put("id", r.id().toString())
                .put("assessmentId", r.assessmentId().toString())
                .put("courseId", r.courseId())
                .put("learnerId", r.learnerId())
                .put("status", r.status())
                .put("submittedVersion", r.submittedVersion())
                .put("createdAt", r.createdAt().toString());
        if (r.gradedVersion() != null) {
            node.put("gradedVersion", r.gradedVersion()).put("score", r.score()).put("maxScore", r.maxScore())
                    .put("gradedAt", r.gradedAt().toString());
            node.set("result", Json.parse(r.result()));
        }
        node.set("answers", Json.parse(r.response()));
        return node;
    }

}
