package dev.assay.benchmarks.quiz;

import dev.assay.graders.GradeResult;
import dev.assay.graders.quiz.Quiz;
import dev.assay.graders.quiz.QuizCodec;
import dev.assay.graders.quiz.QuizGrader;
import dev.assay.graders.quiz.QuizResponse;
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

import java.util.concurrent.TimeUnit;

/** The inline hot path: grading one already-read response to a 20-question mixed quiz. Target: under 5 µs. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class QuizGradingBenchmark {

    private final QuizGrader grader = new QuizGrader();
    private Quiz quiz;
    private QuizResponse response;

    @Setup
    public void setUp() {
        quiz = QuizFixture.quiz();
        response = QuizCodec.readResponse(quiz, QuizFixture.ANSWERS_BYTES);
    }

    @Benchmark
    public GradeResult grade() {
        return grader.grade(quiz, response);
    }
}
