package dev.assay.benchmarks.outcomes;

import dev.assay.engine.outcomes.CourseGrade;
import dev.assay.engine.outcomes.CourseGradeCalculator;
import dev.assay.engine.outcomes.GradingPolicy;
import dev.assay.engine.outcomes.ItemState;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Recomputing one learner's course grade (issue 5): 50 graded items in four weighted categories (30 quizzes with
 * drop-lowest 3, 12 programming assignments with drop-lowest 1, 6 peer-reviewed essays, 2 exams), two must-pass
 * items, a peer-review minimum and three bands. {@code graded50} has every item graded (the outcome is decided);
 * {@code graded45Pending5} has 5 of the 50 still pending, which exercises the bounds and the pending reasons.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CourseGradeBenchmark {

    private GradingPolicy policy;
    private Map<String, ItemState> graded;
    private Map<String, ItemState> partlyPending;

    @Setup
    public void setUp() {
        List<String> quizzes = ids("quiz", 30);
        List<String> programming = ids("prog", 12);
        List<String> essays = ids("essay", 6);
        List<String> exams = ids("exam", 2);
        policy = new GradingPolicy(
                List.of(new GradingPolicy.Category("quizzes", 20, quizzes, 3),
                        new GradingPolicy.Category("programming", 40, programming, 1),
                        new GradingPolicy.Category("essays", 25, essays, 0),
                        new GradingPolicy.Category("exams", 15, exams, 0)),
                List.of(new GradingPolicy.MustPass("exam1", 0.5), new GradingPolicy.MustPass("prog12", 0.4)),
                3, 60,
                List.of(new GradingPolicy.Band("pass", 60), new GradingPolicy.Band("merit", 75),
                        new GradingPolicy.Band("distinction", 90)));
        Random random = new Random(5);
        graded = new HashMap<>();
        List<String> all = new ArrayList<>();
        all.addAll(quizzes);
        all.addAll(programming);
        all.addAll(essays);
        all.addAll(exams);
        for (String id : all) {
            double max = 1 + random.nextInt(20);
            graded.put(id, new ItemState.Graded(Math.round(max * (0.4 + 0.6 * random.nextDouble())), max));
        }
        partlyPending = new HashMap<>(graded);
        for (String id : List.of("quiz7", "quiz30", "prog11", "essay5", "essay6")) {
            partlyPending.put(id, new ItemState.Pending("awaiting peer review"));
        }
        if (CourseGradeCalculator.compute(policy, graded, 3).outcome() == null) {
            throw new IllegalStateException();
        }
    }

    private static List<String> ids(String prefix, int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    @Benchmark
    public CourseGrade graded50() {
        return CourseGradeCalculator.compute(policy, graded, 3);
    }

    @Benchmark
    public CourseGrade graded45Pending5() {
        return CourseGradeCalculator.compute(policy, partlyPending, 3);
    }
}
