package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.node.Services;
import dev.assay.engine.outcomes.CourseGradeCodec;
import dev.assay.engine.outcomes.GradingPolicy;
import dev.assay.engine.outcomes.GradingPolicyCodec;
import dev.assay.engine.store.GradingPolicyStore.PolicyRow;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.ReviewSupply;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;

import java.util.List;
import java.util.UUID;

/**
 * A course's grading policy, and learners' course grades computed from it.
 *
 * <p>The grade uses, per assessment the policy names, the learner's most recent submission to it (see
 * {@link dev.assay.engine.outcomes.LearnerItems}): work never submitted keeps the grade pending until the
 * assessment's deadline, then counts as 0. A peer-reviewed assessment counts once its peer grade is published (or
 * staff overrode it); the peer reviews a learner completed in the course count toward {@code minPeerReviewsGiven},
 * and a shortfall is final once every review deadline of the course has passed. Replacing the policy has every learner's stored
 * grade (and outcome events) recomputed in batches by the outcome sweep; the grade read here is always computed
 * afresh.
 */
final class GradeRoutes {

    private GradeRoutes() {
    }

    static void mount(Router router, Services s) {
        router.put("/v1/courses/:courseId/grading-policy").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            String courseId = Params.existingId(ctx, "courseId", "course");
            JsonNode body = Bodies.object(ctx);
            UUID platformId = platform.platformId();
            return CourseRoutes.requireCourse(s, platformId, courseId)
                    .compose(v -> s.assessments().idsInCourse(platformId, courseId))
                    .compose(known -> {
                        GradingPolicy policy = GradingPolicy.readPolicy(body, known); // 400 naming every bad field
                        return s.policies().put(platformId, courseId, GradingPolicyCodec.toJsonString(policy))
                                .recover(e -> Future.failedFuture(e instanceof ReviewSupply.Shortfall f ? shortfall(f) : e));
                    })
                    .map(row -> Reply.ok(policyView(row)));
        }));
        router.get("/v1/courses/:courseId/grading-policy").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            String courseId = Params.existingId(ctx, "courseId", "course");
            return CourseRoutes.requireCourse(s, platform.platformId(), courseId)
                    .compose(v -> s.policies().get(platform.platformId(), courseId))
                    .map(row -> Reply.ok(policyView(row.orElseThrow(() -> noPolicy(courseId)))));
        }));
        router.get("/v1/courses/:courseId/learners/:learnerId/grade").handler(Reply.handler(ctx -> {
            UUID platformId = Auth.principal(ctx).platformId();
            String learnerId = Params.pathId(ctx, "learnerId");
            Auth.requireLearnerOrPlatform(ctx, learnerId);
            String courseId = Params.existingId(ctx, "courseId", "course");
            return CourseRoutes.requireCourse(s, platformId, courseId)
                    .compose(v -> s.outcomes().live(platformId, courseId, learnerId))
                    .map(live -> live.orElseThrow(() -> noPolicy(courseId)))
                    .compose(live -> s.outcomes().outcome(platformId, courseId, learnerId).map(stored -> {
                        ObjectNode body = Json.object().put("courseId", courseId).put("learnerId", learnerId)
                                .put("policyVersion", live.policyVersion());
                        body.setAll(CourseGradeCodec.toJson(live.grade()));
                        // The version of the last outcome event: what certification has been (or is being) told.
                        body.put("outcomeVersion", stored.map(o -> o.version()).orElse(0L));
                        return Reply.ok(body);
                    }));
        }));
    }

    private static ApiProblem noPolicy(String courseId) {
        return new ApiProblem(404, "not-found", "Not found", "course '" + courseId
                + "' has no grading policy; set one with PUT /v1/courses/" + courseId + "/grading-policy",
                List.of(new dev.assay.graders.Violation("gradingPolicy", "is not set for this course")));
    }

    static JsonNode policyView(PolicyRow row) {
        ObjectNode view = Json.object().put("courseId", row.courseId()).put("version", row.version())
                .put("createdAt", row.createdAt().toString()).put("updatedAt", row.updatedAt().toString());
        view.set("policy", Json.parse(row.policy()));
        return view;
    }

    /** 400 naming minPeerReviewsGiven: learners could never give that many reviews, so no grade could be decided. */
    private static ApiProblem shortfall(ReviewSupply.Shortfall f) {
        return ApiProblem.invalid("minPeerReviewsGiven", f.capacity() == 0
                ? "needs a peer-reviewed assessment in the course: configure one (PUT /v1/assessments/{id}/peer-review) "
                + "first, or use 0"
                : "must be at most " + f.capacity() + ": each submission to the course's peer-reviewed assessments "
                + "takes at most reviewsPerSubmission + extraReviews reviews, which add up to " + f.capacity()
                + " per learner, so learners could not all give " + f.required());
    }
}
