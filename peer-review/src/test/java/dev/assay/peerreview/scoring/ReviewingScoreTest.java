package dev.assay.peerreview.scoring;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ReviewingScoreTest {

    @Test
    void accurateCompleteReviewingEarnsFullMarks() {
        ReviewingScore s = ReviewingScore.of(3, 3, 100, new double[]{0, 0, 0});
        assertThat(s.score()).isEqualTo(100.0);
        assertThat(s.accuracy()).isEqualTo(1.0);
    }

    @Test
    void accuracyScalesTheSecondHalfAndAQuarterOfTheScaleOffEarnsNone() {
        // Scale 0-100: errors of 25 are a quarter of the scale, so accuracy 0 and only the completion half.
        assertThat(ReviewingScore.of(3, 3, 100, new double[]{25, -25, 40}).score()).isEqualTo(50.0);
        // Mean error 12.5: accuracy 0.5, score 100 × (0.5 + 0.25).
        ReviewingScore half = ReviewingScore.of(2, 2, 100, new double[]{10, -15});
        assertThat(half.meanAbsoluteError()).isEqualTo(12.5);
        assertThat(half.score()).isCloseTo(75.0, within(1e-9));
    }

    @Test
    void missingReviewsCostTheirShareAndExtraReviewsEarnNothingMore() {
        assertThat(ReviewingScore.of(1, 4, 10, new double[]{0}).score()).isEqualTo(25.0);
        assertThat(ReviewingScore.of(0, 4, 10, new double[]{}).score()).isZero();
        assertThat(ReviewingScore.of(6, 3, 10, new double[]{0}).score()).isEqualTo(100.0);
    }

    @Test
    void nothingJudgedEarnsCompletionOnlyAndAnUnknownAccuracy() {
        // Four reviews, none of a submission with a final grade yet: accuracy is unknown, not perfect.
        ReviewingScore s = ReviewingScore.of(4, 2, 10, new double[]{});
        assertThat(s.judged()).isZero();
        assertThat(s.accuracy()).isNaN();
        assertThat(s.meanAbsoluteError()).isNaN();
        assertThat(s.score()).isEqualTo(50.0);
        assertThat(ReviewingScore.of(1, 2, 10, new double[]{}).score()).isEqualTo(25.0);
    }

    @Test
    void nonsenseInputIsRefused() {
        assertThatThrownBy(() -> ReviewingScore.of(1, 0, 10, new double[]{})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReviewingScore.of(1, 1, 0, new double[]{})).isInstanceOf(IllegalArgumentException.class);
    }
}
