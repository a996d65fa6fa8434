package dev.assay.graders.quiz;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a learner's variant of a quiz: questions, choices and matching premises/options in an order
 * reproducible from a seed. Only presentation order changes; every answer key is by id, so the variant
 * grades exactly as the original. Ordering items are the answer key and stay put. Matching options are never
 * lined up with their premises (see {@link #matching}).
 */
final class QuizVariants {

    private QuizVariants() {
    }

    static Quiz variant(Quiz quiz, long seed) {
        List<Question> questions = new ArrayList<>(quiz.questions().size());
        for (Question question : quiz.questions()) {
            questions.add(shuffled(question, seed));
        }
        new SeededShuffle(seed, "").shuffle(questions);
        return new Quiz(quiz.title(), questions, quiz.shuffle());
    }

    private static Question shuffled(Question question, long seed) {
        return switch (question) {
            case SingleChoiceQuestion q -> new SingleChoiceQuestion(q.id(), q.prompt(), q.points(),
                    q.generalFeedback(), shuffled(q.choices(), seed, q.id()));
            case MultipleResponseQuestion q -> new MultipleResponseQuestion(q.id(), q.prompt(), q.points(),
                    q.generalFeedback(), shuffled(q.choices(), seed, q.id()), q.mode());
            case MatchingQuestion q -> matching(q, seed);
            case TrueFalseQuestion q -> q;
            case NumericQuestion q -> q;
            case ShortTextQuestion q -> q;
            case OrderingQuestion q -> q;
            case FillBlanksQuestion q -> q;
        };
    }

    /**
     * Premises and options are shuffled independently, so now and then every premise would sit beside its own
     * option, and a learner pairing them straight across would get full marks: the options are drawn again then.
     * Except for two premises and two options: the only other arrangement is crossed, so always crossing them would
     * give the answer away; a plain shuffle tells nothing.
     */
    private static MatchingQuestion matching(MatchingQuestion q, long seed) {
        List<Premise> premises = shuffled(q.premises(), seed, q.id() + "/premises");
        List<MatchOption> options = new ArrayList<>(q.options());
        SeededShuffle shuffle = new SeededShuffle(seed, q.id() + "/options");
        if (premises.size() == 2 && options.size() == 2) {
            shuffle.shuffle(options);
        } else {
            shuffle.shuffleAvoiding(options, o -> straightAcross(premises, o));
        }
        return new MatchingQuestion(q.id(), q.prompt(), q.points(), q.generalFeedback(), premises, options,
                q.allOrNothing());
    }

    /**
     * Whether each premise's own option is the one at its position. Not for a single premise (that is a choice
     * among the options, and the first option being right gives no more away than a first choice being right);
     * rotating the options by one always breaks it, as a premise's option cannot be at two positions.
     */
    static boolean straightAcross(List<Premise> premises, List<MatchOption> options) {
        if (premises.size() < 2 || options.size() < premises.size()) {
            return false;
        }
        for (int i = 0; i < premises.size(); i++) {
            if (!options.get(i).id().equals(premises.get(i).match())) {
                return false;
            }
        }
        return true;
    }

    private static <T> List<T> shuffled(List<T> list, long seed, String salt) {
        List<T> copy = new ArrayList<>(list);
        new SeededShuffle(seed, salt).shuffle(copy);
        return copy;
    }
}
