package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.node.Services;
import dev.assay.engine.outcomes.CourseGrade;
import dev.assay.engine.outcomes.CourseGradeCalculator;
import dev.assay.engine.outcomes.CourseGradeCodec;
import dev.assay.engine.outcomes.GradingPolicy;
import dev.assay.engine.outcomes.GradingPolicyCodec;
import dev.assay.engine.outcomes.ItemState;
import dev.assay.engine.store.GradingPolicyStore.PolicyRow;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.SubmissionStore.LatestSubmission;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A course's grading policy, and learners' course grades computed from it.
 *
 * <p>The grade uses, per assessment the policy names, the learner's most recent submission to it: graded counts with
 * its score, accepted (in the grading queue) is pending "awaiting grading", routed (to peer or staff review) is
 * pending "awaiting review", and no submission at all is {@code Missing(false)}. Assessments have no deadlines
 * yet, so missing work is never past its deadline: it keeps the grade pending (never a silent 0) until submitted.
 * Peer review is not built yet either, so the learner has given 0 reviews and the review window is open: a policy
 * with {@code minPeerReviewsGiven > 0} keeps every grade pending. The outcome reported is the calculator's.
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
                        return s.policies().put(platformId, courseId, GradingPolicyCodec.toJsonString(policy));
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
                    .compose(v -> s.policies().get(platformId, courseId))
                    .compose(row -> {
                        PolicyRow policyRow = row.orElseThrow(() -> noPolicy(courseId));
                        return s.assessments().idsInCourse(platformId, courseId).compose(known ->
                                s.submissions().latestPerAssessment(platformId, learnerId, courseId).map(latest -> {
                                    GradingPolicy policy = storedPolicy(policyRow, known);
                                    CourseGrade grade = CourseGradeCalculator.compute(policy, itemStates(policy, latest), 0);
                                    ObjectNode body = Json.object().put("courseId", courseId).put("learnerId", learnerId)
                                            .put("policyVersion", policyRow.version());
                                    body.setAll(CourseGradeCodec.toJson(grade));
                                    return Reply.ok(body);
                                }));
                    });
        }));
    }

    /** The learner's state on every assessment the policy names, from their most recent submission to each. */
    static Map<String, ItemState> itemStates(GradingPolicy policy, List<LatestSubmission> latest) {
        Map<String, LatestSubmission> byAssessment = new HashMap<>();
        latest.forEach(l -> byAssessment.put(l.assessmentId().toString(), l));
        Map<String, ItemState> items = new HashMap<>();
        for (GradingPolicy.Category category : policy.categories()) {
            for (String assessment : category.assessments()) {
                items.put(assessment, itemState(byAssessment.get(assessment)));
            }
        }
        for (GradingPolicy.MustPass m : policy.mustPass()) {
            items.computeIfAbsent(m.assessment(), a -> itemState(byAssessment.get(a)));
        }
        return items;
    }

    private static ItemState itemState(LatestSubmission s) {
        if (s == null) {
            return new ItemState.Missing(false); // no deadlines yet: missing work is still open
        }
        return switch (s.status()) {
            case "graded" -> graded(s);
            case "routed" -> new ItemState.Pending("awaiting review");
            case "accepted" -> new ItemState.Pending("awaiting grading");
            default -> new ItemState.Pending(s.status());
        };
    }

    private static ItemState graded(LatestSubmission s) {
        if (s.score() == null || s.maxScore() == null || !(s.maxScore() > 0) || !Double.isFinite(s.maxScore())) {
            // A graded submission always has a positive maximum; should one not, it cannot count yet.
            return new ItemState.Pending("awaiting grading");
        }
        double score = Math.max(0, Math.min(s.maxScore(), s.score()));
        return new ItemState.Graded(score, s.maxScore());
    }

    /**
     * The stored policy, validated again against the course's assessments (it was valid when stored, and
     * assessments are never deleted, so a failure here is the engine's fault, not the caller's).
     */
    private static GradingPolicy storedPolicy(PolicyRow row, Set<String> known) {
        try {
            return GradingPolicyCodec.readPolicy(row.policy(), known);
        } catch (dev.assay.graders.InvalidInputException e) {
            throw new IllegalStateException("stored grading policy of course '" + row.courseId() + "' no longer validates: "
                    + e.getMessage(), e);
        }
    }

    private static ApiProblem noPolicy(String courseId) {
        return new ApiProblem(404, "not-found", "Not found", "course '" + courseId
                + "' has no grading policy; set one with PUT /v1/courses/" + courseId + "/grading-policy", List.of());
    }

    static JsonNode policyView(PolicyRow row) {
        ObjectNode view = Json.object().put("courseId", row.courseId()).put("version", row.version())
                .put("createdAt", row.createdAt().toString()).put("updatedAt", row.updatedAt().toString());
        view.set("policy", Json.parse(row.policy()));
        return view;
    }
}
