package dev.assay.graders.quiz;

/**
 * A statement the learner declares true or false.
 *
 * @param answer        whether the statement is true (required; boxed so that a missing value is reported)
 * @param feedbackTrue  shown when the learner answered "true"
 * @param feedbackFalse shown when the learner answered "false"
 */
public record TrueFalseQuestion(String id, String prompt, Double points, String generalFeedback,
                                Boolean answer, String feedbackTrue, String feedbackFalse) implements Question {

    public TrueFalseQuestion {
        points = Defaults.points(points);
    }
}
