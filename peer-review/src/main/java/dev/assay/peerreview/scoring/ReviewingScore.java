package dev.assay.peerreview.scoring;

/**
 * A learner's reviewing score (0–100): credit for giving the reviews the course asks for, weighted by how close they
 * came to the grades the submissions finally got. Completing every required review earns at least 50; accuracy
 * earns the rest, fully for reviews that match the final grades and nothing for reviews a quarter of the scale off
 * or more. Reviews of submissions whose grade is not final yet count toward completion only, so while nothing is
 * judged the accuracy half is not earned: accuracy is unknown (NaN), not perfect, and credit for it waits for the
 * final grades.
 *
 * @param completed        peer reviews the learner completed
 * @param required         reviews the learner was asked to give (at least 1)
 * @param judged           completed reviews whose submission has a final grade to compare with
 * @param meanAbsoluteError mean |review total − final grade| over the judged reviews, or NaN when none is judged
 * @param accuracy         1 − min(1, error / (a quarter of the scale)); NaN when nothing is judged yet
 * @param score            100 × min(1, completed / required) × (0.5 + 0.5 × accuracy), with accuracy taken as 0
 *                         while it is NaN
 */
public record ReviewingScore(int completed, int required, int judged, double meanAbsoluteError, double accuracy,
                             double score) {

    /**
     * @param scaleWidth width of the rubric's total scale (max − min), positive
     * @param errors     |review total − final grade| of each judged review
     */
    public static ReviewingScore of(int completed, int required, double scaleWidth, double[] errors) {
        if (completed < 0 || required < 1 || !(scaleWidth > 0)) {
            throw new IllegalArgumentException("completed >= 0, required >= 1 and a positive scale are required");
        }
        double mae = Double.NaN;
        double accuracy = Double.NaN;
        if (errors.length > 0) {
            double sum = 0;
            for (double e : errors) {
                sum += Math.abs(e);
            }
            mae = sum / errors.length;
            accuracy = 1 - Math.min(1, mae / (scaleWidth / 4));
        }
        double completion = Math.min(1.0, (double) completed / required);
        // No credit for accuracy nobody could judge: otherwise reviews of work still pending would score as perfect.
        double credit = Double.isNaN(accuracy) ? 0 : accuracy;
        return new ReviewingScore(completed, required, errors.length, mae, accuracy,
                100 * completion * (0.5 + 0.5 * credit));
    }
}
