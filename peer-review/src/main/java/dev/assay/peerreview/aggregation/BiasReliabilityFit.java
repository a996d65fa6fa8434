package dev.assay.peerreview.aggregation;

import java.util.Arrays;

/**
 * Fits the bias/reliability model of Piech et al. (2013), "Tuned Models of Peer Assessment in MOOCs", model PG1:
 *
 * <pre>
 *   true score   s_u ~ N(μ₀, 1/γ₀)
 *   bias         b_v ~ N(0, 1/η₀)
 *   reliability  τ_v ~ Gamma(shape α₀, mean m_v)
 *   peer score   z_uv ~ N(s_u + b_v, 1/τ_v)
 * </pre>
 *
 * optionally with the PG3 link of {@link ReliabilityPrior}, the lazy-reviewer mixture of {@link LazyMixture} and
 * censoring at the ends of the scale ({@link Censoring}).
 *
 * <p>How: Piech et al. used Gibbs sampling; this is a deterministic variational Bayes fit with q(s, b)·q(τ), where
 * q(s, b) is a joint Gaussian (means by coordinate ascent, variances and covariances by {@link PosteriorVariance}),
 * plus empirical-Bayes updates of μ₀, γ₀, η₀ and m, so nothing needs tuning per course and the same input always
 * gives the same grades. An iteration is a handful of linear passes over the reviews; fits converge in 30 to 60
 * iterations. Staff scores clamp s_u, which pins the reviewers' biases to the staff's scale.
 *
 * <p>Known approximation in the PG3 variant: a reviewer's own grade sets their reliability prior, but the reverse
 * influence (how well you review says something about your own grade) is left out, so a grade never depends on how
 * its author reviews.
 */
final class BiasReliabilityFit {

    private final ReviewGraph g;
    private final FitSettings settings;
    private final ReliabilityPrior prior;
    private final PosteriorVariance posterior;
    /** Scores at the ends of the scale; null when there are none or the scale is unknown. */
    private final Censoring censoring;
    /** Null unless lazy reviewers are to be detected. */
    private final LazyMixture lazy;

    /** Each review's score (or, if censored, its expected uncensored value), in submission and in reviewer order. */
    private final double[] value;
    private final double[] valueByReviewer;
    private final double[] s;
    private final double[] b;
    private final double[] tau;
    /** E[1/τ_v]: the expected noise variance, larger than 1/E[τ_v] by the uncertainty about τ_v. */
    private final double[] noiseVariance;
    /** Probability that each reviewer read what they scored (1 without lazy detection). */
    private final double[] diligence;
    /** Weight of each reviewer's scores in the grades: diligence × reliability. */
    private final double[] weight;
    private final double floor;

    private double mu0;
    private double gamma0;
    private double eta0;

    /**
     * @param ownSubmission index of each reviewer's own submission (-1 if unknown) for the PG3 link, or null
     * @param range         the assessment's scale, or null; scores at its ends are then treated as censored
     */
    BiasReliabilityFit(ReviewGraph g, FitSettings settings, int[] ownSubmission, boolean detectLazy,
                       ScoreRange range) {
        this.g = g;
        this.settings = settings;
        this.censoring = Censoring.of(g, range);
        this.value = censoring == null ? g.score : g.score.clone();
        this.valueByReviewer = censoring == null ? g.scoreByReviewer : g.scoreByReviewer.clone();
        this.posterior = new PosteriorVariance(g);
        this.s = new double[g.submissions()];
        this.b = new double[g.reviewers()];
        this.tau = new double[g.reviewers()];
        this.noiseVariance = new double[g.reviewers()];
        this.diligence = new double[g.reviewers()];
        this.weight = new double[g.reviewers()];
        this.floor = g.varianceFloor();
        double within = g.pooledWithinVariance();
        this.prior = new ReliabilityPrior(g.reviewers(), ownSubmission, settings.reliabilityShape(), 2 / within);
        this.lazy = detectLazy ? new LazyMixture(g, within) : null;
        initialise(within);
    }

    Aggregation run(String model) {
        double scale = Math.sqrt(1 / gamma0 + 1 / prior.mean(0));
        int iteration = 0;
        boolean converged = false;
        while (iteration < settings.maxIterations()) {
            iteration++;
            double moved = updateScores();
            updateBiases();
            recentre();
            posterior.sweep(weight, gamma0, eta0);
            if (censoring != null) {
                censoring.impute(s, b, tau, value, valueByReviewer);
            }
            updateReliabilities();
            if (lazy != null) {
                lazy.updateProbabilities(valueByReviewer, b, tau, mu0, gamma0, eta0);
                lazy.updateParameters(mu0, eta0);
            }
            updateHyperparameters();
            if (moved < settings.tolerance() * scale) {
                converged = true;
                break;
            }
        }
        // Interval widths use each reviewer's expected noise variance E[1/τ] rather than 1/E[τ]: a reviewer known from
        // five reviews might be noisier than their point estimate, and ignoring that makes intervals too narrow.
        double[] cautious = new double[g.reviewers()];
        for (int v = 0; v < cautious.length; v++) {
            cautious[v] = diligence[v] / noiseVariance[v];
        }
        posterior.converge(cautious, gamma0, eta0, 50);
        double[] sd = new double[g.submissions()];
        for (int u = 0; u < sd.length; u++) {
            sd[u] = g.anchored(u) ? 0 : Math.sqrt(posterior.scoreVariance(u));
        }
        return g.toAggregation(model, s, sd, b, weight, lazy == null ? null : lazy.probabilities(), iteration,
                converged);
    }

    private void initialise(double within) {
        double sum = 0;
        int free = 0;
        for (int u = 0; u < g.submissions(); u++) {
            if (g.anchored(u)) {
                s[u] = g.anchor[u];
                continue;
            }
            double m = 0;
            for (int e = g.submissionStart[u]; e < g.submissionStart[u + 1]; e++) {
                m += g.score[e];
            }
            s[u] = m / g.reviewsOf(u);
            sum += s[u];
            free++;
        }
        mu0 = free > 0 ? sum / free : 0;
        double spread = 0;
        double reviews = 0;
        for (int u = 0; u < g.submissions(); u++) {
            if (!g.anchored(u)) {
                spread += (s[u] - mu0) * (s[u] - mu0);
                reviews += g.reviewsOf(u);
            }
        }
        // Means of n reviews vary by the true-score variance plus within/n: subtract the latter, keep some floor.
        double scoreVar = free > 1 ? spread / (free - 1) - within / (reviews / free) : within;
        gamma0 = 1 / Math.max(scoreVar, 0.1 * within);
        // Peer disagreement is bias plus noise; start by splitting it evenly and let the updates sort it out.
        eta0 = 2 / within;
        Arrays.fill(tau, 2 / within);
        Arrays.fill(noiseVariance, within / 2);
        for (int v = 0; v < g.reviewers(); v++) {
            diligence[v] = lazy == null ? 1 : 1 - lazy.probability(v);
            weight[v] = diligence[v] * tau[v];
        }
    }

    /** Grades given biases and weights; returns the largest change of a grade. */
    private double updateScores() {
        double moved = 0;
        for (int u = 0; u < g.submissions(); u++) {
            if (g.anchored(u)) {
                continue;
            }
            double p = gamma0;
            double weighted = gamma0 * mu0;
            for (int e = g.submissionStart[u]; e < g.submissionStart[u + 1]; e++) {
                int v = g.edgeReviewer[e];
                p += weight[v];
                weighted += weight[v] * (value[e] - b[v]);
            }
            double next = weighted / p;
            moved = Math.max(moved, Math.abs(next - s[u]));
            s[u] = next;
        }
        return moved;
    }

    private void updateBiases() {
        for (int v = 0; v < g.reviewers(); v++) {
            double residual = 0;
            for (int i = g.reviewerStart[v]; i < g.reviewerStart[v + 1]; i++) {
                residual += valueByReviewer[i] - s[g.submissionByReviewer[i]];
            }
            b[v] = weight[v] * residual / (eta0 + weight[v] * g.reviewsBy(v));
        }
    }

    /**
     * Moves all free grades (and μ₀) by δ and all biases by −δ, with δ chosen to maximise the posterior. Coordinate
     * ascent alone fixes this common shift only slowly, because grades and biases trade it back and forth; solving
     * for it directly cuts the number of iterations several-fold. Only the bias prior and the reviews of
     * staff-scored submissions care about the shift, which makes δ a ratio of two sums.
     */
    private void recentre() {
        double numerator = 0;
        for (int v = 0; v < g.reviewers(); v++) {
            numerator += eta0 * b[v];
        }
        double denominator = eta0 * g.reviewers();
        for (int u = 0; u < g.submissions(); u++) {
            if (g.anchored(u)) {
                for (int e = g.submissionStart[u]; e < g.submissionStart[u + 1]; e++) {
                    int v = g.edgeReviewer[e];
                    numerator -= weight[v] * (value[e] - g.anchor[u] - b[v]);
                    denominator += weight[v];
                }
            }
        }
        double delta = numerator / denominator;
        for (int u = 0; u < g.submissions(); u++) {
            if (!g.anchored(u)) {
                s[u] += delta;
            }
        }
        for (int v = 0; v < g.reviewers(); v++) {
            b[v] -= delta;
        }
        mu0 += delta;
    }

    /**
     * q(τ_v) given the residuals. Each residual counts as a fraction 1 − h of an observation, h being its leverage
     * (how much of the score the fitted s + b has already absorbed), as REML does for variance components. The plain
     * variational update instead adds Var(s + b) to every squared residual: right on average, but it makes
     * reviewers look more alike than they are.
     */
    private void updateReliabilities() {
        double alpha0 = prior.shape();
        for (int v = 0; v < g.reviewers(); v++) {
            double squares = 0;
            double observations = 0;
            for (int i = g.reviewerStart[v]; i < g.reviewerStart[v + 1]; i++) {
                double r = valueByReviewer[i] - s[g.submissionByReviewer[i]] - b[v];
                squares += r * r + (censoring == null ? 0 : censoring.variance(i));
                observations += 1 - posterior.leverage(i, v, weight[v]);
            }
            double d = diligence[v];
            double shape = alpha0 + 0.5 * d * observations;
            double rate = alpha0 / prior.mean(v) + 0.5 * d * squares;
            // Reviewers who agree exactly leave nothing but the prior in the rate, and the prior's mean follows the
            // reliabilities up: without a bound τ grew by a factor every iteration until it overflowed and turned
            // the grades into NaN. A noise variance below the floor (far below any real scale's resolution) says
            // nothing more anyway.
            tau[v] = Math.min(shape / rate, 1 / floor);
            noiseVariance[v] = Math.max(rate / (shape - 1), floor);
        }
    }

    /** Empirical-Bayes M-step for μ₀, γ₀, η₀ and the reliability prior, then the weights for the next iteration. */
    private void updateHyperparameters() {
        double sum = 0;
        int free = 0;
        for (int u = 0; u < g.submissions(); u++) {
            if (!g.anchored(u)) {
                sum += s[u];
                free++;
            }
        }
        double gradeSd = Math.sqrt(1 / gamma0);
        if (free > 0) {
            mu0 = sum / free;
            double second = 0;
            for (int u = 0; u < g.submissions(); u++) {
                if (!g.anchored(u)) {
                    second += (s[u] - mu0) * (s[u] - mu0) + posterior.scoreVariance(u);
                }
            }
            gamma0 = 1 / Math.max(second / free, floor);
        }
        double biasSecond = 0;
        for (int v = 0; v < g.reviewers(); v++) {
            biasSecond += b[v] * b[v] + posterior.biasVariance(v);
        }
        eta0 = 1 / Math.max(biasSecond / g.reviewers(), floor);
        if (lazy != null) {
            for (int v = 0; v < g.reviewers(); v++) {
                diligence[v] = 1 - lazy.probability(v);
            }
        }
        prior.update(tau, diligence, s, mu0, gradeSd);
        for (int v = 0; v < g.reviewers(); v++) {
            weight[v] = diligence[v] * tau[v];
        }
    }
}
