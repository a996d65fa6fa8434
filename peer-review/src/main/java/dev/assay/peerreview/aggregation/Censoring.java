package dev.assay.peerreview.aggregation;

/**
 * Scores at the ends of the scale are censored: a reviewer who would have given 108 on a 0–100 scale can only give
 * 100. Read as exact values they compress the top of the scale, and a bias/reliability fit then underestimates the
 * spread of true scores and biases and over-shrinks the best submissions. Treating such a score as "at least 100"
 * (Tobit-style, as Zarkoob et al. 2023 also do) fixes that: each iteration replaces it with the expected
 * uncensored score under the current fit, E[z* | z* ≥ 100] for z* ~ N(s + b, 1/τ), and adds the variance of z*
 * given that it is censored to the reliability update.
 */
final class Censoring {

    private final ReviewGraph g;
    private final ScoreRange range;
    /** Censored reviews (edge ids) and their side: +1 at the top of the scale, -1 at the bottom. */
    private final int[] edges;
    private final byte[] side;
    /** Variance of each review's uncensored score given the fit, in reviewer order (0 if not censored). */
    private final double[] variance;

    private Censoring(ReviewGraph g, ScoreRange range, int[] edges, byte[] side) {
        this.g = g;
        this.range = range;
        this.edges = edges;
        this.side = side;
        this.variance = new double[g.edges()];
    }

    /** Null when no scale is known or no score sits at its ends. */
    static Censoring of(ReviewGraph g, ScoreRange range) {
        if (range == null) {
            return null;
        }
        int count = 0;
        for (double z : g.score) {
            if (z >= range.max() || z <= range.min()) {
                count++;
            }
        }
        if (count == 0) {
            return null;
        }
        int[] edges = new int[count];
        byte[] side = new byte[count];
        int k = 0;
        for (int e = 0; e < g.edges(); e++) {
            double z = g.score[e];
            if (z >= range.max() || z <= range.min()) {
                edges[k] = e;
                side[k++] = (byte) (z >= range.max() ? 1 : -1);
            }
        }
        return new Censoring(g, range, edges, side);
    }

    /**
     * Rewrites the censored reviews' values (in submission order and in reviewer order) from the current grades,
     * biases and reliabilities.
     */
    void impute(double[] grade, double[] bias, double[] tau, double[] value, double[] valueByReviewer) {
        for (int k = 0; k < edges.length; k++) {
            int e = edges[k];
            int v = g.edgeReviewer[e];
            double mean = grade[g.edgeSubmission[e]] + bias[v];
            double sd = 1 / Math.sqrt(tau[v]);
            double a = side[k] > 0 ? (range.max() - mean) / sd : (mean - range.min()) / sd;
            double mills = Special.inverseMills(a);
            int i = g.reviewerPosition[e];
            value[e] = mean + side[k] * sd * mills;
            valueByReviewer[i] = value[e];
            variance[i] = sd * sd * Math.max(0, 1 + a * mills - mills * mills);
        }
    }

    /** Variance of the uncensored score of the review at reviewer-order position i. */
    double variance(int i) {
        return variance[i];
    }
}
