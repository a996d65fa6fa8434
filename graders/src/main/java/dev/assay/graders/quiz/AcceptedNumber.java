package dev.assay.graders.quiz;

/**
 * One accepted answer of a numeric question (or a numeric gap): either a {@code value} with an optional
 * absolute {@code tolerance} or {@code relativeTolerance}, or an interval given by {@code min} and/or
 * {@code max} (a missing end is unbounded; ends are inclusive unless said otherwise).
 *
 * @param fraction share of the points earned by a matching response, in [-1, 1]; 1 when absent
 */
public record AcceptedNumber(Double value, Double tolerance, Double relativeTolerance,
                             Double min, Double max, Boolean minInclusive, Boolean maxInclusive,
                             Double fraction, String feedback) {

    /**
     * Tolerances are widened by this share of the magnitude so that decimal literals that are not exact in
     * binary (3.14 ± 0.01 accepting 3.13) match as an author expects; far below any meaningful precision.
     */
    private static final double SLACK = 1e-12;

    public AcceptedNumber {
        minInclusive = minInclusive == null || minInclusive;
        maxInclusive = maxInclusive == null || maxInclusive;
        fraction = fraction == null ? 1.0 : fraction;
    }

    public static AcceptedNumber exact(double value, double tolerance, double fraction, String feedback) {
        return new AcceptedNumber(value, tolerance, null, null, null, null, null, fraction, feedback);
    }

    public static AcceptedNumber relative(double value, double relativeTolerance, double fraction, String feedback) {
        return new AcceptedNumber(value, null, relativeTolerance, null, null, null, null, fraction, feedback);
    }

    public static AcceptedNumber interval(Double min, boolean minInclusive, Double max, boolean maxInclusive,
                                          double fraction, String feedback) {
        return new AcceptedNumber(null, null, null, min, max, minInclusive, maxInclusive, fraction, feedback);
    }

    /** Whether {@code x} is accepted by this answer. */
    public boolean matches(double x) {
        if (value != null) {
            double target = value;
            double allowed = tolerance != null ? tolerance
                    : relativeTolerance != null ? relativeTolerance * Math.abs(target) : 0.0;
            return Math.abs(x - target) <= allowed + SLACK * Math.max(1.0, Math.abs(target));
        }
        if (min != null && (minInclusive ? x < min : x <= min)) {
            return false;
        }
        return max == null || (maxInclusive ? x <= max : x < max);
    }
}
