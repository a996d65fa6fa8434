package dev.assay.peerreview.aggregation;

/**
 * Posterior variances and covariances of the true scores and biases in the bias/reliability models, given the current
 * reliabilities.
 *
 * <p>Why not the mean-field ones: a factorised fit treats a submission's score and its reviewers' biases as
 * independent, so its variance 1/(γ₀ + Σ τ) ignores that the biases are themselves estimated. Intervals built on it
 * cover the truth too rarely, and the empirical-Bayes updates that average squared estimates plus variances
 * underestimate the spread of scores and biases, which then over-shrinks the grades. Given the reliabilities, scores
 * and biases are jointly Gaussian with a sparse precision matrix shaped like the review graph; Gaussian belief
 * propagation gives its marginal variances exactly on a tree and very closely on the long-cycled random graphs that
 * peer assignment produces. It keeps two precision messages per review; the fit calls {@link #sweep} once per
 * iteration, warm-started, so the messages track the changing reliabilities at the cost of one more pass over the
 * reviews. Each message is damped by the priors, so a few sweeps converge from scratch.
 */
final class PosteriorVariance {

    private final ReviewGraph g;
    /** Precision message bias(v) → score(u), indexed by edge (submission order). */
    private final double[] toScore;
    /** Precision message score(u) → bias(v), indexed by position in reviewer order. */
    private final double[] toBias;
    /** Marginal precision of each score and each bias after the last sweep. */
    private final double[] scorePrecision;
    private final double[] biasPrecision;

    PosteriorVariance(ReviewGraph g) {
        this.g = g;
        this.toScore = new double[g.edges()];
        this.toBias = new double[g.edges()];
        this.scorePrecision = new double[g.submissions()];
        this.biasPrecision = new double[g.reviewers()];
    }

    /**
     * One round of messages, scores then biases. Each side reads its incoming messages sequentially and scatters its
     * outgoing ones into the other side's order.
     *
     * @param weight precision each review carries (the reviewer's reliability, times their chance of being diligent)
     * @param gamma0 prior precision of true scores
     * @param eta0   prior precision of biases
     * @return the largest change of a message relative to its review's weight
     */
    double sweep(double[] weight, double gamma0, double eta0) {
        double change = 0;
        int[] position = g.reviewerPosition;
        for (int u = 0; u < g.submissions(); u++) {
            int from = g.submissionStart[u];
            int to = g.submissionStart[u + 1];
            if (g.anchored(u)) {
                // A staff-scored submission is known exactly: it passes no uncertainty on to its reviewers.
                for (int e = from; e < to; e++) {
                    toBias[position[e]] = 0;
                }
                scorePrecision[u] = Double.POSITIVE_INFINITY;
                continue;
            }
            // Messages from the last sweep were computed with last iteration's weights. A weight that fell since
            // (a reviewer now judged lazy, or less reliable) would leave a message larger than the coupling it stands
            // for, w + message < 0, and a submission's precision could turn negative, which then fed negative
            // variances and leverages above 1 into the fit until it ran into NaN. A message for coupling w lies in
            // (−w, 0], so stale ones are clamped there first.
            double total = gamma0;
            for (int e = from; e < to; e++) {
                double t = weight[g.edgeReviewer[e]];
                toScore[e] = Math.max(toScore[e], -t);
                total += t + toScore[e];
            }
            for (int e = from; e < to; e++) {
                double t = weight[g.edgeReviewer[e]];
                double next = t > 0 ? -t * t / (total - toScore[e]) : 0;
                int i = position[e];
                change = Math.max(change, t > 0 ? Math.abs(next - toBias[i]) / t : 0);
                toBias[i] = next;
            }
        }
        for (int v = 0; v < g.reviewers(); v++) {
            int from = g.reviewerStart[v];
            int to = g.reviewerStart[v + 1];
            double t = weight[v];
            double total = eta0;
            for (int i = from; i < to; i++) {
                total += t + toBias[i];
            }
            biasPrecision[v] = total;
            for (int i = from; i < to; i++) {
                int e = g.byReviewer[i];
                double next = t > 0 ? -t * t / (total - toBias[i]) : 0;
                change = Math.max(change, t > 0 ? Math.abs(next - toScore[e]) / t : 0);
                toScore[e] = next;
            }
        }
        // Score precisions with the bias messages just sent, so both sides describe the same round.
        for (int u = 0; u < g.submissions(); u++) {
            if (g.anchored(u)) {
                continue;
            }
            double total = gamma0;
            for (int e = g.submissionStart[u]; e < g.submissionStart[u + 1]; e++) {
                total += weight[g.edgeReviewer[e]] + toScore[e];
            }
            scorePrecision[u] = total;
        }
        return change;
    }

    /** Repeats {@link #sweep} until the messages settle (or {@code maxSweeps}). */
    void converge(double[] weight, double gamma0, double eta0, int maxSweeps) {
        for (int i = 0; i < maxSweeps; i++) {
            if (sweep(weight, gamma0, eta0) < 1e-5) {
                return;
            }
        }
    }

    /** Posterior variance of submission u's true score (0 when staff scored it). */
    double scoreVariance(int u) {
        return 1 / scorePrecision[u];
    }

    double biasVariance(int v) {
        return 1 / biasPrecision[v];
    }

    /**
     * Leverage of the review at reviewer-order position i (by reviewer v, weight w): w·Var(s_u + b_v), the share of
     * the review's own score that the fitted s + b has absorbed. Var(s + b) = Var(s) + Var(b) + 2·Cov(s, b) comes from
     * the pair's joint precision [[A, w], [w, B]], A and B being each side's precision without the other's message;
     * A is recovered from the message score → bias, which is −w²/A, so this reads nothing out of reviewer order.
     */
    double leverage(int i, int v, double w) {
        if (w == 0) {
            return 0;
        }
        double message = toBias[i];
        double h;
        if (message == 0) {
            // Staff-scored submission: its score is known, only the bias is uncertain.
            h = w / biasPrecision[v];
        } else {
            double a = -w * w / message;
            double b = biasPrecision[v] - message;
            h = w * (a + b - 2 * w) / (a * b - w * w);
        }
        // A share: outside [0, 1] (from precisions one sweep behind the weights) it would count a residual as more
        // than one observation or fewer than none, and a negative count can make the reliability's shape fall below 1.
        return Double.isNaN(h) ? 1 : Math.max(0, Math.min(1, h));
    }
}
