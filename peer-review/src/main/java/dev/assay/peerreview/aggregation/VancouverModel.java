package dev.assay.peerreview.aggregation;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Vancouver algorithm of CrowdGrader (de Alfaro and Shavlovsky, "CrowdGrader: a tool for crowdsourcing the
 * evaluation of homework assignments", SIGCSE 2014). No bias term: each reviewer has one variance, measured by how far
 * their scores fall from what the <em>other</em> reviewers of the same submissions said; grades are
 * inverse-variance weighted means. A reviewer with a consistent bias thus gets a large variance and a small weight
 * rather than a correction.
 *
 * <p>Leaving the reviewer out of the consensus they are compared with matters: otherwise, with four or five reviews
 * per submission, every reviewer partly agrees with themselves. Two additions to the published algorithm: each
 * variance is shrunk towards the course's typical variance with a couple of pseudo-reviews, so a reviewer with one
 * review cannot get an extreme weight, and staff scores act as a consensus with zero variance.
 */
public record VancouverModel(int iterations, double pseudoReviews) implements AggregationModel {

    public static final String NAME = "vancouver";

    public VancouverModel {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be at least 1");
        }
        if (!(pseudoReviews >= 0)) {
            throw new IllegalArgumentException("pseudoReviews must be non-negative");
        }
    }

    public VancouverModel() {
        this(30, 2);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "CrowdGrader's Vancouver: reviewer variance from leave-one-out consensus, weighted mean";
    }

    @Override
    public Aggregation aggregate(List<Review> reviews, Map<String, Double> truth) {
        Objects.requireNonNull(truth, "truth");
        if (reviews.isEmpty()) {
            return Aggregation.empty(NAME);
        }
        ReviewGraph g = ReviewGraph.of(reviews, truth);
        double floor = g.varianceFloor();
        double[] variance = new double[g.reviewers()];
        Arrays.fill(variance, g.pooledWithinVariance());
        double[] bias = new double[g.reviewers()];
        double[] evidence = new double[g.reviewers()];
        double[] weightSum = new double[g.submissions()];
        double[] weightedScores = new double[g.submissions()];
        for (int round = 0; round < iterations; round++) {
            double typical = Arrays.stream(variance).average().orElse(1);
            for (int u = 0; u < g.submissions(); u++) {
                weightSum[u] = 0;
                weightedScores[u] = 0;
                for (int e = g.submissionStart[u]; e < g.submissionStart[u + 1]; e++) {
                    double w = 1 / variance[g.edgeReviewer[e]];
                    weightSum[u] += w;
                    weightedScores[u] += w * g.score[e];
                }
            }
            double[] next = new double[g.reviewers()];
            for (int v = 0; v < g.reviewers(); v++) {
                double w = 1 / variance[v];
                double squares = 0;
                double residuals = 0;
                int terms = 0;
                for (int i = g.reviewerStart[v]; i < g.reviewerStart[v + 1]; i++) {
                    int u = g.submissionByReviewer[i];
                    double z = g.scoreByReviewer[i];
                    double consensus;
                    double consensusVariance;
                    if (g.anchored(u)) {
                        // A staff score is a consensus known exactly.
                        consensus = g.anchor[u];
                        consensusVariance = 0;
                    } else {
                        // Consensus of the other reviewers of u: take this review out of the weighted sums.
                        double others = weightSum[u] - w;
                        if (others <= 1e-12 * weightSum[u]) {
                            continue;
                        }
                        consensus = (weightedScores[u] - w * z) / others;
                        consensusVariance = 1 / others;
                    }
                    double r = z - consensus;
                    // E[(z − consensus of others)²] = own variance + variance of that consensus: subtract the latter.
                    squares += r * r - consensusVariance;
                    residuals += r;
                    terms++;
                }
                next[v] = Math.max((pseudoReviews * typical + squares) / (pseudoReviews + terms), floor);
                bias[v] = terms > 0 ? residuals / terms : 0;
                evidence[v] = pseudoReviews + terms;
            }
            variance = next;
        }
        double[] estimate = new double[g.submissions()];
        double[] sd = new double[g.submissions()];
        for (int u = 0; u < g.submissions(); u++) {
            double weight = 0;
            double cautiousWeight = 0;
            double sum = 0;
            for (int e = g.submissionStart[u]; e < g.submissionStart[u + 1]; e++) {
                int v = g.edgeReviewer[e];
                double w = 1 / variance[v];
                weight += w;
                sum += w * g.score[e];
                // A variance estimated from k terms is itself uncertain; as for a Gamma posterior on the precision,
                // the expected variance is k/(k − 2) times the estimate, which keeps intervals from being too narrow.
                double k = Math.max(evidence[v], 3);
                cautiousWeight += w * (k - 2) / k;
            }
            estimate[u] = sum / weight;
            sd[u] = Math.sqrt(1 / cautiousWeight);
        }
        double[] reliability = new double[g.reviewers()];
        for (int v = 0; v < reliability.length; v++) {
            reliability[v] = 1 / variance[v];
        }
        return g.toAggregation(NAME, estimate, sd, bias, reliability, iterations, true);
    }
}
