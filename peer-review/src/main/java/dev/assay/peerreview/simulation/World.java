package dev.assay.peerreview.simulation;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The hidden side of a simulated course: learners' true scores and reviewer traits. Drawn first from the run's
 * random stream, in a fixed order, so every experiment built on a preset and seed sees the same learners.
 *
 * @param order        a random permutation of learners; the first {@code nonReviewers} never review
 * @param active       learners who review, ascending
 */
record World(CoursePreset preset, String[] ids, double[] truth, double[] bias, double[] noise, boolean[] lazy,
             int[] order, int nonReviewers, int[] active) {

    static World draw(CoursePreset preset, SplittableRandom rng) {
        int n = preset.learners();
        var rev = preset.reviewers();
        String[] ids = new String[n];
        String format = "u%0" + Math.max(5, String.valueOf(n).length()) + "d";
        double[] truth = new double[n];
        double[] bias = new double[n];
        double[] noise = new double[n];
        for (int i = 0; i < n; i++) {
            ids[i] = String.format(java.util.Locale.ROOT, format, i + 1);
            truth[i] = preset.scale().clamp(preset.scoreMean() + preset.scoreSd() * rng.nextGaussian());
            bias[i] = rev.biasSd() * rng.nextGaussian();
            double standardised = preset.scoreSd() > 0 ? (truth[i] - preset.scoreMean()) / preset.scoreSd() : 0;
            noise[i] = rev.noiseSd() * Math.exp(rev.noiseSpread() * rng.nextGaussian() - rev.abilityLink() * standardised);
        }
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        ReviewAssignment.shuffle(rng, order);
        int nonReviewers = (int) Math.round(n * rev.nonReviewerShare());
        int[] active = Arrays.copyOfRange(order, nonReviewers, n);
        int lazyCount = (int) Math.round(active.length * rev.lazyShare());
        boolean[] lazy = new boolean[n];
        for (int i = 0; i < lazyCount; i++) {
            lazy[active[i]] = true;
        }
        Arrays.sort(active);
        return new World(preset, ids, truth, bias, noise, lazy, order, nonReviewers, active);
    }

    /** Reviewer v's score for submission u. */
    double review(SplittableRandom rng, int v, int u) {
        return CourseSimulator.observe(preset, rng, truth[u], bias[v], noise[v], lazy[v]);
    }
}
