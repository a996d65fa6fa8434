package dev.assay.graders.quiz;

/** Arithmetic conventions for fractions and points. */
final class Scores {

    /**
     * Fractions this close to 0 or 1 count as exactly 0 or 1, so that floating-point sums of fractions
     * (0.1 + 0.2 + 0.7) or authors' rounded thirds do not deny full credit or leave a 1e-17 residue.
     */
    static final double EPSILON = 1e-6;

    private static final double SCALE = 1e6;

    private Scores() {
    }

    /** Clamps a raw fraction to [0, 1], snapping values within {@link #EPSILON} of either end. */
    static double clampFraction(double raw) {
        if (!(raw > EPSILON)) { // also catches NaN
            return 0.0;
        }
        return raw >= 1.0 - EPSILON ? 1.0 : raw;
    }

    /** Rounds to 6 decimals so that learners see 0.3, not 0.30000000000000004. */
    static double round(double value) {
        return Math.round(value * SCALE) / SCALE;
    }

    /** The points earned for a clamped fraction: exactly {@code points} for full credit, never above it. */
    static double points(double fraction, double points) {
        if (fraction >= 1.0) {
            return points;
        }
        return Math.min(points, round(fraction * points));
    }
}
