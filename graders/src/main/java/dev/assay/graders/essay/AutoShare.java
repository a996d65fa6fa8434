package dev.assay.graders.essay;

import java.util.List;

/**
 * Turns the share of essays staff want auto-graded into the share the confidence threshold must let through.
 * <p>
 * The validity checks route some essays whatever the model's confidence (a share of good essays as written fail the
 * order test by design, for one), and with a rubric an essay needs every criterion's confidence. A threshold taken
 * as the plain (1 - share) quantile of each criterion's confidences therefore auto-graded well under the share asked
 * for (51-62 % of held-out ASAP essays at 70 %). The curve here is measured on the exemplars at training time: entry
 * p is the share of exemplars that pass the checks and reach every criterion's threshold when each threshold is set
 * for a confidence share of p %. Grading inverts it. Where the checks alone route more than 1 - share, every essay
 * that passes them is auto-graded and the share is what the checks leave.
 */
final class AutoShare {

    static final int POINTS = 101;

    private AutoShare() {
    }

    /**
     * @param passesChecks per exemplar, whether the validity checks let it through as graded
     * @param confidences  per target, per exemplar, the cross-validated confidence the thresholds are quantiles of
     */
    static double[] curve(boolean[] passesChecks, double[][] confidences, List<TargetModel> targets) {
        int n = passesChecks.length;
        double[] curve = new double[POINTS];
        for (int p = 0; p < POINTS; p++) {
            double[] thresholds = new double[targets.size()];
            for (int t = 0; t < thresholds.length; t++) {
                thresholds[t] = targets.get(t).confidenceThreshold(p / 100.0);
            }
            int auto = 0;
            for (int e = 0; e < n; e++) {
                boolean accepted = passesChecks[e];
                for (int t = 0; t < thresholds.length && accepted; t++) {
                    accepted = confidences[t][e] >= thresholds[t];
                }
                auto += accepted ? 1 : 0;
            }
            curve[p] = n == 0 ? 0 : (double) auto / n;
        }
        // Ties among confidences can make a higher share's threshold pass no more exemplars; keep the curve monotone.
        for (int p = 1; p < POINTS; p++) {
            curve[p] = Math.max(curve[p], curve[p - 1]);
        }
        return curve;
    }

    /**
     * The confidence share that auto-grades about {@code wanted} of essays on {@code curve}: the smallest one whose
     * measured share reaches it, interpolated between points; without a curve (models stored before it) the share
     * itself.
     */
    static double confidenceShare(double[] curve, double wanted) {
        if (curve == null || wanted <= 0 || wanted >= 1) {
            return wanted;
        }
        if (curve[POINTS - 1] < wanted) {
            return 1;
        }
        for (int p = 1; p < POINTS; p++) {
            if (curve[p] >= wanted) {
                double below = curve[p - 1];
                double step = curve[p] - below;
                double within = step <= 0 ? 1 : (wanted - below) / step;
                return (p - 1 + Math.max(0, Math.min(1, within))) / 100.0;
            }
        }
        return 1;
    }
}
