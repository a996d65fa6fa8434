package dev.assay.peerreview.calibration;

import java.util.List;

/**
 * A scored calibration attempt on one example.
 *
 * @param passed       every criterion within tolerance
 * @param meanDistance mean absolute distance per criterion, in points
 * @param totalError   learner's total minus staff's total (signed: positive means generous)
 */
public record CalibrationAttempt(String example, List<CriterionFeedback> criteria, boolean passed, double meanDistance,
                                 double totalError) {

    public CalibrationAttempt {
        criteria = List.copyOf(criteria);
    }
}
