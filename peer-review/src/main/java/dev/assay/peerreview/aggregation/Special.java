package dev.assay.peerreview.aggregation;

/** The normal-tail functions needed to impute censored scores. */
final class Special {

    private Special() {
    }

    /**
     * erfc(x), complementary error function, by the Chebyshev fit in Numerical Recipes (fractional error below
     * 1.2·10⁻⁷ everywhere), which is plenty for imputing censored scores.
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }

    /**
     * The inverse Mills ratio φ(a) / (1 − Φ(a)) = E[X | X > a] for X ~ N(0, 1): how far above a threshold a normal
     * value lands on average, given that it does. A plain ratio where that is accurate, and the asymptotic expansion
     * far in the tail, where both parts underflow.
     */
    static double inverseMills(double a) {
        if (a > 25) {
            double a2 = a * a;
            return a + 1 / a - 2 / (a * a2);
        }
        double pdf = Math.exp(-0.5 * a * a) / Math.sqrt(2 * Math.PI);
        double tail = 0.5 * erfc(a / Math.sqrt(2));
        return pdf / tail;
    }
}
