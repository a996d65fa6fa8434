package dev.assay.graders.quiz;

import java.util.List;

/** The learner types a short text; the matching accepted answer with the highest fraction decides the score. */
public record ShortTextQuestion(String id, String prompt, Double points, String generalFeedback,
                                List<AcceptedText> answers) implements Question {

    public ShortTextQuestion {
        points = Defaults.points(points);
        answers = Defaults.list(answers);
    }
}
