package dev.assay.graders.quiz;

/** Arithmetic conventions for fractions and points. */
final class Scores {

    /**
     * Fractions this close to 0 or 1 count as exactly 0 or 1, so that floating-point sums of fractions
     * (0.1 + 0.2 + 0.7) or authors' rounded thirds do not deny full credit or leave a 1e-17 residue.
     */
    static final double EPSILON = 1e-6;

    private static final double SCALE = 1e6;

    /** Fixed-point unit for summing fractions: 2^-40, about 1e-12, far below the 1e-6 that is reported. */
    private static final double FRACTION_UNIT = 0x1p40;

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

    /**
     * Points as a whole number of millionths. Totals are summed in these units so that they are exact and
     * independent of question order: a learner's shuffled variant must total exactly what the original does.
     */
    static long micros(double points) {
        return Math.round(points * SCALE);
    }

    static double fromMicros(long micros) {
        return micros / SCALE;
    }

    /**
     * A fraction in fixed point, for the same reason as {@link #micros}: summing choice fractions in floating
     * point would depend (in the last bit) on the order of the choices, which differs between variants.
     */
    static long fixedFraction(double fraction) {
        return Math.round(fraction * FRACTION_UNIT);
    }

    static double fromFixedFraction(long fixed) {
        return fixed / FRACTION_UNIT;
    }

    /**
     * The points earned for a clamped fraction: exactly {@code points} for full credit; less than full credit never
     * rounds up to it (half of a question worth a millionth would otherwise earn the whole millionth).
     */
    static double points(double fraction, double points) {
        if (fraction >= 1.0) {
            return points;
        }
        double earned = round(fraction * points);
        return earned < points ? earned : Math.max(0.0, fromMicros(micros(points) - 1));
    }
}
