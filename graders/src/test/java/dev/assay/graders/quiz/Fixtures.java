package dev.assay.graders.quiz;

import dev.assay.graders.GradeResult;
import dev.assay.graders.PartResult;

import java.util.List;
import java.util.Map;

/** Terse builders for tests. */
final class Fixtures {

    private Fixtures() {
    }

    static Choice choice(String id, double fraction) {
        return new Choice(id, "Choice " + id, fraction, null);
    }

    static Choice choice(String id, double fraction, String feedback) {
        return new Choice(id, "Choice " + id, fraction, feedback);
    }

    static SingleChoiceQuestion single(String id, Choice... choices) {
        return new SingleChoiceQuestion(id, "Pick one", null, null, List.of(choices));
    }

    static MultipleResponseQuestion multiple(String id, MultipleResponseMode mode, Choice... choices) {
        return new MultipleResponseQuestion(id, "Pick some", null, null, List.of(choices), mode);
    }

    static NumericQuestion numeric(String id, AcceptedNumber... answers) {
        return new NumericQuestion(id, "How much?", null, null, List.of(answers), null);
    }

    static ShortTextQuestion shortText(String id, AcceptedText... answers) {
        return new ShortTextQuestion(id, "Type it", null, null, List.of(answers));
    }

    static AcceptedText text(String pattern) {
        return AcceptedText.of(pattern, 1.0, null);
    }

    static AcceptedText caseSensitive(String pattern) {
        return new AcceptedText(pattern, 1.0, null, true, false);
    }

    static AcceptedText regex(String pattern, boolean caseSensitive) {
        return new AcceptedText(pattern, 1.0, null, caseSensitive, true);
    }

    static Quiz quiz(Question... questions) {
        return new Quiz("Test quiz", List.of(questions), false);
    }

    /** Grades one answer to a one-question quiz. */
    static PartResult gradeOne(Question question, Answer answer) {
        GradeResult result = new QuizGrader().grade(quiz(question), QuizResponse.of(Map.of(question.id(), answer)));
        return result.parts().getFirst();
    }

    static Answer.Multiple selected(String... ids) {
        return new Answer.Multiple(java.util.Set.of(ids));
    }

    static Answer.Sequence sequence(String... ids) {
        return new Answer.Sequence(List.of(ids));
    }
}
