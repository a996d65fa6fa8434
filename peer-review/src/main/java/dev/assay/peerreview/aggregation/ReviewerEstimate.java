package dev.assay.peerreview.aggregation;

/**
 * What a model learnt about one reviewer.
 *
 * @param bias        how many points the reviewer adds to a submission's true score on average (negative: harsh)
 * @param reliability weight of the reviewer's scores in the grades: the precision of their scores around
 *                    {@code true score + bias}, 1 / variance in 1/points² (a reviewer whose scores wander by ±9 points
 *                    has about 1/81), times the probability that they read what they scored
 * @param lazyProbability probability that the reviewer scored without reading (models that detect it; 0 otherwise)
 * @param reviews     number of reviews the reviewer wrote in the input
 */
public record ReviewerEstimate(String reviewer, double bias, double reliability, double lazyProbability,
                               int reviews) {

    /** Standard deviation of the reviewer's noise, the reading of {@link #reliability} most people find natural. */
    public double noiseSd() {
        return reliability > 0 ? 1 / Math.sqrt(reliability) : Double.POSITIVE_INFINITY;
    }
}
