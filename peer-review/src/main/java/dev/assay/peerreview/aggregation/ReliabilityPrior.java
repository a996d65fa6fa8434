package dev.assay.peerreview.aggregation;

import java.util.Arrays;

/**
 * The Gamma prior on reviewer reliabilities, τ_v ~ Gamma(shape α₀, mean m_v).
 *
 * <p>The mean is fitted by empirical Bayes. PG1: one mean m for everybody. PG3 variant ({@code ownSubmission}
 * given): log m_v = θ₀ + θ₁·x_v, where x_v is the reviewer's own current grade, standardised, so that learners who did
 * well inherit a higher prior reliability. Reviewers whose own submission is unknown get x = 0, the course average.
 *
 * <p>The shape α₀ is fixed (see {@link FitSettings#reliabilityShape()}): with four to six reviews per reviewer, the
 * empirical-Bayes estimate of how much reviewers' reliabilities differ is so weakly determined that it drifts
 * towards "all equally reliable" (α₀ → ∞) over hundreds of iterations, which slows the fit and narrows the
 * intervals, while grades barely depend on α₀ anywhere between 2 and 10.
 */
final class ReliabilityPrior {

    private final int[] ownSubmission;
    private final double shape;
    private final double[] mean;
    private double theta0;
    private double theta1;

    /** @param ownSubmission index of each reviewer's own submission, -1 if unknown; null for PG1 */
    ReliabilityPrior(int reviewers, int[] ownSubmission, double shape, double initialMean) {
        this.ownSubmission = ownSubmission;
        this.shape = shape;
        this.mean = new double[reviewers];
        Arrays.fill(mean, initialMean);
        this.theta0 = Math.log(initialMean);
    }

    double shape() {
        return shape;
    }

    double mean(int v) {
        return mean[v];
    }

    /** Link slope θ₁ (per SD of own grade, on the log scale); 0 for PG1. */
    double slope() {
        return theta1;
    }

    /**
     * M-step given the posterior means E[τ_v] and the current grades.
     *
     * @param weight how much each reviewer counts (their chance of being diligent: a lazy reviewer's τ says nothing
     *               about diligent reviewers' reliability)
     */
    void update(double[] tau, double[] weight, double[] grade, double gradeMean, double gradeSd) {
        if (ownSubmission == null) {
            double sum = 0;
            double total = 0;
            for (int v = 0; v < tau.length; v++) {
                sum += weight[v] * tau[v];
                total += weight[v];
            }
            if (total > 0 && sum > 0) {
                Arrays.fill(mean, sum / total);
            }
        } else {
            fitLink(tau, weight, grade, gradeMean, gradeSd);
        }
    }

    /**
     * One Newton step of the Gamma regression with log link, maximising Σ w_v (−η_v − E[τ_v]·e^(−η_v)) over
     * η_v = θ₀ + θ₁·x_v. The objective is concave; one step per fit iteration suffices because iterations repeat
     * until nothing moves, and steps are capped so an early, far-off iteration cannot overshoot.
     */
    private void fitLink(double[] tau, double[] weight, double[] grade, double gradeMean, double gradeSd) {
        double g0 = 0, g1 = 0, h00 = 0, h01 = 0, h11 = 0;
        double[] x = new double[tau.length];
        for (int v = 0; v < tau.length; v++) {
            int own = ownSubmission[v];
            x[v] = own < 0 || gradeSd <= 0 ? 0 : (grade[own] - gradeMean) / gradeSd;
            double ratio = tau[v] * Math.exp(-(theta0 + theta1 * x[v]));
            double w = weight[v];
            g0 += w * (ratio - 1);
            g1 += w * (ratio - 1) * x[v];
            h00 += w * ratio;
            h01 += w * ratio * x[v];
            h11 += w * ratio * x[v] * x[v];
        }
        double det = h00 * h11 - h01 * h01;
        if (h00 > 0 && det > 1e-9 * h00 * h11) {
            theta0 += cap((h11 * g0 - h01 * g1) / det);
            theta1 += cap((h00 * g1 - h01 * g0) / det);
        } else if (h00 > 0) {
            theta0 += cap(g0 / h00);
        }
        for (int v = 0; v < tau.length; v++) {
            mean[v] = Math.exp(theta0 + theta1 * x[v]);
        }
    }

    private static double cap(double step) {
        return Math.max(-1, Math.min(1, step));
    }
}
