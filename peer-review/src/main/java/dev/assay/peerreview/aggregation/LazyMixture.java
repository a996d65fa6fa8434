package dev.assay.peerreview.aggregation;

import java.util.Arrays;

/**
 * Detects reviewers who score without reading, after Zarkoob et al. (2023), "Better Peer Grading through Bayesian
 * Inference" (AAAI): a lazy reviewer's scores ignore the submission and scatter around a personal centre,
 * z_uv ~ N(c_v, 1/λ); a diligent one follows PG1, z_uv ~ N(s_u + b_v, 1/τ_v). Each reviewer is lazy with prior
 * probability ρ. The centre is the course mean plus the reviewer's bias, c_v ~ N(μ₀, 1/η₀): lazy reviewers are as
 * lenient or harsh as anyone else. Tying the centres to the existing priors leaves only ρ and λ to learn, so the
 * lazy class cannot drift into describing something else (such as the few reviewers who give full marks to all). (Zarkoob et al. let effort vary per review; here it is per reviewer,
 * which is how the behaviour shows up in MOOC data and is much better identified with five reviews each.)
 *
 * <p>The probability that a reviewer is lazy compares how well each hypothesis explains all of that reviewer's
 * scores, with the reviewer's own centre or bias integrated out rather than fitted, so that neither hypothesis can
 * win merely by fitting a reviewer's few scores exactly. The diligent side compares each score with the grade its
 * submission would get <em>without</em> that score, so a lazy reviewer cannot confirm themselves. Lazy reviews then
 * carry weight (1 − P(lazy))·τ_v in the grades, which is close to zero for a confidently lazy reviewer.
 */
final class LazyMixture {

    /** Bounds on ρ: above 1/2 the "lazy" label could swap meaning with "diligent". */
    private static final double MIN_PRIOR = 1e-4;
    private static final double MAX_PRIOR = 0.5;
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    /**
     * Reviews with something to compare them with that a reviewer needs before they can be judged lazy, and how many
     * reviewers must have that many for the course's lazy share and scatter to be learnt at all. Below either the
     * model is PG3: on a 0-6 rubric with three reviews each, reviewers flagged lazy were mostly honest (a precision
     * near 30 %, see {@code SmallCohortLaziness}).
     */
    static final int MIN_EVIDENCE = 4;
    static final int MIN_JUDGED_REVIEWERS = 20;

    private final ReviewGraph g;
    private final double[] probability;
    private double prior = 0.05;
    private double precision;
    /**
     * Lazy scores may not scatter less than a tenth of the typical disagreement between peers (in SD). Without a
     * floor, a reviewer who gave the same score five times has an infinitely likely "lazy" explanation and drags λ to
     * infinity; with it, such a reviewer is still very likely lazy, which is the right reading.
     */
    private final double minVariance;
    /** Whether enough reviewers have evidence for the lazy share to be learnt ({@link #MIN_JUDGED_REVIEWERS}). */
    private final boolean judging;
    /** Scratch space of the E-step: each grade's precision-weighted sum and total precision. */
    private final double[] numerator;
    private final double[] denominator;

    LazyMixture(ReviewGraph g, double within) {
        this.minVariance = Math.max(0.01 * within, g.varianceFloor());
        this.g = g;
        this.probability = new double[g.reviewers()];
        this.numerator = new double[g.submissions()];
        this.denominator = new double[g.submissions()];
        Arrays.fill(probability, prior);
        // Start by assuming lazy scores scatter half as much as peers disagree; the M-step then learns it.
        this.precision = 4 / within;
        // The review graph does not change during the fit: whether the course can be judged is settled once.
        this.judging = judgeable() >= MIN_JUDGED_REVIEWERS;
    }

    double probability(int v) {
        return probability[v];
    }

    double[] probabilities() {
        return probability;
    }

    /**
     * E-step for every reviewer.
     *
     * @param value  each review's value in the fit, in reviewer order: its score, or for a censored one the
     *               uncensored value the fit imputed
     * @param bias   reviewers' biases
     * @param tau    reviewers' reliabilities
     * @param mu0    course mean (prior mean of the grades, and centre of the lazy centres)
     * @param gamma0 prior precision of the grades
     * @param eta0   precision of the bias prior (and of the lazy centres)
     */
    void updateProbabilities(double[] value, double[] bias, double[] tau, double mu0, double gamma0, double eta0) {
        if (!judging) {
            Arrays.fill(probability, 0);
            return;
        }
        // Each submission's grade as a precision-weighted average, from exactly the numbers compared below. (Reading
        // the fit's grades instead mixed weights and values from different steps of an iteration; removing a review
        // whose weight had changed since then from a grade that rested on it alone left a "grade without it" off by
        // 10¹², and its diligent author was judged lazy.)
        double[] w = new double[g.reviewers()];
        for (int v = 0; v < w.length; v++) {
            w[v] = (1 - probability[v]) * tau[v];
        }
        Arrays.fill(numerator, gamma0 * mu0);
        Arrays.fill(denominator, gamma0);
        for (int v = 0; v < g.reviewers(); v++) {
            for (int i = g.reviewerStart[v]; i < g.reviewerStart[v + 1]; i++) {
                int u = g.submissionByReviewer[i];
                numerator[u] += w[v] * (value[i] - bias[v]);
                denominator[u] += w[v];
            }
        }
        double logPriorOdds = Math.log(prior / (1 - prior));
        int maxReviews = 0;
        for (int v = 0; v < g.reviewers(); v++) {
            maxReviews = Math.max(maxReviews, g.reviewsBy(v));
        }
        double[] residual = new double[maxReviews];
        double[] variance = new double[maxReviews];
        for (int v = 0; v < g.reviewers(); v++) {
            // The diligent noise may not be judged finer than the lazy scatter's floor: reviewers who agree exactly
            // drive τ towards the fit's variance floor, and against a noise that small any residual left by
            // rounding or censoring would read as proof of laziness.
            double noise = Math.max(1 / tau[v], minVariance);
            // Only reviews something else speaks to are evidence: a staff score, or another peer's review of the same
            // work. A review alone on its submission can only be compared with the course mean, where an honest
            // reviewer of middling work looks exactly like a lazy one (with one review per submission, pg3-lazy
            // flagged 30-60 % of honest reviewers).
            int n = 0;
            double sum = 0;
            double squares = 0;
            for (int at = g.reviewerStart[v]; at < g.reviewerStart[v + 1]; at++) {
                double z = value[at];
                double anchor = g.anchorByReviewer[at];
                int u = g.submissionByReviewer[at];
                if (!Double.isNaN(anchor)) {
                    residual[n] = z - anchor;
                    variance[n] = noise;
                } else if (g.reviewsOf(u) > 1) {
                    // Grade of u without this review: its term removed from the precision-weighted average, so a
                    // lazy reviewer cannot confirm themselves. The prior keeps the rest at least γ₀.
                    double without = Math.max(denominator[u] - w[v], gamma0);
                    double loo = (numerator[u] - w[v] * (z - bias[v])) / without;
                    residual[n] = z - loo;
                    variance[n] = noise + 1 / without;
                } else {
                    continue;
                }
                double r = g.scoreByReviewer[at] - mu0;
                sum += r;
                squares += r * r;
                n++;
            }
            if (n < MIN_EVIDENCE) {
                // Too little to tell: the course's share of lazy reviewers, which never reaches the flagging threshold.
                probability[v] = prior;
                continue;
            }
            double diligent = logDensity(residual, variance, n, 1 / eta0);
            double lazy = logDensity(sum, squares, n, 1 / precision, 1 / eta0);
            double logOdds = logPriorOdds + lazy - diligent;
            probability[v] = logOdds > 0 ? 1 / (1 + Math.exp(-logOdds)) : Math.exp(logOdds) / (1 + Math.exp(logOdds));
        }
    }

    /** Reviewers with at least {@link #MIN_EVIDENCE} reviews that something else speaks to (see below). */
    private int judgeable() {
        int out = 0;
        for (int v = 0; v < g.reviewers(); v++) {
            int n = 0;
            for (int at = g.reviewerStart[v]; at < g.reviewerStart[v + 1] && n < MIN_EVIDENCE; at++) {
                if (!Double.isNaN(g.anchorByReviewer[at]) || g.reviewsOf(g.submissionByReviewer[at]) > 1) {
                    n++;
                }
            }
            out += n >= MIN_EVIDENCE ? 1 : 0;
        }
        return out;
    }

    /**
     * M-step: ρ and λ from the reviewers weighted by their probability of being lazy. When the course has (almost)
     * no lazy reviewers λ is estimated from very little; it is then kept as it is, which matters little because a
     * tiny ρ already keeps everybody diligent.
     */
    void updateParameters(double mu0, double eta0) {
        double total = 0;
        for (double p : probability) {
            total += p;
        }
        prior = Math.max(MIN_PRIOR, Math.min(MAX_PRIOR, total / probability.length));
        if (total < 2) {
            return;
        }
        double squares = 0;
        double count = 0;
        for (int v = 0; v < g.reviewers(); v++) {
            double p = probability[v];
            int n = g.reviewsBy(v);
            double sum = 0;
            for (int i = g.reviewerStart[v]; i < g.reviewerStart[v + 1]; i++) {
                sum += g.scoreByReviewer[i];
            }
            // Posterior of this reviewer's centre if lazy.
            double k = eta0 + n * precision;
            double c = (eta0 * mu0 + precision * sum) / k;
            for (int i = g.reviewerStart[v]; i < g.reviewerStart[v + 1]; i++) {
                double d = g.scoreByReviewer[i] - c;
                squares += p * (d * d + 1 / k);
            }
            count += p * n;
        }
        precision = 1 / Math.max(squares / count, minVariance);
    }

    /** log N(r; 0, diag(d) + s²·11ᵀ), in O(n) by the matrix determinant lemma and Sherman–Morrison. */
    static double logDensity(double[] r, double[] d, int n, double s2) {
        double sumLogD = 0;
        double sumInv = 0;
        double sumR = 0;
        double sumR2 = 0;
        for (int i = 0; i < n; i++) {
            sumLogD += Math.log(d[i]);
            sumInv += 1 / d[i];
            sumR += r[i] / d[i];
            sumR2 += r[i] * r[i] / d[i];
        }
        double k = 1 + s2 * sumInv;
        return -0.5 * (n * LOG_2PI + sumLogD + Math.log(k) + sumR2 - s2 * sumR * sumR / k);
    }

    /** The same with every d_i = d, from the sum and the sum of squares of r (no logarithm per review). */
    static double logDensity(double sum, double squares, int n, double d, double s2) {
        double k = 1 + s2 * n / d;
        return -0.5 * (n * LOG_2PI + n * Math.log(d) + Math.log(k) + squares / d - s2 * sum * sum / (d * d * k));
    }
}
