package dev.assay.graders.quiz;

import dev.assay.graders.Correctness;
import dev.assay.graders.GradeResult;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.PartResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Grades a response to a quiz. Stateless and thread-safe.
 *
 * <p>The quiz must be valid ({@link Quiz#validate()} empty, as {@link QuizCodec#readQuiz} guarantees).
 * The response may come from anywhere: ids the quiz does not know earn nothing, and an answer of the wrong
 * kind for its question is an {@link InvalidInputException}.
 *
 * <p>This is the hot path (quizzes are graded inline in the HTTP request): no pattern compilation,
 * no JSON, no streams.
 */
public final class QuizGrader {

    private static final int CORRECTNESS_KINDS = Correctness.values().length;

    public GradeResult grade(Quiz quiz, QuizResponse response) {
        List<Question> questions = quiz.questions();
        Map<String, Answer> answers = response.answers();
        List<PartResult> parts = new ArrayList<>(questions.size());
        RawFractions rawFractions = new RawFractions(questions.size());
        int[] tally = new int[CORRECTNESS_KINDS];
        long score = 0;
        long max = 0;
        for (Question question : questions) {
            PartResult part = gradeQuestion(question, answers.get(question.id()), rawFractions);
            parts.add(part);
            tally[part.correctness().ordinal()]++;
            score += Scores.micros(part.score());
            max += Scores.micros(part.maxScore());
        }
        return new GradeResult(Scores.fromMicros(score), Scores.fromMicros(max), parts, summary(tally),
                Map.of("rawFractions", rawFractions));
    }

    private static PartResult gradeQuestion(Question question, Answer answer, RawFractions rawFractions) {
        double points = question.points();
        if (answer == null || isBlank(answer)) {
            return new PartResult(question.id(), 0.0, points, Correctness.UNANSWERED,
                    withGeneral(List.of(), question.generalFeedback()));
        }
        Scored scored = score(question, answer);
        rawFractions.record(question.id(), scored.rawFraction());
        double fraction = Scores.clampFraction(scored.rawFraction());
        double earned = Scores.points(fraction, points);
        // Full credit only for a full fraction: on a question worth a millionth, half credit rounded up to it.
        Correctness correctness = fraction >= 1.0 ? Correctness.CORRECT
                : earned > 0.0 ? Correctness.PARTIAL : Correctness.INCORRECT;
        return new PartResult(question.id(), earned, points, correctness,
                withGeneral(scored.feedback(), question.generalFeedback()));
    }

    private static Scored score(Question question, Answer answer) {
        return switch (question) {
            case SingleChoiceQuestion q -> ChoiceScoring.single(q, expect(q, answer, Answer.Single.class));
            case MultipleResponseQuestion q -> ChoiceScoring.multiple(q, expect(q, answer, Answer.Multiple.class));
            case TrueFalseQuestion q -> ChoiceScoring.trueFalse(q, expect(q, answer, Answer.TrueFalse.class));
            case NumericQuestion q -> KeyScoring.numeric(q, expect(q, answer, Answer.Numeric.class));
            case ShortTextQuestion q -> KeyScoring.shortText(q, expect(q, answer, Answer.Text.class));
            case FillBlanksQuestion q -> KeyScoring.blanks(q, expect(q, answer, Answer.Blanks.class));
            case MatchingQuestion q -> ArrangementScoring.matching(q, expect(q, answer, Answer.Pairs.class));
            case OrderingQuestion q -> ArrangementScoring.ordering(q, expect(q, answer, Answer.Sequence.class));
        };
    }

    private static <A extends Answer> A expect(Question question, Answer answer, Class<A> kind) {
        if (!kind.isInstance(answer)) {
            throw new InvalidInputException("answers." + question.id(),
                    "expected a " + kind.getSimpleName() + " answer, got " + answer.getClass().getSimpleName());
        }
        return kind.cast(answer);
    }

    /**
     * Learners who leave a text box or a whole matching/ordering/gap question empty have not answered it.
     * An empty multiple-response selection is a real answer ("none of these").
     */
    private static boolean isBlank(Answer answer) {
        return switch (answer) {
            case Answer.Text text -> Whitespace.isBlank(text.text());
            case Answer.Pairs pairs -> pairs.pairs().isEmpty();
            case Answer.Sequence sequence -> sequence.itemIds().isEmpty();
            case Answer.Blanks blanks -> allBlank(blanks.texts());
            case Answer.Single ignored -> false;
            case Answer.Multiple ignored -> false;
            case Answer.TrueFalse ignored -> false;
            case Answer.Numeric ignored -> false;
        };
    }

    private static boolean allBlank(Map<String, String> texts) {
        for (String text : texts.values()) {
            if (!Whitespace.isBlank(text)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> withGeneral(List<String> feedback, String general) {
        if (general == null || general.isBlank()) {
            return feedback;
        }
        if (feedback.isEmpty()) {
            return List.of(general);
        }
        if (feedback.size() == 1) {
            return List.of(feedback.getFirst(), general);
        }
        List<String> all = new ArrayList<>(feedback.size() + 1);
        all.addAll(feedback);
        all.add(general);
        return all;
    }

    private static String summary(int[] tally) {
        return tally[Correctness.CORRECT.ordinal()] + " correct, "
                + tally[Correctness.PARTIAL.ordinal()] + " partially correct, "
                + tally[Correctness.INCORRECT.ordinal()] + " incorrect, "
                + tally[Correctness.UNANSWERED.ordinal()] + " unanswered";
    }
}
