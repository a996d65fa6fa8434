package dev.assay.graders.quiz;

import dev.assay.graders.Correctness;
import dev.assay.graders.PartResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.assay.graders.quiz.Fixtures.choice;
import static dev.assay.graders.quiz.Fixtures.gradeOne;
import static dev.assay.graders.quiz.Fixtures.single;
import static org.assertj.core.api.Assertions.assertThat;

class SingleChoiceGradingTest {

    private final SingleChoiceQuestion question = new SingleChoiceQuestion("q1", "Capital of France?", 2.0,
            "Paris has been the capital since 987.", List.of(
            choice("paris", 1.0, "Right."),
            choice("lyon", 0.5, "Second city, half credit."),
            choice("berlin", -0.5, "That is Germany.")));

    @Test
    void fullCreditWithChoiceAndGeneralFeedback() {
        PartResult part = gradeOne(question, new Answer.Single("paris"));

        assertThat(part.score()).isEqualTo(2.0);
        assertThat(part.maxScore()).isEqualTo(2.0);
        assertThat(part.correctness()).isEqualTo(Correctness.CORRECT);
        assertThat(part.feedback()).containsExactly("Right.", "Paris has been the capital since 987.");
    }

    @Test
    void partialCreditFromFraction() {
        PartResult part = gradeOne(question, new Answer.Single("lyon"));

        assertThat(part.score()).isEqualTo(1.0);
        assertThat(part.correctness()).isEqualTo(Correctness.PARTIAL);
        assertThat(part.feedback()).first().isEqualTo("Second city, half credit.");
    }

    @Test
    void halfCreditOnAQuestionWorthAMillionthIsNeverFullCredit() {
        var tiny = new SingleChoiceQuestion("q1", "Tiny", 1e-6, null, List.of(
                choice("right", 1.0, null), choice("half", 0.5, null)));
        PartResult part = gradeOne(tiny, new Answer.Single("half"));

        // Half a millionth cannot be scored at this precision: it is not rounded up to full credit.
        assertThat(part.correctness()).isNotEqualTo(Correctness.CORRECT);
        assertThat(part.score()).isLessThan(part.maxScore());
        assertThat(gradeOne(tiny, new Answer.Single("right")).score()).isEqualTo(1e-6);
    }

    @Test
    void negativeFractionIsClampedToZeroButKeptAsEvidence() {
        var result = new QuizGrader().grade(Fixtures.quiz(question),
                QuizResponse.of(Map.of("q1", new Answer.Single("berlin"))));

        assertThat(result.parts().getFirst().score()).isZero();
        assertThat(result.parts().getFirst().correctness()).isEqualTo(Correctness.INCORRECT);
        assertThat(result.parts().getFirst().feedback()).first().isEqualTo("That is Germany.");
        assertThat(result.evidence()).extractingByKey("rawFractions")
                .isEqualTo(Map.of("q1", -0.5));
    }

    @Test
    void unknownChoiceEarnsNothing() {
        PartResult part = gradeOne(question, new Answer.Single("madrid"));

        assertThat(part.score()).isZero();
        assertThat(part.correctness()).isEqualTo(Correctness.INCORRECT);
        assertThat(part.feedback()).containsExactly("Paris has been the capital since 987.");
    }

    @Test
    void defaultsToOnePoint() {
        assertThat(single("q", choice("a", 1), choice("b", 0)).points()).isEqualTo(1.0);
    }
}
