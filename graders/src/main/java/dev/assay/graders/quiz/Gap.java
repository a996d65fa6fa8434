package dev.assay.graders.quiz;

import java.util.List;

/**
 * One blank of a fill-in-the-blanks text. The learner's text is tried against the text answers and, when it
 * reads as a number, against the numeric answers; the matching answer with the highest fraction wins.
 */
public record Gap(String id, List<AcceptedText> answers, List<AcceptedNumber> numericAnswers) {

    public Gap {
        answers = Defaults.list(answers);
        numericAnswers = Defaults.list(numericAnswers);
    }
}
