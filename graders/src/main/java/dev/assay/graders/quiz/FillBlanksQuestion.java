package dev.assay.graders.quiz;

import java.util.List;

/**
 * A text with gaps written {@code {{gapId}}}; the fraction is the mean of the gaps' fractions
 * (each clamped to [0, 1]).
 */
public record FillBlanksQuestion(String id, String prompt, Double points, String generalFeedback,
                                 String text, List<Gap> gaps) implements Question {

    public FillBlanksQuestion {
        points = Defaults.points(points);
        gaps = Defaults.list(gaps);
    }
}
