package dev.assay.graders.quiz;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a learner's variant of a quiz: questions, choices and matching premises/options in an order
 * reproducible from a seed. Only presentation order changes; every answer key is by id, so the variant
 * grades exactly as the original. Ordering items are the answer key and stay put.
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
            case MatchingQuestion q -> new MatchingQuestion(q.id(), q.prompt(), q.points(), q.generalFeedback(),
                    shuffled(q.premises(), seed, q.id() + "/premises"),
                    shuffled(q.options(), seed, q.id() + "/options"), q.allOrNothing());
            case TrueFalseQuestion q -> q;
            case NumericQuestion q -> q;
            case ShortTextQuestion q -> q;
            case OrderingQuestion q -> q;
            case FillBlanksQuestion q -> q;
        };
    }

    private static <T> List<T> shuffled(List<T> list, long seed, String salt) {
        List<T> copy = new ArrayList<>(list);
        new SeededShuffle(seed, salt).shuffle(copy);
        return copy;
    }
}
