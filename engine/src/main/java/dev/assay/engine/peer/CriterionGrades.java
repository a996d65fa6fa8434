package dev.assay.engine.peer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.PeerReviewStore.ReviewRow;
import dev.assay.peerreview.aggregation.AggregationModels;
import dev.assay.peerreview.aggregation.CriterionReview;
import dev.assay.peerreview.aggregation.RubricAggregation;
import dev.assay.peerreview.aggregation.RubricAggregator;
import dev.assay.peerreview.aggregation.SubmissionEstimate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each submission's grade per rubric criterion, from the assessment's own model fitted on each criterion separately
 * (the library's {@link RubricAggregator}), so a learner sees which part of their work peers rated low, not only
 * the total. Staff anchors are the totals' business: calibration attempts are stored as totals, so criteria rest on
 * the reviews alone. Computed for the views only; publishing needs just the totals.
 */
public final class CriterionGrades {
    private CriterionGrades() {
    }

    /** One criterion's estimate: score and 90 % interval on the criterion's own scale. */
    public record Estimate(double score, double ciLow, double ciHigh) {
    }

    /** Submission id → criterion id (in rubric order) → estimate; submissions without reviews are absent. */
    public static Map<String, Map<String, Estimate>> compute(PeerConfig config, List<ReviewRow> reviews) {
        if (reviews.isEmpty()) {
            return Map.of();
        }
        var model = AggregationModels.byName(config.model()).orElseThrow();
        var criteria = config.rubric().scales().criteria().keySet();
        List<CriterionReview> input = new ArrayList<>();
        for (ReviewRow r : reviews) {
            JsonNode scores = Json.parse(r.scores());
            for (String c : criteria) {
                JsonNode s = scores.get(c);
                if (s != null && s.isNumber()) {
                    input.add(new CriterionReview(r.reviewerId(), r.submissionId().toString(), c, s.doubleValue()));
                }
            }
        }
        RubricAggregation fitted = new RubricAggregator(model, config.rubric().scales()).aggregate(input, Map.of());
        Map<String, Map<String, Estimate>> out = new HashMap<>();
        fitted.criteria().forEach((criterion, agg) -> agg.submissions().forEach((submission, e) ->
                out.computeIfAbsent(submission, k -> new LinkedHashMap<>()).put(criterion, estimate(e))));
        // Rubric order within each submission, whatever order the fits came back in.
        out.replaceAll((submission, byCriterion) -> {
            var ordered = new LinkedHashMap<String, Estimate>();
            criteria.forEach(c -> {
                if (byCriterion.containsKey(c)) {
                    ordered.put(c, byCriterion.get(c));
                }
            });
            return ordered;
        });
        return out;
    }

    private static Estimate estimate(SubmissionEstimate e) {
        return new Estimate(PeerGrades.rounded(e.score()), PeerGrades.rounded(e.ciLow()), PeerGrades.rounded(e.ciHigh()));
    }
}
