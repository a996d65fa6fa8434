package dev.assay.benchmarks.peer;

import dev.assay.peerreview.aggregation.Aggregation;
import dev.assay.peerreview.aggregation.AggregationModel;
import dev.assay.peerreview.aggregation.AggregationModels;
import dev.assay.peerreview.aggregation.ScoreRange;
import dev.assay.peerreview.evaluation.Accuracy;
import dev.assay.peerreview.evaluation.Evaluation;
import dev.assay.peerreview.simulation.SimulatedCourse;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measured harness for the timing target (re-aggregate 100,000 submissions × 4 reviews with the
 * bias/reliability model in under 10 s on one core). For each model: the first aggregation in a fresh JVM (cold:
 * class loading and JIT included, what a one-off {@code assay peer aggregate} pays) and the median and worst of the
 * following runs (warm, what a long-running engine pays). Run it pinned to one core, e.g. with {@code taskset -c 0}
 * and {@code -XX:ActiveProcessorCount=1}.
 *
 * <p>Arguments: [submissions (100000)] [warm runs (5)] [models (pg1,pg3,pg3-lazy,median)].
 */
public final class PeerTimingHarness {

    private PeerTimingHarness() {
    }

    public static void main(String[] args) {
        int submissions = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> models = List.of((args.length > 2 ? args[2] : "pg1,pg3,pg3-lazy,median").split(","));
        long start = System.nanoTime();
        SimulatedCourse course = PeerCourses.large(submissions, 20_240_601L);
        System.out.printf(Locale.ROOT, "course: %d submissions, %d reviews (simulated in %.0f ms), %d cpu%n",
                course.trueScores().size(), course.reviews().size(), (System.nanoTime() - start) / 1e6,
                Runtime.getRuntime().availableProcessors());
        ScoreRange scale = new ScoreRange(0, 100);
        for (String name : models) {
            AggregationModel model = AggregationModels.byName(name).orElseThrow();
            double[] millis = new double[runs + 1];
            Aggregation result = null;
            for (int i = 0; i <= runs; i++) {
                long t = System.nanoTime();
                result = model.aggregate(course.reviews(), Map.of(), scale);
                millis[i] = (System.nanoTime() - t) / 1e6;
            }
            double[] warm = Arrays.copyOfRange(millis, 1, millis.length);
            Arrays.sort(warm);
            Accuracy accuracy = Evaluation.evaluate(result, course.trueScores(), 10);
            System.out.printf(Locale.ROOT,
                    "%-9s cold %6.0f ms | warm median %6.0f ms, max %6.0f ms (%d runs) | %d iterations |"
                            + " RMSE %.3f, coverage %.1f%%%n",
                    name, millis[0], warm[warm.length / 2], warm[warm.length - 1], runs, result.iterations(),
                    accuracy.rmse(), 100 * accuracy.coverage());
        }
    }
}
