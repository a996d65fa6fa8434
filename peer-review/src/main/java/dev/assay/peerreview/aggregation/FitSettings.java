package dev.assay.peerreview.aggregation;

/**
 * Knobs of the bias/reliability models. The defaults suit courses from a few dozen to a few hundred thousand
 * submissions; they exist as a record so tests and benchmarks can tighten or loosen them.
 *
 * @param maxIterations    limit on fit iterations (a fit normally converges in 30 to 100)
 * @param tolerance        stop when no grade moves by more than this fraction of the typical disagreement between
 *                         reviewers (1e-5 of about 15 points on a 0–100 scale)
 * @param reliabilityShape shape α₀ of the Gamma prior on reliabilities: how many pseudo-reviews' worth (2α₀) of
 *                         pull towards the course's typical reliability each reviewer gets
 */
public record FitSettings(int maxIterations, double tolerance, double reliabilityShape) {

    public static final FitSettings DEFAULT = new FitSettings(500, 1e-5, 4);

    public FitSettings {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("maxIterations must be at least 1");
        }
        if (!(tolerance > 0)) {
            throw new IllegalArgumentException("tolerance must be positive");
        }
        if (!(reliabilityShape > 1) || Double.isInfinite(reliabilityShape)) {
            throw new IllegalArgumentException("reliabilityShape must be finite and above 1");
        }
    }
}
