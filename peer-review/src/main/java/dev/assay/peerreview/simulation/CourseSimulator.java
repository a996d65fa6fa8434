package dev.assay.peerreview.simulation;

import dev.assay.peerreview.aggregation.Review;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.SplittableRandom;

/**
 * Generates a course from a {@link CoursePreset}: true scores, reviewer traits, a random assignment, and peer scores
 * z = clamp(round(s + b + ε)) with ε ~ N(0, σ_v²). Lazy reviewers ignore the submission and score around the course
 * mean plus their bias. Every random draw comes from one {@link SplittableRandom} seeded with {@code seed}, in a
 * fixed order, so a preset and a seed always produce byte-identical files.
 *
 * <p>Ids: learner i is {@code u00001}-style and their submission has the same id (one submission per learner per
 * assessment, which is also what {@link dev.assay.peerreview.aggregation.Pg3Model} assumes by default); calibration
 * items are {@code cal01}-style.
 */
public final class CourseSimulator {

    private CourseSimulator() {
    }

    public static SimulatedCourse simulate(CoursePreset preset, long seed) {
        return run(preset, seed).course();
    }

    /** A simulated course with its hidden world and the random stream positioned after it, for follow-up experiments. */
    record Run(SimulatedCourse course, World world, SplittableRandom rng) {
    }

    static Run run(CoursePreset preset, long seed) {
        var rng = new SplittableRandom(seed);
        World w = World.draw(preset, rng);
        int n = w.ids().length;
        String[] ids = w.ids();
        double[] truth = w.truth();
        double[] bias = w.bias();
        double[] noise = w.noise();
        int[] order = w.order();
        int nonReviewers = w.nonReviewers();
        int[] active = w.active();
        boolean[] lazy = w.lazy();

        var calibration = new LinkedHashMap<String, Double>();
        var calibrationIds = new String[preset.calibration().items()];
        for (int c = 0; c < calibrationIds.length; c++) {
            calibrationIds[c] = String.format(java.util.Locale.ROOT, "cal%02d", c + 1);
            double staff = preset.scale().clamp(preset.scoreMean() + preset.scoreSd() * rng.nextGaussian());
            calibration.put(calibrationIds[c], round(staff, preset.step()));
        }

        int[][] assigned = ReviewAssignment.assign(rng, n, active, preset.reviews());
        var reviews = new ArrayList<Review>(n * (preset.reviews() + preset.calibration().perReviewer()));
        for (int u = 0; u < n; u++) {
            for (int v : assigned[u]) {
                reviews.add(new Review(ids[v], ids[u], observe(preset, rng, truth[u], bias[v], noise[v], lazy[v])));
            }
        }
        int[] items = new int[calibrationIds.length];
        java.util.Arrays.setAll(items, i -> i);
        for (int v : active) {
            // A partial shuffle picks perReviewer distinct calibration items for this reviewer.
            for (int j = 0; j < preset.calibration().perReviewer(); j++) {
                int pick = j + rng.nextInt(items.length - j);
                int t = items[j];
                items[j] = items[pick];
                items[pick] = t;
                String item = calibrationIds[items[j]];
                reviews.add(new Review(ids[v], item,
                        observe(preset, rng, calibration.get(item), bias[v], noise[v], lazy[v])));
            }
        }

        var trueScores = new LinkedHashMap<String, Double>();
        var lazyIds = new HashSet<String>();
        var silent = new HashSet<String>();
        for (int i = 0; i < n; i++) {
            trueScores.put(ids[i], truth[i]);
            if (lazy[i]) {
                lazyIds.add(ids[i]);
            }
        }
        for (int i = 0; i < nonReviewers; i++) {
            silent.add(ids[order[i]]);
        }
        return new Run(new SimulatedCourse(preset, seed, reviews, trueScores, calibration, lazyIds, silent), w, rng);
    }

    static double observe(CoursePreset preset, SplittableRandom rng, double truth, double bias, double noise,
                                  boolean lazy) {
        double raw = lazy
                ? preset.scoreMean() + bias + preset.reviewers().lazySd() * rng.nextGaussian()
                : truth + bias + noise * rng.nextGaussian();
        return preset.scale().clamp(round(raw, preset.step()));
    }

    private static double round(double value, double step) {
        return step > 0 ? Math.round(value / step) * step : value;
    }
}
