package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.auth.Principal;
import dev.assay.engine.node.Services;
import dev.assay.engine.peer.PeerGrades;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.PeerReviewStore;
import dev.assay.engine.store.SubmissionStore;
import dev.assay.graders.Violation;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;

import java.util.List;
import java.util.UUID;

/**
 * Learner side of peer review once peers have graded, with learner tokens: reading the reviews one received once
 * the grade is final (also those of an earlier submission), and rating them. Reviewing itself is in
 * {@link PeerLearnerRoutes}.
 */
final class ReceivedReviewRoutes {
    private ReceivedReviewRoutes() {
    }

    static void mount(Router router, Services s) {
        router.get("/v1/assessments/:id/received-reviews").handler(Reply.handler(ctx -> {
            var learner = Auth.learner(ctx);
            UUID id = Params.uuid(ctx, "id", "assessment");
            UUID asked = Params.queryUuid(ctx, "submissionId", "a submission");
            return PeerRoutes.require(s, learner.platformId(), id).compose(c -> PeerRoutes.grades(s, id, c.config())
                    .compose(result -> {
                        var mine = result.grades().stream().filter(g -> g.learnerId().equals(learner.learnerId())
                                && (asked == null || g.submissionId().equals(asked.toString()))).findFirst();
                        if (mine.isEmpty()) {
                            return asked == null ? Future.failedFuture(new ApiProblem(404, "not-found", "Not found",
                                    "you have no submission to assessment '" + id + "' that peers grade",
                                    List.of(new Violation("assessmentId", "you have no submission to it that peers grade"))))
                                    : earlierSubmission(s, learner, id, asked, result);
                        }
                        PeerGrades.Grade grade = mine.get();
                        return s.submissions().byId(learner.platformId(), UUID.fromString(grade.submissionId()))
                                .map(sub -> PeerRoutes.withSubmissionOverride(PeerRoutes.gradeView(result, grade)
                                        .put("current", true), sub.map(SubmissionStore.SubmissionRow::override)
                                        .orElse(null), false))
                                .compose(body -> receivedReviews(s, id, UUID.fromString(grade.submissionId()), body));
                    }));
        }));
        router.post("/v1/reviews/:id/rating").handler(Reply.handler(ctx -> {
            var learner = Auth.learner(ctx);
            UUID reviewId = Params.uuid(ctx, "id", "review");
            Fields body = Fields.of(ctx, "helpfulness", "flag", "reason");
            Integer helpfulness = body.integer("helpfulness", 1, 5);
            JsonNode flagNode = Bodies.object(ctx).get("flag");
            Boolean flag = null;
            if (flagNode != null && !flagNode.isNull()) {
                if (flagNode.isBoolean()) {
                    flag = flagNode.booleanValue();
                } else {
                    body.errors().add(new Violation("flag", "must be true or false"));
                }
            }
            String reason = body.text("reason", false);
            Params.maxLength(reason, "reason", 2000, body.errors());
            if (body.errors().isEmpty() && helpfulness == null && flag == null) {
                body.errors().add(new Violation("helpfulness", "give a helpfulness from 1 to 5, a flag, or both"));
            }
            body.check();
            Boolean flagged = flag;
            return s.peer().store().reviewOfAuthor(learner.platformId(), reviewId, learner.learnerId())
                    .compose(found -> {
                        var review = found.orElseThrow(() -> ApiProblem.notFound("review", reviewId.toString()));
                        return review.shownAsPublished() ? Future.succeededFuture(true)
                                : shownNow(s, learner, review);
                    })
                    .compose(shown -> {
                        // Rated before its author could read it, a rating would judge a review unseen.
                        if (!shown) {
                            throw ApiProblem.conflict("review", "review '" + reviewId + "' is shown to you, and can be "
                                    + "rated, once your peer grade is final");
                        }
                        return s.peer().store().rate(learner.platformId(), reviewId, learner.learnerId(), helpfulness,
                                flagged, reason);
                    })
                    .map(rated -> {
                        // The rating as stored, whichever fields this call changed (it answered only those before).
                        var rating = rated.orElseThrow(() -> ApiProblem.notFound("review", reviewId.toString()));
                        ObjectNode n = Json.object().put("id", reviewId.toString());
                        if (rating.helpfulness() != null) {
                            n.put("helpfulness", rating.helpfulness());
                        } else {
                            n.putNull("helpfulness");
                        }
                        return Reply.ok(n.put("flagged", rating.flagged()));
                    });
        }));
    }

    /**
     * Whether received-reviews shows the review now: its submission's peer grade is final or overridden as the
     * model computes it (the publisher writes it into the submission up to a tick later).
     */
    private static Future<Boolean> shownNow(Services s, Principal.Learner learner, PeerReviewStore.RatedReview review) {
        return PeerRoutes.require(s, learner.platformId(), review.assessmentId())
                .compose(c -> PeerRoutes.grades(s, review.assessmentId(), c.config()))
                .map(result -> result.grades().stream()
                        .filter(g -> g.submissionId().equals(review.submissionId().toString()))
                        .anyMatch(g -> g.status() == PeerGrades.Status.FINAL || g.status() == PeerGrades.Status.OVERRIDDEN));
    }

    /**
     * The reviews of one of the learner's earlier submissions, which peers no longer grade (they grade the latest):
     * its peer grade as published when it was final, or none. A grade that may be on a certificate keeps its
     * feedback readable after the learner submits again.
     */
    private static Future<Reply> earlierSubmission(Services s, Principal.Learner learner, UUID assessmentId, UUID submissionId,
                                                   PeerGrades.Result result) {
        return s.submissions().byId(learner.platformId(), submissionId).compose(found -> {
            var sub = found.filter(r -> r.learnerId().equals(learner.learnerId()) && r.assessmentId().equals(assessmentId))
                    .orElseThrow(() -> new ApiProblem(404, "not-found", "Not found", "you have no submission '"
                            + submissionId + "' to assessment '" + assessmentId + "'",
                            List.of(new Violation("submissionId", "is not one of your submissions to this assessment"))));
            JsonNode published = Json.parse(sub.result() == null ? "{}" : sub.result()).path("peerGrade");
            ObjectNode body = Json.object().put("submissionId", submissionId.toString()).put("learnerId", sub.learnerId());
            if (published.isObject()) {
                body.set("score", published.get("score"));
                if (published.has("interval")) {
                    body.set("interval", published.get("interval"));
                }
                body.put("reviews", published.path("reviews").asInt());
                if (published.has("countedReviews")) {
                    body.set("countedReviews", published.get("countedReviews"));
                }
                // Published as final, its pass or fail was decided: no longer uncertain.
                body.put("status", published.path("status").asText()).put("uncertainPassFail", false);
                // Per criterion as the current submission's view shows them: the model fits every completed review
                // of the assessment, this submission's too.
                var criteria = result.criteria().get(submissionId.toString());
                if (criteria != null && !published.path("status").asText().equals("overridden")) {
                    PeerRoutes.putCriteria(body, criteria);
                }
            } else {
                body.putNull("score").put("status", "superseded");
            }
            body.put("late", sub.late()).put("current", false);
            return receivedReviews(s, assessmentId, submissionId,
                    PeerRoutes.withSubmissionOverride(body, sub.override(), false));
        });
    }

    /** The learner's received reviews, once the grade stands; before that the grade alone, without score. */
    private static Future<Reply> receivedReviews(Services s, UUID assessmentId, UUID submissionId, ObjectNode body) {
        // The status of the view: a staff override of the submission itself decides the grade too.
        String status = body.path("status").asText();
        boolean visible = status.equals("final") || status.equals("overridden");
        if (!visible) {
            // Reviews stay hidden until the grade stands, so early reviews cannot be gamed against later ones.
            body.remove("score");
            body.remove("interval");
            body.remove("criteria");
            return Future.succeededFuture(Reply.ok(body));
        }
        return s.peer().store().reviews(assessmentId, submissionId).map(rows -> {
            ArrayNode items = body.putArray("items");
            rows.forEach(r -> {
                ObjectNode n = items.addObject().put("id", r.id().toString());
                n.set("scores", Json.parse(r.scores()));
                n.set("comments", Json.parse(r.comments()));
                n.put("total", r.total()).put("flagged", r.flagged());
                if (r.helpfulness() != null) {
                    n.put("helpfulness", r.helpfulness());
                }
            });
            return Reply.ok(body);
        });
    }
}
