package dev.assay.peerreview.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsensusModelsTest {

    private static final List<Review> REVIEWS = List.of(
            new Review("a", "s1", 60), new Review("b", "s1", 70), new Review("c", "s1", 95),
            new Review("a", "s2", 40), new Review("b", "s2", 50), new Review("c", "s2", 45), new Review("d", "s2", 57));

    @Test
    void medianAndMeanOfEachSubmission() {
        Aggregation median = new MedianModel().aggregate(REVIEWS, Map.of());
        Aggregation mean = new MeanModel().aggregate(REVIEWS, Map.of());
        assertThat(median.submissions().get("s1").score()).isEqualTo(70);
        assertThat(median.submissions().get("s2").score()).isEqualTo(47.5);
        assertThat(mean.submissions().get("s1").score()).isCloseTo(75, within(1e-9));
        assertThat(mean.submissions().get("s2").score()).isCloseTo(48, within(1e-9));
    }

    @Test
    void intervalsUseThePooledSpread() {
        // Within-submission sums of squares: s1 650 (2 df), s2 158 (3 df): pooled variance 808/5.
        double pooled = 808.0 / 5;
        Aggregation mean = new MeanModel().aggregate(REVIEWS, Map.of());
        double half = Intervals.Z90 * Math.sqrt(pooled / 3);
        assertThat(mean.submissions().get("s1").ciLow()).isCloseTo(75 - half, within(1e-9));
        assertThat(mean.submissions().get("s1").ciHigh()).isCloseTo(75 + half, within(1e-9));
        Aggregation median = new MedianModel().aggregate(REVIEWS, Map.of());
        // The median of three normal draws varies about 1.35 times as much as their mean.
        assertThat(median.submissions().get("s1").width() / mean.submissions().get("s1").width())
                .isCloseTo(Math.sqrt(1.347), within(1e-9));
    }

    @Test
    void residualsGiveReviewerBias() {
        Aggregation mean = new MeanModel().aggregate(REVIEWS, Map.of());
        // Reviewer c: 95 − 75 and 45 − 48.
        assertThat(mean.reviewers().get("c").bias()).isCloseTo(8.5, within(1e-9));
        assertThat(mean.reviewers().get("d").reviews()).isEqualTo(1);
    }

    @Test
    void vancouverDownweightsAnErraticReviewer() {
        double[] bias = {0, 0, 0, 0, 0, 0};
        double[] noise = {1, 1, 1, 1, 1, 15};
        var reviews = HandMade.course(90, 3, bias, noise, 3);
        Aggregation vancouver = new VancouverModel().aggregate(reviews, Map.of());
        Aggregation mean = new MeanModel().aggregate(reviews, Map.of());
        assertThat(vancouver.reviewers().get("r5").reliability())
                .isLessThan(vancouver.reviewers().get("r0").reliability() / 10);
        assertThat(HandMade.rmse(vancouver, 90)).isLessThan(HandMade.rmse(mean, 90) / 2);
    }
}
