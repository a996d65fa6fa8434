package dev.assay.graders.quiz;

import java.util.List;

/** The learner selects any subset of the choices; see {@link MultipleResponseMode} for the scoring. */
public record MultipleResponseQuestion(String id, String prompt, Double points, String generalFeedback,
                                       List<Choice> choices, MultipleResponseMode mode) implements Question {

    public MultipleResponseQuestion {
        points = Defaults.points(points);
        choices = Defaults.list(choices);
        mode = mode == null ? MultipleResponseMode.PARTIAL : mode;
    }
}
