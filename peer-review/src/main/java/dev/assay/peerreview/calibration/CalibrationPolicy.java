package dev.assay.peerreview.calibration;

/**
 * The gate before peer review.
 *
 * @param tolerance   largest distance in points between the learner's and staff's score on any criterion that
 *                    still counts as agreeing
 * @param maxAttempts attempts a learner gets; after that many failures they may review anyway (see
 *                    {@link CalibrationGate}), with their calibration error weighing on their reliability
 */
public record CalibrationPolicy(double tolerance, int maxAttempts) {

    public CalibrationPolicy {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be a finite number of points, 0 or more");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }
}
