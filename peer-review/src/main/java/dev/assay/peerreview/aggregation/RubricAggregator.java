package dev.assay.peerreview.aggregation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs one aggregation model on every criterion of a rubric and on the totals.
 *
 * <p>A reviewer's total for a submission is the sum of their criterion scores, formed only when they scored every
 * criterion (a partial total would look like a harsh one). Staff scores work the same way: a staff total exists when
 * staff scored every criterion. Each criterion's scale, and the total's, let the bias/reliability models treat
 * scores at the ends of the scale as censored.
 */
public final class RubricAggregator {

    private final AggregationModel model;
    private final Rubric rubric;

    public RubricAggregator(AggregationModel model, Rubric rubric) {
        this.model = Objects.requireNonNull(model, "model");
        this.rubric = Objects.requireNonNull(rubric, "rubric");
    }

    /**
     * @param reviews     criterion scores
     * @param staffScores submission id → criterion → staff score (calibration items, spot checks)
     * @throws IllegalArgumentException on a criterion the rubric does not have
     */
    public RubricAggregation aggregate(List<CriterionReview> reviews, Map<String, Map<String, Double>> staffScores) {
        Map<String, List<Review>> byCriterion = new LinkedHashMap<>();
        rubric.criteria().keySet().forEach(c -> byCriterion.put(c, new ArrayList<>()));
        // reviewer → submission → criterion scores, to form totals.
        Map<String, Map<String, Map<String, Double>>> byPair = new LinkedHashMap<>();
        for (CriterionReview r : reviews) {
            List<Review> list = byCriterion.get(r.criterion());
            if (list == null) {
                throw new IllegalArgumentException("criterion " + r.criterion() + " is not in the rubric "
                        + rubric.criteria().keySet());
            }
            list.add(new Review(r.reviewer(), r.submission(), r.score()));
            byPair.computeIfAbsent(r.reviewer(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(r.submission(), k -> new HashMap<>())
                    .put(r.criterion(), r.score());
        }
        var criteria = new LinkedHashMap<String, Aggregation>();
        for (var entry : byCriterion.entrySet()) {
            String criterion = entry.getKey();
            Map<String, Double> truth = new HashMap<>();
            staffScores.forEach((submission, scores) -> {
                Double s = scores.get(criterion);
                if (s != null) {
                    truth.put(submission, s);
                }
            });
            criteria.put(criterion, model.aggregate(entry.getValue(), truth, rubric.criteria().get(criterion)));
        }
        List<Review> totals = new ArrayList<>();
        byPair.forEach((reviewer, submissions) -> submissions.forEach((submission, scores) -> {
            if (scores.size() == rubric.criteria().size()) {
                totals.add(new Review(reviewer, submission, sum(scores)));
            }
        }));
        Map<String, Double> staffTotals = new HashMap<>();
        staffScores.forEach((submission, scores) -> {
            if (scores.keySet().containsAll(rubric.criteria().keySet())) {
                staffTotals.put(submission, sum(scores));
            }
        });
        Aggregation total = model.aggregate(totals, staffTotals, rubric.totalRange());
        return new RubricAggregation(criteria, total);
    }

    /** Sum over the rubric's criteria (staff may have scored others too). */
    private double sum(Map<String, Double> scores) {
        double total = 0;
        for (String criterion : rubric.criteria().keySet()) {
            total += scores.get(criterion);
        }
        return total;
    }
}
