package dev.assay.benchmarks.peer;

import dev.assay.peerreview.aggregation.Aggregation;
import dev.assay.peerreview.aggregation.AggregationModel;
import dev.assay.peerreview.aggregation.AggregationModels;
import dev.assay.peerreview.aggregation.Review;
import dev.assay.peerreview.aggregation.ScoreRange;
import dev.assay.peerreview.simulation.SimulatedCourse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Re-aggregating a whole course: 100,000 submissions × 4 peer reviews (400,000 reviews, piech-coursera reviewer
 * population), from the list of reviews to grades with intervals and reviewer estimates. Single-shot per call: one
 * aggregation takes seconds, and what the engine does is one full re-aggregation after new reviews arrive.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-XX:ActiveProcessorCount=1", "-Xmx2g"})
public class PeerAggregationBenchmark {

    @Param({"pg1", "pg3-lazy", "median"})
    public String model;

    @Param({"100000"})
    public int submissions;

    private AggregationModel aggregationModel;
    private List<Review> reviews;
    private final ScoreRange scale = new ScoreRange(0, 100);

    @Setup
    public void setUp() {
        aggregationModel = AggregationModels.byName(model).orElseThrow();
        SimulatedCourse course = PeerCourses.large(submissions, 20_240_601L);
        reviews = course.reviews();
    }

    @Benchmark
    public Aggregation aggregate() {
        return aggregationModel.aggregate(reviews, Map.of(), scale);
    }
}
