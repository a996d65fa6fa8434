package dev.assay.graders.quiz;

/**
 * Reads a learner-typed number. {@link Double#parseDouble} alone would also accept "NaN", "Infinity",
 * "0x1p3" and "1d", none of which a learner means as a number.
 */
final class StrictNumber {

    private StrictNumber() {
    }

    /** The value of a plain decimal like {@code -12}, {@code 3.5}, {@code .5} or {@code 6.02e23}, or NaN. */
    static double parse(String s) {
        return isDecimal(s) ? Double.parseDouble(s) : Double.NaN;
    }

    private static boolean isDecimal(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponentDigits = 0;
            while (i < n && isDigit(s.charAt(i))) {
                i++;
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
