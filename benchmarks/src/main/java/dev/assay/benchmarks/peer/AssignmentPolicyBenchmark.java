package dev.assay.benchmarks.peer;

import dev.assay.peerreview.assignment.AssignmentPolicy;
import dev.assay.peerreview.assignment.Candidate;
import dev.assay.peerreview.assignment.ReviewerInfo;
import dev.assay.peerreview.simulation.LivenessScenario;
import dev.assay.peerreview.simulation.LivenessSimulation;
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

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * The pure assignment policy (issue 4): choosing the next submission for a reviewer among {@code open} candidates
 * with random loads 0–4 (k = 3, extra = 1) and their reviewers, as the engine does among the few rows it locks and
 * as the liveness simulation does over a whole course; plus one whole liveness simulation (3,000 learners).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AssignmentPolicyBenchmark {

    @Param({"4", "3000"})
    public int open;

    private final AssignmentPolicy policy = new AssignmentPolicy(3, 1);
    private List<Candidate> candidates;
    private ReviewerInfo[] reviewers;
    private int next;

    @Setup
    public void setUp() {
        var rng = new SplittableRandom(11);
        candidates = new ArrayList<>();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < open; i++) {
            int load = rng.nextInt(5);
            var who = new HashSet<String>();
            while (who.size() < load) {
                who.add("u" + rng.nextInt(open));
            }
            candidates.add(new Candidate("s" + i, "u" + i, null, t0.plusSeconds(rng.nextInt(86_400)),
                    Math.max(0, load - 1), Math.min(1, load), who));
        }
        reviewers = new ReviewerInfo[1024];
        for (int i = 0; i < reviewers.length; i++) {
            reviewers[i] = new ReviewerInfo("u" + rng.nextInt(open), null);
        }
    }

    @Benchmark
    public Optional<?> next() {
        return policy.next(candidates, reviewers[next++ & 1023]);
    }

    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 2)
    @Measurement(iterations = 5)
    public Object livenessCourse() {
        return LivenessSimulation.run(LivenessScenario.DEFAULT, 1);
    }
}
