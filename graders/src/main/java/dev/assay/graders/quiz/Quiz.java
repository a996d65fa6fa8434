package dev.assay.graders.quiz;

import dev.assay.graders.Violation;

import java.util.List;

/**
 * A quiz definition: pure data, readable from and writable to JSON (see {@link QuizCodec}).
 *
 * @param title    optional
 * @param shuffle  whether learners get per-learner variants (see {@link #variantFor(long)}); false when absent
 */
public record Quiz(String title, List<Question> questions, boolean shuffle) {

    public Quiz {
        questions = Defaults.list(questions);
    }

    /** Everything wrong with this definition, each naming its field; empty when it can be graded. */
    public List<Violation> validate() {
        return QuizValidator.validate(this);
    }

    /**
     * The variant a learner gets: with {@link #shuffle()} set, questions, choices and matching
     * premises/options in an order reproducible from {@code seed} (e.g. a hash of learner and assessment);
     * otherwise this quiz itself. Grading is by id, so a variant grades exactly as the original.
     */
    public Quiz variantFor(long seed) {
        return shuffle ? QuizVariants.variant(this, seed) : this;
    }

    /** The question with this id, or null. */
    public Question question(String id) {
        for (Question question : questions) {
            if (question != null && question.id() != null && question.id().equals(id)) {
                return question;
            }
        }
        return null;
    }

    /** The sum of the questions' points (to the millionth, as {@link QuizGrader} totals them). */
    public double maxScore() {
        long max = 0;
        for (Question question : questions) {
            max += Scores.micros(question.points());
        }
        return Scores.fromMicros(max);
    }
}
