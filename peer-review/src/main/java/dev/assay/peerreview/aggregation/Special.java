package dev.assay.peerreview.aggregation;

/** The normal-tail functions needed to impute censored scores and to bound grades at the ends of a scale. */
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

    /** 1 − Φ(x), the upper tail of the standard normal. */
    static double upperTail(double x) {
        return 0.5 * erfc(x / Math.sqrt(2));
    }

    /**
     * The {@code p} quantile of N(mu, sd²) truncated to [lo, hi], for a normal centred below lo (or at it): its mass
     * then piles up at lo, and the quantile is found on the upper tail, where it keeps its precision. Far below lo,
     * where the tails underflow, the truncated normal is an exponential of rate (lo − mu) / sd².
     */
    static double truncatedQuantileAbove(double mu, double sd, double lo, double hi, double p) {
        double a = (lo - mu) / sd;
        double b = (hi - mu) / sd;
        if (a > 30) {
            return Math.min(hi, lo - sd * Math.log(1 - p) / a);
        }
        double top = upperTail(a);
        double target = top - p * (top - upperTail(b));
        double x = a;
        double y = Math.min(b, a + 40);
        for (int i = 0; i < 100; i++) {
            double mid = 0.5 * (x + y);
            if (upperTail(mid) > target) {
                x = mid;
            } else {
                y = mid;
            }
        }
        return Math.min(hi, mu + sd * 0.5 * (x + y));
    }
}
