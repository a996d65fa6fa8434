package dev.assay.graders.quiz;

import java.util.List;
import java.util.Set;

/** Scoring rules of the questions where the learner picks among given alternatives. */
final class ChoiceScoring {

    private ChoiceScoring() {
    }

    static Scored single(SingleChoiceQuestion question, Answer.Single answer) {
        for (Choice choice : question.choices()) {
            if (choice.id().equals(answer.choiceId())) {
                return Scored.of(choice.fraction(), choice.feedback());
            }
        }
        return Scored.of(0.0, null);
    }

    static Scored multiple(MultipleResponseQuestion question, Answer.Multiple answer) {
        Set<String> selected = answer.choiceIds();
        List<String> feedback = Scored.newFeedback();
        long sum = 0;
        int rightDecisions = 0;
        for (Choice choice : question.choices()) {
            boolean chosen = selected.contains(choice.id());
            if (chosen) {
                sum += Scores.fixedFraction(choice.fraction());
                Scored.addFeedback(feedback, choice.feedback());
            }
            if (chosen == (choice.fraction() > 0)) {
                rightDecisions++;
            }
        }
        int decisions = question.choices().size();
        double raw = switch (question.mode()) {
            case PARTIAL -> Scores.fromFixedFraction(sum);
            case ALL_OR_NOTHING -> rightDecisions == decisions ? 1.0 : 0.0;
            case EVERY_DECISION -> (double) rightDecisions / decisions;
        };
        return new Scored(raw, feedback);
    }

    static Scored trueFalse(TrueFalseQuestion question, Answer.TrueFalse answer) {
        boolean said = answer.value();
        return Scored.of(said == question.answer() ? 1.0 : 0.0,
                said ? question.feedbackTrue() : question.feedbackFalse());
    }
}
