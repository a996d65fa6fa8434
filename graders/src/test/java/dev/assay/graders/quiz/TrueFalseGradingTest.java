package dev.assay.graders.quiz;

import dev.assay.graders.Correctness;
import dev.assay.graders.PartResult;
import org.junit.jupiter.api.Test;

import static dev.assay.graders.quiz.Fixtures.gradeOne;
import static org.assertj.core.api.Assertions.assertThat;

class TrueFalseGradingTest {

    private final TrueFalseQuestion question = new TrueFalseQuestion("q3", "The earth is flat.", 1.5, null,
            false, "No: it is an oblate spheroid.", "Right: it is round.");

    @Test
    void rightAnswerEarnsThePointsAndItsFeedback() {
        PartResult part = gradeOne(question, new Answer.TrueFalse(false));

        assertThat(part.score()).isEqualTo(1.5);
        assertThat(part.correctness()).isEqualTo(Correctness.CORRECT);
        assertThat(part.feedback()).containsExactly("Right: it is round.");
    }

    @Test
    void wrongAnswerEarnsNothingAndGetsTheFeedbackForWhatWasSaid() {
        PartResult part = gradeOne(question, new Answer.TrueFalse(true));

        assertThat(part.score()).isZero();
        assertThat(part.correctness()).isEqualTo(Correctness.INCORRECT);
        assertThat(part.feedback()).containsExactly("No: it is an oblate spheroid.");
    }
}
