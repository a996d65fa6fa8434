package dev.assay.engine.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.node.Metrics;
import dev.assay.engine.store.Json;
import dev.assay.graders.GradeResult;
import dev.assay.graders.quiz.Quiz;
import dev.assay.graders.quiz.QuizCodec;
import dev.assay.graders.quiz.QuizGrader;
import dev.assay.graders.quiz.QuizResponse;
import io.micrometer.core.instrument.Timer;

import java.util.List;
import java.util.UUID;

/**
 * Quiz grading as the engine uses it. Definitions are immutable per version, so parsed quizzes are cached by
 * (assessment, version) and grading a submission costs only the response parse and the grade itself.
 */
public final class QuizGrading implements GraderKind {
    public static final String GRADER = "quiz";
    private static final int MAX_CACHED = 10_000;

    private final QuizGrader grader = new QuizGrader();
    private final ParsedDefinitions<Quiz> quizzes =
            new ParsedDefinitions<>(MAX_CACHED, json -> QuizCodec.readQuiz(Json.parse(json)));
    private final Timer timer;

    public QuizGrading(Metrics metrics) {
        this.timer = metrics.gradingTimer(GRADER);
    }

    @Override
    public String name() {
        return GRADER;
    }

    @Override
    public List<String> responseFields() {
        return List.of("answers");
    }

    /** A quiz keeps just the answers object: it is what {@code QuizCodec.readResponse} reads. */
    @Override
    public JsonNode response(ObjectNode fields) {
        return fields.get("answers");
    }

    @Override
    public ObjectNode asSubmitted(JsonNode stored) {
        ObjectNode fields = Json.object();
        fields.set("answers", stored);
        return fields;
    }

    @Override
    public boolean inline() {
        return true;
    }

    @Override
    public void validateDefinition(JsonNode definition) {
        QuizCodec.readQuiz(definition);
    }

    @Override
    public void checkResponse(UUID assessmentId, int version, String definitionJson, JsonNode answers) {
        QuizCodec.readResponse(quiz(assessmentId, version, definitionJson), answers);
    }

    @Override
    public GradeResult grade(UUID assessmentId, int version, String definitionJson, JsonNode answers) {
        return grade(quiz(assessmentId, version, definitionJson), answers);
    }

    @Override
    public double maxScore(UUID assessmentId, int version, String definitionJson) {
        return quiz(assessmentId, version, definitionJson).maxScore();
    }

    public Quiz quiz(UUID assessmentId, int version, String definitionJson) {
        return quizzes.get(assessmentId, version, definitionJson);
    }

    /** Reads the learner's answers against the quiz (rejecting unknown questions and choices) and grades them. */
    public GradeResult grade(Quiz quiz, JsonNode answers) {
        QuizResponse response = QuizCodec.readResponse(quiz, answers);
        long start = System.nanoTime();
        GradeResult result = grader.grade(quiz, response);
        timer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        return result;
    }
}
