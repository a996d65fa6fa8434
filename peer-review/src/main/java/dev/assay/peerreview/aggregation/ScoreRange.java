package dev.assay.peerreview.aggregation;

/**
 * The scale of an assessment (for example 0 to 100). Optional: models work without it, but grades and intervals
 * that fall outside the scale are clamped to it when one is given.
 */
public record ScoreRange(double min, double max) {

    public ScoreRange {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min >= max) {
            throw new IllegalArgumentException("score range needs finite min < max, got " + min + ".." + max);
        }
    }

    public double clamp(double value) {
        return Math.max(min, Math.min(max, value));
    }

    public double span() {
        return max - min;
    }
}
