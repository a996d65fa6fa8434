package dev.assay.peerreview.aggregation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of aggregating one set of reviews (one criterion, or rubric totals).
 *
 * <p>Both maps iterate in the order in which submissions and reviewers first appear in the input, so output files are
 * stable for a given input.
 *
 * @param model       name of the model that produced it
 * @param submissions estimate per submission id
 * @param reviewers   estimate per reviewer id
 * @param iterations  iterations the fit used (0 for the closed-form models)
 * @param converged   false when an iterative fit stopped at its iteration limit
 */
public record Aggregation(String model, Map<String, SubmissionEstimate> submissions,
                          Map<String, ReviewerEstimate> reviewers, int iterations, boolean converged) {

    /** Nominal coverage of every interval in an aggregation. */
    public static final double INTERVAL_LEVEL = 0.90;

    public Aggregation {
        submissions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(submissions));
        reviewers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reviewers));
    }

    public static Aggregation empty(String model) {
        return new Aggregation(model, Map.of(), Map.of(), 0, true);
    }

    /** The grades as plain numbers, handy for evaluation and for callers that do not need intervals. */
    public Map<String, Double> scores() {
        var out = new LinkedHashMap<String, Double>();
        submissions.forEach((id, e) -> out.put(id, e.score()));
        return out;
    }

    /** Clamps grades and intervals into the assessment's scale; anchored grades are left as staff gave them. */
    public Aggregation clampedTo(ScoreRange range) {
        var clamped = new LinkedHashMap<String, SubmissionEstimate>();
        submissions.forEach((id, e) -> clamped.put(id, e.anchored() ? e : new SubmissionEstimate(id,
                range.clamp(e.score()), range.clamp(e.ciLow()), range.clamp(e.ciHigh()), e.reviews(), false)));
        return new Aggregation(model, clamped, reviewers, iterations, converged);
    }
}
