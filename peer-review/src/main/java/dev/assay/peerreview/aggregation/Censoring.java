package dev.assay.peerreview.aggregation;

import java.util.Arrays;

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

    /**
     * Scores must step at least this finely (as a share of the scale) for their ends to read as censored. A scale
     * of two or three levels, such as a rubric criterion of 0, 15 and 30 points, is not a continuous score clipped
     * at its ends: most of its levels are ends, and its top level is a level like the others.
     */
    static final double MAX_STEP_SHARE = 0.4;

    /** Null when no scale is known, no score sits at its ends, or the scores come in steps too coarse for it. */
    static Censoring of(ReviewGraph g, ScoreRange range) {
        if (range == null || coarse(g.score, range)) {
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
     * Whether the scores given move in steps coarser than {@link #MAX_STEP_SHARE} of the scale. Read as censored,
     * the reviews of a three-level criterion are mostly "at least 30" or "at most 0": with two or three reviews per
     * submission the imputed values then drifted ever further out, every reviewer looked very noisy (pg3-lazy
     * judged them all lazy), and the criterion's grades collapsed to about the course mean, 0,0,0 and 30,30,30 alike.
     */
    static boolean coarse(double[] scores, ScoreRange range) {
        double[] distinct = Arrays.stream(scores).sorted().distinct().toArray();
        double step = Double.POSITIVE_INFINITY;
        for (int i = 1; i < distinct.length; i++) {
            step = Math.min(step, distinct[i] - distinct[i - 1]);
        }
        return step > MAX_STEP_SHARE * (range.max() - range.min());
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
