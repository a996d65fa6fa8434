package dev.assay.graders.quiz;

import java.util.List;

/**
 * The learner pairs each premise with an option. The fraction is the share of premises paired correctly,
 * or, with {@code allOrNothing}, 1 only when all are.
 */
public record MatchingQuestion(String id, String prompt, Double points, String generalFeedback,
                               List<Premise> premises, List<MatchOption> options, boolean allOrNothing)
        implements Question {

    public MatchingQuestion {
        points = Defaults.points(points);
        premises = Defaults.list(premises);
        options = Defaults.list(options);
    }
}
