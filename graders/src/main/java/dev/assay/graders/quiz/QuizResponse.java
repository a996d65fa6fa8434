package dev.assay.graders.quiz;

import java.util.Map;

/**
 * A learner's answers by question id. Questions without an entry are unanswered.
 * Read from JSON with {@link QuizCodec#readResponse}, which checks every id against the quiz.
 */
public record QuizResponse(Map<String, Answer> answers) {

    public QuizResponse {
        answers = Map.copyOf(answers);
    }

    public static QuizResponse of(Map<String, Answer> answers) {
        return new QuizResponse(answers);
    }
}
