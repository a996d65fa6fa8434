package dev.assay.peerreview.evaluation;

/**
 * How close a set of grades is to the truth.
 *
 * @param count          submissions compared (those with both a grade and a true score, anchored ones excluded)
 * @param rmse           root mean squared error
 * @param mae            mean absolute error
 * @param withinTolerance share of grades within {@code tolerance} points of the truth
 * @param tolerance      the tolerance used (10 points on a 0–100 scale)
 * @param coverage       share of 90% intervals that contain the truth
 * @param meanWidth      mean width of the 90% intervals
 */
public record Accuracy(int count, double rmse, double mae, double withinTolerance, double tolerance, double coverage,
                       double meanWidth) {
}
