package dev.assay.peerreview.aggregation;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small hand-built courses with known true scores, biases and noise. */
final class HandMade {

    private HandMade() {
    }

    /**
     * {@code submissions} submissions with true score 50 + u/2, each reviewed by {@code perSubmission} of the
     * reviewers in a rotating pattern; reviewer v adds {@code bias[v]} and normal noise of SD {@code noise[v]}.
     */
    static List<Review> course(int submissions, int perSubmission, double[] bias, double[] noise, long seed) {
        var rng = new SplittableRandom(seed);
        List<Review> reviews = new ArrayList<>();
        for (int u = 0; u < submissions; u++) {
            for (int k = 0; k < perSubmission; k++) {
                int v = (u + k * 7) % bias.length;
                reviews.add(new Review("r" + v, "s" + u, truth(u) + bias[v] + noise[v] * rng.nextGaussian()));
            }
        }
        return reviews;
    }

    static double truth(int u) {
        return 50 + u / 2.0;
    }

    static double rmse(Aggregation a, int submissions) {
        double sum = 0;
        for (int u = 0; u < submissions; u++) {
            double d = a.submissions().get("s" + u).score() - truth(u);
            sum += d * d;
        }
        return Math.sqrt(sum / submissions);
    }
}
