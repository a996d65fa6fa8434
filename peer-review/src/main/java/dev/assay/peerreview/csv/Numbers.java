package dev.assay.peerreview.csv;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Number formatting for the CSV files: plain decimal notation, no exponent, no trailing zeros. */
final class Numbers {

    private Numbers() {
    }

    /** Rounded to 4 decimals (a ten-thousandth of a point is far below any grading precision). */
    static String format(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("cannot write a non-finite number: " + x);
        }
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        return strip(BigDecimal.valueOf(x).setScale(4, RoundingMode.HALF_EVEN));
    }

    /** Six significant digits, for small quantities such as reliabilities (0.0123457 per point²). */
    static String significant(double x) {
        if (x == 0 || !Double.isFinite(x)) {
            return format(x);
        }
        return strip(new BigDecimal(x).round(new MathContext(6, RoundingMode.HALF_EVEN)));
    }

    private static String strip(BigDecimal value) {
        String text = value.stripTrailingZeros().toPlainString();
        return text.equals("-0") ? "0" : text;
    }
}
