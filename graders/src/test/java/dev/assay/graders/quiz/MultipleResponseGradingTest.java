package dev.assay.graders.quiz;

import dev.assay.graders.Correctness;
import dev.assay.graders.PartResult;
import org.junit.jupiter.api.Test;

import static dev.assay.graders.quiz.Fixtures.choice;
import static dev.assay.graders.quiz.Fixtures.gradeOne;
import static dev.assay.graders.quiz.Fixtures.multiple;
import static dev.assay.graders.quiz.Fixtures.selected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MultipleResponseGradingTest {

    private MultipleResponseQuestion primes(MultipleResponseMode mode) {
        return multiple("q2", mode,
                choice("2", 0.5, "2 is the only even prime."),
                choice("3", 0.5, null),
                choice("4", -0.5, "4 = 2 x 2."),
                choice("9", -1.0, "9 = 3 x 3."));
    }

    @Test
    void partialSumsSelectedFractions() {
        assertThat(gradeOne(primes(MultipleResponseMode.PARTIAL), selected("2", "3")).score()).isEqualTo(1.0);
        assertThat(gradeOne(primes(MultipleResponseMode.PARTIAL), selected("2")).score()).isEqualTo(0.5);
        assertThat(gradeOne(primes(MultipleResponseMode.PARTIAL), selected("2", "3", "4")).score()).isEqualTo(0.5);
    }

    @Test
    void partialPenaltiesNeverGoBelowZero() {
        PartResult part = gradeOne(primes(MultipleResponseMode.PARTIAL), selected("2", "4", "9"));

        assertThat(part.score()).isZero();
        assertThat(part.correctness()).isEqualTo(Correctness.INCORRECT);
    }

    @Test
    void partialIsTheDefaultMode() {
        assertThat(primes(null).mode()).isEqualTo(MultipleResponseMode.PARTIAL);
    }

    @Test
    void feedbackOfEverySelectedChoiceInChoiceOrder() {
        PartResult part = gradeOne(primes(MultipleResponseMode.PARTIAL), selected("9", "2", "3"));

        assertThat(part.feedback()).containsExactly("2 is the only even prime.", "9 = 3 x 3.");
    }

    @Test
    void allOrNothingNeedsExactlyTheCorrectSet() {
        MultipleResponseQuestion question = primes(MultipleResponseMode.ALL_OR_NOTHING);

        assertThat(gradeOne(question, selected("2", "3")).correctness()).isEqualTo(Correctness.CORRECT);
        assertThat(gradeOne(question, selected("2")).score()).isZero();
        assertThat(gradeOne(question, selected("2", "3", "4")).score()).isZero();
    }

    @Test
    void everyDecisionScoresTheShareOfRightDecisions() {
        MultipleResponseQuestion question = primes(MultipleResponseMode.EVERY_DECISION);

        assertThat(gradeOne(question, selected("2", "3")).score()).isEqualTo(1.0);
        // 2 selected (right), 3 unselected (wrong), 4 selected (wrong), 9 unselected (right)
        assertThat(gradeOne(question, selected("2", "4")).score()).isEqualTo(0.5);
        // nothing selected: the two wrong choices are right decisions
        PartResult none = gradeOne(question, selected());
        assertThat(none.score()).isEqualTo(0.5);
        assertThat(none.correctness()).isEqualTo(Correctness.PARTIAL);
    }

    @Test
    void emptySelectionIsAnAnswerNotUnanswered() {
        PartResult part = gradeOne(primes(MultipleResponseMode.PARTIAL), selected());

        assertThat(part.correctness()).isEqualTo(Correctness.INCORRECT);
    }

    @Test
    void thirdsAddUpToFullCredit() {
        MultipleResponseQuestion question = multiple("q", MultipleResponseMode.PARTIAL,
                choice("a", 1.0 / 3), choice("b", 1.0 / 3), choice("c", 1.0 / 3), choice("d", 0));

        assertThat(gradeOne(question, selected("a", "b", "c")).correctness()).isEqualTo(Correctness.CORRECT);
        assertThat(gradeOne(question, selected("a")).score()).isCloseTo(0.333333, within(1e-12));
    }
}
