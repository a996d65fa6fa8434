package dev.assay.peerreview.aggregation;

import dev.assay.peerreview.simulation.CoursePreset;
import dev.assay.peerreview.simulation.CourseSimulator;
import dev.assay.peerreview.simulation.SimulatedCourse;

import java.util.Map;

/**
 * Measurement tool, not a test: how many honest reviewers pg3-lazy flags lazy (P > 0.5) in cohorts of a given
 * size, and how many truly lazy ones it still finds. {@code java ... SmallCohortLaziness}
 */
public final class SmallCohortLaziness {
    private SmallCohortLaziness() {
    }

    public static void main(String[] args) {
        AggregationModel model = AggregationModels.byName("pg3-lazy").orElseThrow();
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        double threshold = args.length > 1 ? Double.parseDouble(args[1]) : 0.5;
        int[] ks = args.length > 2 ? java.util.Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray()
                : new int[]{1, 2, 3};
        System.out.println("flagged when P(lazy) > " + threshold);
        System.out.println("learners  k  lazyShare  honest flagged  lazy found");
        for (double lazyShare : new double[]{0, 0.15}) {
            for (int learners : new int[]{4, 6, 10, 20, 40, 120}) {
                for (int k : ks) {
                    if (k >= learners) {
                        continue;
                    }
                    CoursePreset preset = new CoursePreset("rubric", "", learners, k, new ScoreRange(0, 6), 1, 4, 1.2,
                            new CoursePreset.Reviewers(0.5, 0.8, 0.3, 0, lazyShare, 0.5, 0),
                            CoursePreset.Calibration.NONE);
                    long honest = 0;
                    long honestFlagged = 0;
                    long lazy = 0;
                    long lazyFlagged = 0;
                    for (long seed = 1; seed <= seeds; seed++) {
                        SimulatedCourse course = CourseSimulator.simulate(preset, seed);
                        Aggregation agg;
                        try {
                            agg = model.aggregate(course.reviews(), Map.of(), preset.scale());
                        } catch (RuntimeException e) {
                            System.out.println("FAILED learners=" + learners + " k=" + k + " seed=" + seed + ": " + e);
                            continue;
                        }
                        for (ReviewerEstimate r : agg.reviewers().values()) {
                            boolean flagged = r.lazyProbability() > threshold;
                            if (course.lazyReviewers().contains(r.reviewer())) {
                                lazy++;
                                lazyFlagged += flagged ? 1 : 0;
                            } else {
                                honest++;
                                honestFlagged += flagged ? 1 : 0;
                            }
                        }
                    }
                    System.out.printf("%8d %2d %10.2f %8d / %-6d %6d / %-6d%n", learners, k, lazyShare, honestFlagged,
                            honest, lazyFlagged, lazy);
                }
            }
        }
    }
}
