package dev.assay.peerreview.aggregation;

import java.util.Arrays;

/**
 * Shared machinery of the two classical rules (median, mean): each submission's grade is a statistic of its own
 * reviews only, and its interval comes from the pooled disagreement between reviewers.
 *
 * <p>Why pooled: with a handful of reviews per submission, that submission's own spread is a very noisy estimate (and
 * zero when the reviews agree by chance), whereas every submission's reviews come from the same population of
 * reviewers, so one variance estimated over the whole course describes them all.
 */
final class ConsensusSupport {

    /** Which statistic of a submission's reviews is its grade. */
    enum Statistic {
        MEAN, MEDIAN
    }

    /**
     * Variance of the median of n normal draws relative to that of their mean (σ²/n), for n = 1..12, measured by
     * simulation (2·10⁶ draws each). Even counts average the two middle values, hence the zig-zag.
     */
    private static final double[] MEDIAN_EFFICIENCY =
            {1, 1, 1.347, 1.193, 1.434, 1.287, 1.474, 1.346, 1.494, 1.384, 1.508, 1.410};

    private ConsensusSupport() {
    }

    static Aggregation aggregate(String model, ReviewGraph g, Statistic statistic) {
        int ns = g.submissions();
        double within = g.pooledWithinVariance();
        double[] estimate = new double[ns];
        double[] sd = new double[ns];
        double[] buffer = new double[16];
        for (int u = 0; u < ns; u++) {
            int n = g.reviewsOf(u);
            if (buffer.length < n) {
                buffer = new double[n * 2];
            }
            for (int i = 0; i < n; i++) {
                buffer[i] = g.score[g.bySubmission[g.submissionStart[u] + i]];
            }
            estimate[u] = switch (statistic) {
                case MEAN -> mean(buffer, n);
                case MEDIAN -> median(buffer, n);
            };
            double factor = statistic == Statistic.MEDIAN ? medianEfficiency(n) : 1;
            sd[u] = Math.sqrt(factor * within / n);
        }
        return residualReviewerStats(model, g, estimate, sd, within);
    }

    /**
     * Reviewer bias and reliability read off the residuals against the consensus (or the staff score where there is
     * one). These rules do not use them for grading; they are reported so staff can spot outlying reviewers. The
     * variance is shrunk towards the pooled one with two pseudo-reviews so a reviewer with one review does not get an
     * infinite reliability.
     */
    static Aggregation residualReviewerStats(String model, ReviewGraph g, double[] estimate, double[] sd,
                                             double pooled) {
        int nr = g.reviewers();
        double[] bias = new double[nr];
        double[] reliability = new double[nr];
        for (int v = 0; v < nr; v++) {
            int n = g.reviewsBy(v);
            double sum = 0;
            double sumSq = 0;
            for (int i = g.reviewerStart[v]; i < g.reviewerStart[v + 1]; i++) {
                int e = g.byReviewer[i];
                int u = g.edgeSubmission[e];
                double r = g.score[e] - (g.anchored(u) ? g.anchor[u] : estimate[u]);
                sum += r;
                sumSq += r * r;
            }
            bias[v] = sum / n;
            double spread = Math.max(0, sumSq - n * bias[v] * bias[v]);
            double pseudo = 2;
            reliability[v] = (pseudo + n - 1) / (pseudo * pooled + spread);
        }
        return g.toAggregation(model, estimate, sd, bias, reliability, 0, true);
    }

    static double medianEfficiency(int n) {
        return n <= MEDIAN_EFFICIENCY.length ? MEDIAN_EFFICIENCY[n - 1] : 1.5;
    }

    private static double mean(double[] x, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[i];
        }
        return s / n;
    }

    private static double median(double[] x, int n) {
        Arrays.sort(x, 0, n);
        return (n & 1) == 1 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2;
    }
}
