package dev.assay.graders.quiz;

import java.util.List;
import java.util.Map;

/** Scoring rules of the questions where the learner arranges given items: matching and ordering. */
final class ArrangementScoring {

    private ArrangementScoring() {
    }

    static Scored matching(MatchingQuestion question, Answer.Pairs answer) {
        Map<String, String> pairs = answer.pairs();
        int right = 0;
        for (Premise premise : question.premises()) {
            if (premise.match().equals(pairs.get(premise.id()))) {
                right++;
            }
        }
        int total = question.premises().size();
        double raw = question.allOrNothing() ? (right == total ? 1.0 : 0.0) : (double) right / total;
        return Scored.of(raw, null);
    }

    static Scored ordering(OrderingQuestion question, Answer.Sequence answer) {
        List<OrderItem> items = question.items();
        List<String> sequence = answer.itemIds();
        double raw = switch (question.mode()) {
            case ALL_OR_NOTHING -> exactOrder(items, sequence) ? 1.0 : 0.0;
            case RELATIVE -> (double) rightSuccessors(items, sequence) / (items.size() - 1);
        };
        return Scored.of(raw, null);
    }

    private static boolean exactOrder(List<OrderItem> items, List<String> sequence) {
        if (items.size() != sequence.size()) {
            return false;
        }
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).id().equals(sequence.get(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Counts the correct adjacent pairs by walking the answer key rather than the learner's sequence, so
     * each pair is counted at most once even if a hand-built sequence repeats items.
     */
    private static int rightSuccessors(List<OrderItem> items, List<String> sequence) {
        int right = 0;
        for (int k = 0; k + 1 < items.size(); k++) {
            int at = sequence.indexOf(items.get(k).id());
            if (at >= 0 && at + 1 < sequence.size() && items.get(k + 1).id().equals(sequence.get(at + 1))) {
                right++;
            }
        }
        return right;
    }
}
