package dev.assay.engine.outcomes;

/**
 * The one precision course grades are reported and decided at: 9 decimals of the 0–100 scale. Totals are weighted
 * means of fractions, so floating point leaves noise such as 44.99999999999999 for a total that is 45; that noise
 * must neither reach certification payloads nor decide a pass. Rounding here and comparing the rounded numbers
 * means a pass or fail always agrees with the numbers shown: a reported 45 passes a pass mark of 45, a reported
 * 44.999999999 does not. 1e-9 is far above the noise (about 1e-14 at 100) and far below any real difference in
 * scores, which are kept to millionths of a point.
 */
final class GradePrecision {

    private static final double SCALE = 1e9;

    private GradePrecision() {
    }

    /** {@code value} to 9 decimals: the double nearest to a whole number of billionths. */
    static double round(double value) {
        return Math.round(value * SCALE) / SCALE;
    }

    /** Whether {@code value} reaches {@code mark} once both are rounded: the comparison the reported numbers show. */
    static boolean reaches(double value, double mark) {
        return Math.round(value * SCALE) >= Math.round(mark * SCALE);
    }
}
