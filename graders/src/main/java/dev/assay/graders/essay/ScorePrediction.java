package dev.assay.graders.essay;

/**
 * A model's score for one target (the holistic score, or one rubric criterion).
 *
 * @param score      the score, in whole points within the target's range
 * @param continuous the regression output before rounding (in score points)
 * @param confidence estimated probability (0..1) that staff would give a score within {@code tolerance} of it,
 *                   calibrated on cross-validated predictions of the exemplars
 * @param tolerance  points of difference that still count as agreement (0 for ranges under 10 points, else
 *                   a tenth of the range)
 */
public record ScorePrediction(String target, int score, double continuous, double confidence, int tolerance) {
}
