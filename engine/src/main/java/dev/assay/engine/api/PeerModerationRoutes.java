package dev.assay.engine.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.node.Services;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.PeerReviewStore.ReviewRow;
import io.vertx.ext.web.Router;

import java.util.List;
import java.util.UUID;

/**
 * What staff need to moderate peer review: every completed review with how its author rated it (helpfulness 1-5)
 * and whether they flagged it (and why). Learners flag reviews that are rude, careless or wrong; without this the
 * flags were recorded and no one saw them.
 */
final class PeerModerationRoutes {
    private PeerModerationRoutes() {
    }

    static void mount(Router router, Services s) {
        router.get("/v1/assessments/:id/reviews").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            UUID id = Params.uuid(ctx, "id", "assessment");
            String flagged = Params.query(ctx, "flagged");
            if (flagged != null && !flagged.equals("true") && !flagged.equals("false")) {
                throw ApiProblem.invalid("flagged", "must be true or false");
            }
            String reviewer = Params.queryId(ctx, "reviewerId");
            UUID submissionId = Params.queryUuid(ctx, "submissionId", "a submission");
            int limit = Params.limit(ctx);
            int offset = Params.offset(ctx);
            return PeerRoutes.require(s, platform.platformId(), id)
                    .compose(c -> s.peer().store().reviews(id, submissionId))
                    .map(rows -> {
                        List<ReviewRow> matching = rows.stream()
                                .filter(r -> flagged == null || r.flagged() == flagged.equals("true"))
                                .filter(r -> reviewer == null || r.reviewerId().equals(reviewer))
                                .toList();
                        ObjectNode body = Json.object().put("assessmentId", id.toString());
                        ArrayNode items = body.putArray("items");
                        matching.stream().skip(offset).limit(limit).forEach(r -> items.add(view(r)));
                        if (offset + limit < matching.size()) {
                            body.put("next", "/v1/assessments/" + id + "/reviews?limit=" + limit + "&offset="
                                    + (offset + limit) + (flagged == null ? "" : "&flagged=" + flagged)
                                    + (reviewer == null ? "" : "&reviewerId=" + Params.segment(reviewer))
                                    + (submissionId == null ? "" : "&submissionId=" + submissionId));
                        }
                        return Reply.ok(body);
                    });
        }));
    }

    /** Each reviewer's {@link #ratings}, for the reviewers view. */
    static java.util.Map<String, ObjectNode> ratingsByReviewer(List<ReviewRow> reviews) {
        java.util.Map<String, List<ReviewRow>> byReviewer = new java.util.HashMap<>();
        reviews.forEach(r -> byReviewer.computeIfAbsent(r.reviewerId(), k -> new java.util.ArrayList<>()).add(r));
        java.util.Map<String, ObjectNode> out = new java.util.HashMap<>();
        byReviewer.forEach((reviewer, rows) -> out.put(reviewer, ratings(rows)));
        return out;
    }

    /** How authors rated one reviewer's reviews: how many they rated, the mean helpfulness, how many they flagged. */
    static ObjectNode ratings(List<ReviewRow> rows) {
        var helpfulness = rows.stream().filter(r -> r.helpfulness() != null).mapToInt(ReviewRow::helpfulness)
                .summaryStatistics();
        ObjectNode n = Json.object().put("rated", helpfulness.getCount());
        if (helpfulness.getCount() > 0) {
            n.put("meanHelpfulness", helpfulness.getAverage());
        } else {
            n.putNull("meanHelpfulness");
        }
        return n.put("flagged", rows.stream().filter(ReviewRow::flagged).count());
    }

    static ObjectNode view(ReviewRow r) {
        ObjectNode n = Json.object().put("id", r.id().toString()).put("submissionId", r.submissionId().toString())
                .put("authorId", r.author()).put("reviewerId", r.reviewerId());
        n.set("scores", Json.parse(r.scores()));
        n.set("comments", Json.parse(r.comments()));
        n.put("total", r.total()).put("countsTowardK", r.counts()).put("completedAt", r.completedAt().toString());
        if (r.helpfulness() != null) {
            n.put("helpfulness", r.helpfulness());
        } else {
            n.putNull("helpfulness");
        }
        n.put("flagged", r.flagged());
        if (r.flagReason() != null) {
            n.put("flagReason", r.flagReason());
        }
        return n;
    }
}
