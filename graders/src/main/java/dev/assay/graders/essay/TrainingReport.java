package dev.assay.graders.essay;

import java.util.List;

/**
 * Cross-validated quality of a trained model, from out-of-fold predictions of the exemplars.
 *
 * @param targets      one entry for the holistic score, or one per rubric criterion
 * @param passesChecks share of the exemplars that the validity checks let through when graded as new essays are:
 *                     about the most that any auto-grade share can reach (null in reports of models stored before
 *                     it was measured)
 */
public record TrainingReport(int exemplars, int folds, List<TargetReport> targets, Double passesChecks) {

    public TrainingReport {
        targets = List.copyOf(targets);
    }

    /**
     * Held-out agreement below which a model scores no essay by itself: one trained on scores that do not follow the
     * texts (shuffled, or one text scored every way) still has a spread of confidences, and a threshold taken from
     * them would let most essays through.
     */
    public static final double MIN_AUTO_GRADE_QWK = 0.4;

    /** Whether every target's held-out QWK reaches {@link #MIN_AUTO_GRADE_QWK}; otherwise every essay is routed. */
    public boolean autoGrades() {
        return autoGrades(targets.stream().mapToDouble(TargetReport::qwk).toArray());
    }

    /** The same rule over targets' held-out QWKs, e.g. as read back from a stored report. */
    public static boolean autoGrades(double[] qwks) {
        return qwks.length > 0 && java.util.Arrays.stream(qwks).allMatch(q -> q >= MIN_AUTO_GRADE_QWK);
    }

    /** Quadratic weighted kappa of the first (or only) target. */
    public double qwk() {
        return targets.isEmpty() ? 0 : targets.get(0).qwk();
    }

    /**
     * @param exactAgreement    share of exemplars whose out-of-fold score equals the staff score
     * @param adjacentAgreement share within one point
     * @param withinTolerance   share within the target's tolerance (see {@link ScorePrediction#tolerance()})
     * @param autoShareAccuracy at the assessment's auto-grade share, the share of auto-accepted exemplars within
     *                          tolerance (by confidence: at the threshold that auto-grades that share once the
     *                          checks are counted)
     */
    public record TargetReport(String target, int minScore, int maxScore, double qwk, double exactAgreement,
                               double adjacentAgreement, int tolerance, double withinTolerance,
                               double autoShareAccuracy) {
    }
}
