package dev.assay.peerreview.calibration;

/** How one criterion of a calibration attempt compares with staff's score. */
public record CriterionFeedback(String criterion, double staff, double learner, double distance, boolean agrees) {
}
