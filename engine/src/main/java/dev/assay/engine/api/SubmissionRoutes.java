package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.auth.Principal;
import dev.assay.engine.grading.CodeGrading;
import dev.assay.engine.grading.EssayGrading;
import dev.assay.engine.grading.UploadGrading;
import dev.assay.engine.grading.GraderKind;
import dev.assay.engine.grading.ResultEvents;
import dev.assay.engine.node.Services;
import dev.assay.engine.outcomes.LateSubmissions;
import dev.assay.engine.store.SubmissionStore;
import dev.assay.engine.store.AssessmentStore.AssessmentRow;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.SubmissionStore.Graded;
import dev.assay.engine.store.SubmissionStore.NewSubmission;
import dev.assay.engine.store.SubmissionStore.Stored;
import dev.assay.engine.store.SubmissionStore.SubmissionRow;
import dev.assay.graders.GradeResult;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;
import dev.assay.graders.essay.ExemplarCodec;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Submissions. Every submission is committed before the reply, so an acknowledged submission is never lost. A quiz
 * is graded inline and committed together with its result (201 with the result); other kinds are accepted (202 with
 * a status URL) and graded by a task on the worker pool. The Idempotency-Key makes a retried POST return the first
 * answer.
 */
final class SubmissionRoutes {
    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    static final int MAX_KEY = 255;


    /** What was submitted, after validation: {@code response} is what the kind's grader reads. */
    private record SubmitBody(String learnerId, ObjectNode fields) {
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
                return Reply.ok(view(s, r, !(who instanceof Principal.Learner)));
            });
        }));
        router.get("/v1/learners/:learnerId/submissions").handler(Reply.handler(ctx -> {
            Principal who = Auth.principal(ctx);
            String learnerId = Params.pathId(ctx, "learnerId");
            Auth.requireLearnerOrPlatform(ctx, learnerId);
            int limit = Params.limit(ctx);
            int offset = Params.offset(ctx);
            String courseId = Params.queryId(ctx, "courseId");
            UUID assessmentId = Params.queryUuid(ctx, "assessmentId", "an assessment");
            String filters = (courseId == null ? "" : "&courseId=" + Params.segment(courseId))
                    + (assessmentId == null ? "" : "&assessmentId=" + assessmentId);
            return s.submissions().byLearner(who.platformId(), learnerId, courseId, assessmentId, limit, offset).map(rows -> {
                ObjectNode page = Json.object();
                var items = page.putArray("items");
                boolean staff = !(who instanceof Principal.Learner);
                rows.forEach(r -> items.add(view(s, r, staff)));
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
        Fields fields = Fields.of(ctx, "learnerId", "answers", "source", "files", "text");
        if (key != null && (key.isBlank() || key.length() > MAX_KEY)) {
            fields.errors().add(new Violation(IDEMPOTENCY_HEADER, "must be 1 to " + MAX_KEY + " characters"));
        }
        String learnerId = fields.text("learnerId", true);
        Params.externalId(learnerId, "learnerId", fields.errors());
        ObjectNode work = Json.object();
        JsonNode answers = fields.object("answers", false);
        if (answers != null) {
            work.set("answers", answers);
        }
        String source = fields.text("source", false);
        if (source != null) {
            work.put("source", source);
        }
        JsonNode files = fields.object("files", false);
        if (files != null) {
            work.set("files", files);
        }
        String text = fields.text("text", false);
        Params.maxLength(text, "text", ExemplarCodec.MAX_TEXT, fields.errors());
        if (text != null) {
            work.put("text", text);
        }
        fields.check();
        SubmitBody body = new SubmitBody(learnerId, work);
        byte[] hash = requestHash(assessmentId, body);

        return submit(s, platform, assessmentId, body, key, hash, VERSION_RETRIES);
    }

    /** A new version committed between reading the assessment and storing: grade against it instead. */
    private static final int VERSION_RETRIES = 3;

    /**
     * A submission that arrived by another protocol (XQueue), stored exactly as {@code POST
     * /v1/assessments/{id}/submissions} with this body and {@code Idempotency-Key} would store it.
     */
    static Future<Reply> submitFor(Services s, Principal.Platform platform, UUID assessmentId, String learnerId,
                                   ObjectNode work, String key) {
        SubmitBody body = new SubmitBody(learnerId, work);
        return submit(s, platform, assessmentId, body, key, requestHash(assessmentId, body), VERSION_RETRIES);
    }

    private static Future<Reply> submit(Services s, Principal.Platform platform, UUID assessmentId, SubmitBody body,
                                        String key, byte[] hash, int retries) {
        return s.assessments().get(platform.platformId(), assessmentId).compose(found -> {
            AssessmentRow a = found.orElseThrow(() -> ApiProblem.notFound("assessment", assessmentId.toString()));
            GraderKind kind = s.kinds().of(a.kind());
            if (body.fields().isEmpty()) {
                // Named after what this assessment's kind takes: "answers" for a quiz, "source" (or files) for code.
                List<String> takes = kind.responseFields();
                throw ApiProblem.invalid(takes.get(0), "is required for " + a.kind() + " assessments"
                        + (takes.size() > 1 ? " (or " + String.join(", or ", takes.subList(1, takes.size())) + ")" : ""));
            }
            JsonNode response = responseFor(kind, body.fields());
            Future<Reply> replay = key == null ? Future.succeededFuture(null)
                    : s.submissions().byKey(platform.platformId(), key).map(prior -> prior.map(p -> replay(s, p, hash)).orElse(null));
            return replay.compose(prior -> {
                if (prior != null) {
                    return Future.succeededFuture(prior);
                }
                if (a.late() == LateSubmissions.REFUSE && a.dueAt() != null && !a.dueAt().toInstant().isAfter(Instant.now())) {
                    throw deadlinePassed(a.dueAt());
                }
                return requireModel(s, a, kind).compose(v -> store(s, platform, a, kind, body.learnerId(), response, key, hash));
            });
        }).recover(e -> switch (e) {
            case SubmissionStore.VersionMoved moved when retries > 0 -> submit(s, platform, assessmentId, body, key, hash, retries - 1);
            case SubmissionStore.DeadlinePassed passed -> Future.failedFuture(deadlinePassed(passed.dueAt()));
            default -> Future.failedFuture(e);
        });
    }

    /** 409 naming {@code dueAt}: the assessment refuses late work. */
    private static ApiProblem deadlinePassed(java.time.OffsetDateTime dueAt) {
        return new ApiProblem(409, "deadline-passed", "Deadline passed", "this assessment's deadline passed at "
                + dueAt.toInstant() + " and it does not accept late submissions; nothing was stored",
                List.of(new Violation("dueAt", "passed at " + dueAt.toInstant())));
    }

    /** The part of the body the kind's grader reads; fields that belong to another kind are named as mistakes. */
    private static JsonNode responseFor(GraderKind kind, ObjectNode fields) {
        List<String> mine = kind.responseFields();
        List<Violation> errors = new java.util.ArrayList<>();
        fields.fieldNames().forEachRemaining(f -> {
            if (!mine.contains(f)) {
                errors.add(new Violation(f, "is not part of " + (kind.name().matches("[aeiou].*") ? "an " : "a ") + kind.name() + " submission; send " + String.join(" or ", mine)));
            }
        });
        if (mine.stream().noneMatch(fields::has)) {
            errors.add(new Violation(String.join(" or ", mine), "is required"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return kind.response(fields);
    }

    private static Future<Reply> store(Services s, Principal.Platform platform, AssessmentRow a, GraderKind kind,
                                       String learnerId, JsonNode response, String key, byte[] hash) {
        Graded graded = null;
        try {
            if (kind instanceof UploadGrading upload) {
                kind.checkResponse(a.id(), a.version(), a.definition(), response);
                graded = Graded.routed(upload.maxScore(a.id(), a.version(), a.definition()), Json.write(Json.object()
                        .put("learnerMessage", "Your work was received and will be graded by people (peer review or staff).")
                        .put("routedTo", "people")), "none");
            } else if (kind.inline()) {
                GradeResult result = kind.grade(a.id(), a.version(), a.definition(), response);
                graded = Graded.scored(result.score(), result.maxScore(), Json.write(result), "inline");
            } else {
                kind.checkResponse(a.id(), a.version(), a.definition(), response);
                s.admission().admit(); // 429 rather than an unbounded queue
            }
        } catch (InvalidInputException e) {
            throw ApiProblem.unprocessable(e.violations());
        } catch (CodeGrading.UnavailableException e) {
            throw new ApiProblem(503, "grader-unavailable", "Grader unavailable", e.getMessage(), List.of());
        }
        var submission = new NewSubmission(platform.platformId(), a.id(), a.courseId(), learnerId, key, hash,
                Json.write(response), a.version(), graded);
        return s.submissions().insert(submission).map((Stored stored) -> {
            if (stored.replayed()) {
                return replay(s, stored.row(), hash); // a concurrent retry with the same key won the insert
            }
            SubmissionRow r = stored.row();
            if (!kind.inline()) {
                s.admission().accepted();
                // Durable already: if this hand-off is lost, the sweep finds the submission after its lease.
                s.queue().enqueue(List.of(r.id()));
                return new Reply(202, view(s, r), Map.of("Location", "/v1/submissions/" + r.id()));
            }
            s.events().publish(platform.platformId(), r);
            return Reply.created(view(s, r), "/v1/submissions/" + r.id());
        });
    }

    /** An essay is accepted only when its assessment version has a trained model to grade it with. */
    private static Future<Void> requireModel(Services s, AssessmentRow a, GraderKind kind) {
        if (!(kind instanceof EssayGrading essay)) {
            return Future.succeededFuture();
        }
        // Peer-reviewed essays need no model: without one, every essay goes to the peers.
        return essay.currentModel(a.id(), a.version()).compose(model -> model.isPresent() ? Future.succeededFuture(true)
                : s.submissions().peerReviewed(a.id())).compose(ok -> ok ? Future.<Void>succeededFuture()
                : essay.store().exemplars(a.id(), a.version()).map(set -> {
                    throw modelRequired(a, set.isPresent());
                }));
    }

    /**
     * The step staff have left: with exemplars (uploaded, or carried over to a new version whose prompt changed)
     * only training; told to upload them again, staff would replace a set that is already there.
     */
    private static ApiProblem modelRequired(AssessmentRow a, boolean hasExemplars) {
        String train = "train one (POST /v1/assessments/" + a.id() + "/model/train)";
        String detail = "version " + a.version() + " of this essay assessment has no trained model yet: " + (hasExemplars
                ? "its exemplars are stored, so " + train
                : "upload exemplars (POST /v1/assessments/" + a.id() + "/exemplars) and " + train) + " first";
        return new ApiProblem(409, "model-required", "No trained model", detail,
                List.of(new Violation("model", hasExemplars ? "train a model first" : "upload exemplars and train a model first")));
    }

    private static Reply replay(Services s, SubmissionRow prior, byte[] hash) {
        if (!MessageDigest.isEqual(prior.requestHash(), hash)) {
            throw new ApiProblem(422, "idempotency-key-reused", "Idempotency-Key reused",
                    "this Idempotency-Key was already used for a different request", List.of(
                    new Violation(IDEMPOTENCY_HEADER, "already used for a different request")));
        }
        return new Reply(200, view(s, prior), Map.of("Idempotent-Replayed", "true", "Location", "/v1/submissions/" + prior.id()));
    }

    private static byte[] requestHash(UUID assessmentId, SubmitBody body) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(assessmentId.toString().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(body.learnerId().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            // Canonical, so a retry that spells the same body differently (members reordered) is the same request.
            md.update(Json.MAPPER.writeValueAsBytes(Json.canonical(body.fields())));
            return md.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode view(Services s, SubmissionRow r) {
        return view(s, r, true);
    }

    /**
     * A submission as the caller may see it. The stored result carries the grader's evidence for staff (a routed
     * essay's provisional score, hidden tests' output), which a learner's view leaves out.
     */
    static ObjectNode view(Services s, SubmissionRow r, boolean staff) {
        ObjectNode node = Json.object()
                .put("id", r.id().toString())
                .put("assessmentId", r.assessmentId().toString())
                .put("courseId", r.courseId())
                .put("learnerId", r.learnerId())
                .put("status", r.status())
                .put("submittedVersion", r.submittedVersion())
                .put("createdAt", r.createdAt().toString())
                // After its deadline (the later of the current one and the one in force when it was sent); with
                // lateSubmissions "ignore" it does not count.
                .put("late", r.late());
        if (r.lateIgnored()) {
            node.put("countsTowardGrade", false);
        }
        if (r.latePenaltyPercent() > 0) {
            // What the course grade counts: the grader's score less the late penalty (an override counts as given).
            node.put("latePenaltyPercent", r.latePenaltyPercent());
            if (r.score() != null) {
                node.put("scoreAfterPenalty", r.score() * (1 - r.latePenaltyPercent() / 100));
            }
        }
        // An override before the worker graded the submission gives it a score without a grader's result.
        if (r.score() != null) {
            node.put("score", r.score());
        }
        if (r.maxScore() != null) {
            node.put("maxScore", r.maxScore());
        }
        if (r.gradedVersion() != null) {
            node.put("gradedVersion", r.gradedVersion()).put("gradedAt", r.gradedAt().toString());
            JsonNode result = ResultEvents.storedResult(r);
            // Evidence and routing reasons are for staff: hidden tests' input and output, an essay's features and
            // provisional score, which check routed it.
            if (!staff) {
                ResultEvents.withoutStaffDetails(result);
            }
            node.set("result", result);
        }
        if (r.override() != null) {
            JsonNode override = Json.parse(r.override());
            if (!staff && override instanceof ObjectNode o) {
                o.remove("by"); // staff identities stay with staff; the reason is written for the learner
            }
            node.set("override", override);
        }
        if (r.peerState() != null) {
            ResultEvents.peerReview(node, r.peerState(), r.kind(), staff);
        }
        node.setAll(s.kinds().of(r.kind()).asSubmitted(Json.parse(r.response())));
        node.put("kind", r.kind());
        return node;
    }

}
