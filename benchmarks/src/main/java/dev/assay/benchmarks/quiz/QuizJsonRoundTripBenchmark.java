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

/**
 * What the engine does per quiz submission, minus HTTP and storage: the answers object's JSON bytes are
 * parsed and checked against the quiz, graded, and the result encoded to JSON bytes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class QuizJsonRoundTripBenchmark {

    private final QuizGrader grader = new QuizGrader();
    private Quiz quiz;
    private GradeResult result;

    @Setup
    public void setUp() {
        quiz = QuizFixture.quiz();
        result = grader.grade(quiz, QuizCodec.readResponse(quiz, QuizFixture.ANSWERS_BYTES));
    }

    @Benchmark
    public byte[] readGradeWrite() {
        QuizResponse response = QuizCodec.readResponse(quiz, QuizFixture.ANSWERS_BYTES);
        GradeResult result = grader.grade(quiz, response);
        return QuizCodec.writeResult(result);
    }

    /** The first step alone: JSON bytes to a checked {@link QuizResponse}. */
    @Benchmark
    public QuizResponse readOnly() {
        return QuizCodec.readResponse(quiz, QuizFixture.ANSWERS_BYTES);
    }

    /** The last step alone: a {@link GradeResult} to JSON bytes. */
    @Benchmark
    public byte[] writeOnly() {
        return QuizCodec.writeResult(result);
    }
}
