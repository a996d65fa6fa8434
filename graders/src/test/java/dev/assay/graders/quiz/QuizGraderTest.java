package dev.assay.graders.quiz;

import dev.assay.graders.Correctness;
import dev.assay.graders.GradeResult;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.PartResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.assay.graders.quiz.Fixtures.choice;
import static dev.assay.graders.quiz.Fixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuizGraderTest {

    private final Quiz quiz = new Quiz("Mixed", List.of(
            new SingleChoiceQuestion("q1", "Pick", 0.1, "General 1.", List.of(choice("a", 1), choice("b", 0))),
            new SingleChoiceQuestion("q2", "Pick", 0.2, null, List.of(choice("a", 1), choice("b", 0.5))),
            new TrueFalseQuestion("q3", "True?", 0.7, null, true, null, null),
            new ShortTextQuestion("q4", "Type", 2.0, "General 4.", List.of(text("x")))), false);

    private final QuizGrader grader = new QuizGrader();

    @Test
    void totalsAreRoundedSums() {
        GradeResult result = grader.grade(quiz, QuizResponse.of(Map.of(
                "q1", new Answer.Single("a"), "q2", new Answer.Single("a"), "q3", new Answer.TrueFalse(true))));

        assertThat(result.score()).isEqualTo(1.0); // 0.1 + 0.2 + 0.7 without 0.30000000000000004 residue
        assertThat(result.maxScore()).isEqualTo(3.0);
        assertThat(result.parts()).extracting(PartResult::id).containsExactly("q1", "q2", "q3", "q4");
    }

    @Test
    void everyPartGetsACorrectness() {
        GradeResult result = grader.grade(quiz, QuizResponse.of(Map.of(
                "q1", new Answer.Single("a"), "q2", new Answer.Single("b"), "q3", new Answer.TrueFalse(false))));

        assertThat(result.parts()).extracting(PartResult::correctness).containsExactly(
                Correctness.CORRECT, Correctness.PARTIAL, Correctness.INCORRECT, Correctness.UNANSWERED);
        assertThat(result.score()).isEqualTo(0.2);
        assertThat(result.feedback()).isEqualTo("1 correct, 1 partially correct, 1 incorrect, 1 unanswered");
    }

    @Test
    void unansweredQuestionsScoreZeroAndStillShowGeneralFeedback() {
        GradeResult result = grader.grade(quiz, QuizResponse.of(Map.of()));

        assertThat(result.score()).isZero();
        assertThat(result.maxScore()).isEqualTo(3.0);
        assertThat(result.parts()).allSatisfy(part -> {
            assertThat(part.correctness()).isEqualTo(Correctness.UNANSWERED);
            assertThat(part.score()).isZero();
        });
        assertThat(result.parts().get(0).feedback()).containsExactly("General 1.");
        assertThat(result.parts().get(3).feedback()).containsExactly("General 4.");
    }

    @Test
    void evidenceHoldsRawFractionsOfAnsweredQuestions() {
        GradeResult result = grader.grade(quiz, QuizResponse.of(Map.of(
                "q2", new Answer.Single("b"), "q4", new Answer.Text("y"))));

        assertThat(result.evidence()).containsOnlyKeys("rawFractions");
        assertThat(result.evidence().get("rawFractions")).isEqualTo(Map.of("q2", 0.5, "q4", 0.0));
    }

    @Test
    void rawFractionsAreRoundedLikeScores() {
        // Fractions are summed in fixed point, so 0.1 + 0.2 came out as 0.3000000000001819.
        Quiz tenths = new Quiz(null, List.of(new MultipleResponseQuestion("q", "p", 1.0, null,
                List.of(choice("a", 0.1), choice("b", 0.2), choice("c", 0.7), choice("d", -0.35)),
                MultipleResponseMode.PARTIAL)), false);

        GradeResult ab = grader.grade(tenths, QuizResponse.of(Map.of("q", new Answer.Multiple(Set.of("a", "b")))));
        GradeResult bd = grader.grade(tenths, QuizResponse.of(Map.of("q", new Answer.Multiple(Set.of("b", "d")))));

        assertThat(ab.evidence().get("rawFractions")).isEqualTo(Map.of("q", 0.3));
        assertThat(ab.score()).isEqualTo(0.3);
        assertThat(bd.evidence().get("rawFractions")).as("a penalty stays visible").isEqualTo(Map.of("q", -0.15));
    }

    @Test
    void partScoresNeverExceedPointsWithManyDecimals() {
        Quiz thirds = new Quiz(null, List.of(new MultipleResponseQuestion("q", "p", 1.0 / 3, null,
                List.of(choice("a", 0.5), choice("b", 0.5), choice("c", 0)), MultipleResponseMode.PARTIAL)), false);

        GradeResult full = grader.grade(thirds, QuizResponse.of(Map.of("q", Fixtures.selected("a", "b"))));
        GradeResult half = grader.grade(thirds, QuizResponse.of(Map.of("q", Fixtures.selected("a"))));

        assertThat(full.parts().getFirst().score()).isEqualTo(1.0 / 3);
        assertThat(full.parts().getFirst().correctness()).isEqualTo(Correctness.CORRECT);
        assertThat(full.score()).isLessThanOrEqualTo(full.maxScore());
        assertThat(half.parts().getFirst().score()).isEqualTo(0.166667);
    }

    @Test
    void answerOfTheWrongKindIsRejectedWithItsField() {
        assertThatThrownBy(() -> grader.grade(quiz, QuizResponse.of(Map.of("q3", new Answer.Text("true")))))
                .isInstanceOfSatisfying(InvalidInputException.class, e ->
                        assertThat(e.violations()).singleElement().satisfies(v -> {
                            assertThat(v.field()).isEqualTo("answers.q3");
                            assertThat(v.message()).contains("TrueFalse");
                        }));
    }

    @Test
    void answersToUnknownQuestionsAreIgnoredByTheGrader() {
        GradeResult result = grader.grade(quiz, QuizResponse.of(Map.of("zz", new Answer.Single("a"))));

        assertThat(result.parts()).hasSize(4);
        assertThat(result.score()).isZero();
    }

    @Test
    void maxScoreOfTheQuiz() {
        assertThat(quiz.maxScore()).isEqualTo(3.0);
    }
}
