package dev.assay.graders.quiz;

import java.util.List;
import java.util.Map;

/**
 * Scoring rules of the questions where the learner types something that is compared with accepted answers.
 * Among the accepted answers that match, the one with the highest fraction wins (the first on a tie).
 */
final class KeyScoring {

    private KeyScoring() {
    }

    static Scored numeric(NumericQuestion question, Answer.Numeric answer) {
        AcceptedNumber best = bestNumber(question.answers(), answer.value());
        return best == null ? Scored.of(0.0, null) : Scored.of(best.fraction(), best.feedback());
    }

    static Scored shortText(ShortTextQuestion question, Answer.Text answer) {
        AcceptedText best = bestText(question.answers(), TypedText.normalise(answer.text()));
        return best == null ? Scored.of(0.0, null) : Scored.of(best.fraction(), best.feedback());
    }

    /** Each gap earns its best match's fraction clamped to [0, 1]; the question earns their mean. */
    static Scored blanks(FillBlanksQuestion question, Answer.Blanks answer) {
        Map<String, String> texts = answer.texts();
        List<String> feedback = Scored.newFeedback();
        double sum = 0.0;
        for (Gap gap : question.gaps()) {
            String typed = texts.get(gap.id());
            if (typed == null) {
                continue;
            }
            String text = TypedText.normalise(typed);
            if (text.isEmpty()) {
                continue;
            }
            AcceptedText textMatch = bestText(gap.answers(), text);
            double fraction = textMatch == null ? Double.NEGATIVE_INFINITY : textMatch.fraction();
            String gapFeedback = textMatch == null ? null : textMatch.feedback();
            if (!gap.numericAnswers().isEmpty()) {
                double value = StrictNumber.parse(text);
                AcceptedNumber numberMatch = Double.isNaN(value) ? null : bestNumber(gap.numericAnswers(), value);
                if (numberMatch != null && numberMatch.fraction() > fraction) {
                    fraction = numberMatch.fraction();
                    gapFeedback = numberMatch.feedback();
                }
            }
            sum += Scores.clampFraction(fraction);
            Scored.addFeedback(feedback, gapFeedback);
        }
        return new Scored(sum / question.gaps().size(), feedback);
    }

    private static AcceptedNumber bestNumber(List<AcceptedNumber> answers, double value) {
        AcceptedNumber best = null;
        for (AcceptedNumber candidate : answers) {
            if (candidate.matches(value) && (best == null || candidate.fraction() > best.fraction())) {
                best = candidate;
            }
        }
        return best;
    }

    private static AcceptedText bestText(List<AcceptedText> answers, String normalised) {
        AcceptedText best = null;
        for (AcceptedText candidate : answers) {
            if (candidate.matches(normalised) && (best == null || candidate.fraction() > best.fraction())) {
                best = candidate;
            }
        }
        return best;
    }
}
