package dev.assay.graders.quiz;

import java.util.List;

/**
 * The learner types a number; the matching accepted answer with the highest fraction decides the score.
 *
 * @param unit shown to the learner next to the input; not interpreted yet
 */
public record NumericQuestion(String id, String prompt, Double points, String generalFeedback,
                              List<AcceptedNumber> answers, String unit) implements Question {

    public NumericQuestion {
        points = Defaults.points(points);
        answers = Defaults.list(answers);
    }
}
