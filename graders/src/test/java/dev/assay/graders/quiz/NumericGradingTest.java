package dev.assay.graders.quiz;

import dev.assay.graders.Correctness;
import dev.assay.graders.PartResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.assay.graders.quiz.Fixtures.gradeOne;
import static dev.assay.graders.quiz.Fixtures.numeric;
import static org.assertj.core.api.Assertions.assertThat;

class NumericGradingTest {

    @ParameterizedTest
    @CsvSource({"3.14, true", "3.13, true", "3.15, true", "3.1, false", "3.151, false", "-3.14, false"})
    void absoluteToleranceIncludesBothEndsDespiteBinaryRounding(double typed, boolean accepted) {
        assertThat(AcceptedNumber.exact(3.14, 0.01, 1, null).matches(typed)).isEqualTo(accepted);
    }

    @Test
    void zeroToleranceMeansExactly() {
        AcceptedNumber answer = new AcceptedNumber(42.0, null, null, null, null, null, null, null, null);

        assertThat(answer.matches(42)).isTrue();
        assertThat(answer.matches(42.001)).isFalse();
        assertThat(answer.fraction()).isEqualTo(1.0);
    }

    @ParameterizedTest
    @CsvSource({"1000, true", "1050, true", "950, true", "1051, false", "949, false"})
    void relativeToleranceScalesWithTheValue(double typed, boolean accepted) {
        assertThat(AcceptedNumber.relative(1000, 0.05, 1, null).matches(typed)).isEqualTo(accepted);
    }

    @Test
    void relativeToleranceOfANegativeValue() {
        AcceptedNumber answer = AcceptedNumber.relative(-200, 0.1, 1, null);

        assertThat(answer.matches(-180)).isTrue();
        assertThat(answer.matches(-220)).isTrue();
        assertThat(answer.matches(180)).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "true, true, 1, true", "true, true, 2, true",
            "false, true, 1, false", "false, true, 2, true",
            "true, false, 1, true", "true, false, 2, false",
            "false, false, 1.5, true", "false, false, 0.999, false"})
    void intervalEnds(boolean minInclusive, boolean maxInclusive, double typed, boolean accepted) {
        AcceptedNumber answer = AcceptedNumber.interval(1.0, minInclusive, 2.0, maxInclusive, 1, null);

        assertThat(answer.matches(typed)).isEqualTo(accepted);
    }

    @Test
    void intervalEndsAreInclusiveByDefault() {
        AcceptedNumber answer = new AcceptedNumber(null, null, null, 1.0, 2.0, null, null, null, null);

        assertThat(answer.matches(1.0)).isTrue();
        assertThat(answer.matches(2.0)).isTrue();
    }

    @Test
    void halfOpenIntervals() {
        AcceptedNumber atLeastZero = AcceptedNumber.interval(0.0, true, null, true, 1, null);
        AcceptedNumber belowTen = AcceptedNumber.interval(null, true, 10.0, false, 1, null);

        assertThat(atLeastZero.matches(1e9)).isTrue();
        assertThat(atLeastZero.matches(-0.1)).isFalse();
        assertThat(belowTen.matches(-1e9)).isTrue();
        assertThat(belowTen.matches(10)).isFalse();
    }

    @Test
    void highestFractionAmongMatchesWinsWithItsFeedback() {
        NumericQuestion question = numeric("g",
                AcceptedNumber.interval(9.0, true, 11.0, true, 0.5, "Close: use more decimals."),
                AcceptedNumber.exact(9.81, 0.01, 1.0, "Exactly."),
                AcceptedNumber.interval(null, true, 0.0, false, 0.0, "Gravity pulls down, but g is positive."));

        PartResult exact = gradeOne(question, new Answer.Numeric(9.81));
        PartResult close = gradeOne(question, new Answer.Numeric(10));
        PartResult negative = gradeOne(question, new Answer.Numeric(-9.81));

        assertThat(exact.score()).isEqualTo(1.0);
        assertThat(exact.feedback()).containsExactly("Exactly.");
        assertThat(close.score()).isEqualTo(0.5);
        assertThat(close.correctness()).isEqualTo(Correctness.PARTIAL);
        assertThat(close.feedback()).containsExactly("Close: use more decimals.");
        assertThat(negative.score()).isZero();
        assertThat(negative.feedback()).containsExactly("Gravity pulls down, but g is positive.");
    }

    @Test
    void noMatchEarnsNothingWithoutFeedback() {
        PartResult part = gradeOne(numeric("n", AcceptedNumber.exact(1, 0, 1, "yes")), new Answer.Numeric(2));

        assertThat(part.score()).isZero();
        assertThat(part.correctness()).isEqualTo(Correctness.INCORRECT);
        assertThat(part.feedback()).isEmpty();
    }

    @Test
    void negativeFractionGivesFeedbackButNoNegativeScore() {
        NumericQuestion question = numeric("n", AcceptedNumber.exact(1, 0, 1, null),
                AcceptedNumber.exact(-1, 0, -1, "Sign error."));

        PartResult part = gradeOne(question, new Answer.Numeric(-1));

        assertThat(part.score()).isZero();
        assertThat(part.feedback()).containsExactly("Sign error.");
    }
}
