package dev.assay.graders.quiz;

import java.util.List;

/** The learner picks exactly one choice; the question earns that choice's fraction, clamped to [0, 1]. */
public record SingleChoiceQuestion(String id, String prompt, Double points, String generalFeedback,
                                   List<Choice> choices) implements Question {

    public SingleChoiceQuestion {
        points = Defaults.points(points);
        choices = Defaults.list(choices);
    }
}
