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

    /**
     * Clamps grades and intervals into the assessment's scale; anchored grades are left as staff gave them.
     *
     * <p>A grade estimated beyond an end of the scale (reviews piled at 0, which the censored models read as "0 or
     * less") is that end, and its interval runs from the end to the 90 % point of the estimate's normal truncated to
     * the scale: clamping the interval as well squeezed it to nothing (four reviews of 0 gave [0, 0.02] while each
     * criterion showed [0, 0.62]), claiming a certainty the reviews do not give.
     */
    public Aggregation clampedTo(ScoreRange range) {
        var clamped = new LinkedHashMap<String, SubmissionEstimate>();
        submissions.forEach((id, e) -> clamped.put(id, e.anchored() ? e : clamp(e, range)));
        return new Aggregation(model, clamped, reviewers, iterations, converged);
    }

    private static SubmissionEstimate clamp(SubmissionEstimate e, ScoreRange range) {
        double mu = 0.5 * (e.ciLow() + e.ciHigh());
        double sd = (e.ciHigh() - e.ciLow()) / (2 * Intervals.Z90);
        double score = range.clamp(e.score());
        if (sd > 0 && mu <= range.min()) {
            double high = Special.truncatedQuantileAbove(mu, sd, range.min(), range.max(), 0.9);
            return new SubmissionEstimate(e.submission(), score, range.min(), Math.max(score, high), e.reviews(), false);
        }
        if (sd > 0 && mu >= range.max()) {
            // The mirror image: the scale turned over, so that its top is the end the mass piles up at.
            double low = -Special.truncatedQuantileAbove(-mu, sd, -range.max(), -range.min(), 0.9);
            return new SubmissionEstimate(e.submission(), score, Math.min(score, low), range.max(), e.reviews(), false);
        }
        return new SubmissionEstimate(e.submission(), score, range.clamp(e.ciLow()), range.clamp(e.ciHigh()),
                e.reviews(), false);
    }
}
