package dev.assay.peerreview.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Degenerate inputs every model must handle without NaN, exceptions or silly intervals. */
class EdgeCaseTest {

    static List<AggregationModel> models() {
        return AggregationModels.all();
    }

    @ParameterizedTest
    @MethodSource("models")
    void emptyInputGivesEmptyAggregation(AggregationModel model) {
        Aggregation result = model.aggregate(List.of(), Map.of("s1", 50.0));
        assertThat(result.submissions()).isEmpty();
        assertThat(result.reviewers()).isEmpty();
        assertThat(result.model()).isEqualTo(model.name());
    }

    @ParameterizedTest
    @MethodSource("models")
    void singleReviewIsTheGrade(AggregationModel model) {
        Aggregation result = model.aggregate(List.of(new Review("r1", "s1", 70)), Map.of());
        SubmissionEstimate e = result.submissions().get("s1");
        assertThat(e.score()).isCloseTo(70, within(1e-6));
        assertThat(e.ciLow()).isLessThanOrEqualTo(70);
        assertThat(e.ciHigh()).isGreaterThanOrEqualTo(70);
        assertFinite(result);
    }

    @ParameterizedTest
    @MethodSource("models")
    void identicalScoresGiveThatScoreEverywhere(AggregationModel model) {
        var reviews = new java.util.ArrayList<Review>();
        for (int s = 0; s < 10; s++) {
            for (int r = 0; r < 3; r++) {
                reviews.add(new Review("r" + ((s + r) % 10), "s" + s, 8));
            }
        }
        Aggregation result = model.aggregate(reviews, Map.of());
        assertFinite(result);
        for (SubmissionEstimate e : result.submissions().values()) {
            assertThat(e.score()).isCloseTo(8, within(1e-6));
            assertThat(e.width()).isLessThan(0.01);
        }
        for (ReviewerEstimate r : result.reviewers().values()) {
            assertThat(r.bias()).isCloseTo(0, within(1e-6));
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void reviewerWithOneReviewAndSubmissionWithOneReview(AggregationModel model) {
        var reviews = List.of(
                new Review("a", "s1", 60), new Review("b", "s1", 70), new Review("c", "s1", 65),
                new Review("a", "s2", 80), new Review("b", "s2", 90),
                new Review("lonely", "s3", 40));
        Aggregation result = model.aggregate(reviews, Map.of());
        assertFinite(result);
        assertThat(result.submissions()).containsOnlyKeys("s1", "s2", "s3");
        assertThat(result.reviewers()).containsOnlyKeys("a", "b", "c", "lonely");
        assertThat(result.reviewers().get("lonely").reviews()).isEqualTo(1);
        assertThat(result.submissions().get("s3").reviews()).isEqualTo(1);
        assertThat(result.submissions().get("s2").score()).isBetween(60.0, 100.0);
    }

    @ParameterizedTest
    @MethodSource("models")
    void staffScoresAreTheGradesOfTheirSubmissions(AggregationModel model) {
        var reviews = List.of(
                new Review("a", "cal", 90), new Review("b", "cal", 80),
                new Review("a", "s1", 70), new Review("b", "s1", 60));
        Aggregation result = model.aggregate(reviews, Map.of("cal", 75.0, "never-reviewed", 10.0));
        SubmissionEstimate cal = result.submissions().get("cal");
        assertThat(cal.anchored()).isTrue();
        assertThat(cal.score()).isEqualTo(75.0);
        assertThat(cal.width()).isZero();
        assertThat(result.submissions()).doesNotContainKey("never-reviewed");
        assertThat(result.submissions().get("s1").anchored()).isFalse();
    }

    @ParameterizedTest
    @MethodSource("models")
    void duplicateReviewIsRejected(AggregationModel model) {
        var reviews = List.of(new Review("a", "s1", 1), new Review("b", "s1", 2), new Review("a", "s1", 3));
        assertThatThrownBy(() -> model.aggregate(reviews, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("reviewer a reviewed submission s1 twice (reviews 1 and 3)");
    }

    @ParameterizedTest
    @MethodSource("models")
    void nonFiniteStaffScoreIsRejected(AggregationModel model) {
        assertThatThrownBy(() -> model.aggregate(List.of(new Review("a", "s1", 1)), Map.of("s1", Double.NaN)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("s1");
    }

    @ParameterizedTest
    @MethodSource("models")
    void scaleClampsGradesAndIntervals(AggregationModel model) {
        var reviews = List.of(new Review("a", "s1", 100), new Review("b", "s1", 100), new Review("c", "s1", 95),
                new Review("a", "s2", 50), new Review("b", "s2", 60), new Review("c", "s2", 40));
        Aggregation result = model.aggregate(reviews, Map.of(), new ScoreRange(0, 100));
        for (SubmissionEstimate e : result.submissions().values()) {
            assertThat(e.ciLow()).isBetween(0.0, 100.0);
            assertThat(e.ciHigh()).isBetween(0.0, 100.0);
        }
        assertThat(result.submissions().get("s1").score()).isGreaterThan(result.submissions().get("s2").score());
    }

    @ParameterizedTest
    @MethodSource("models")
    void reviewValidation(AggregationModel model) {
        assertThatThrownBy(() -> new Review(" ", "s", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Review("r", "s", Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(model.name()).isNotBlank();
        assertThat(model.description()).isNotBlank();
    }

    static void assertFinite(Aggregation result) {
        for (SubmissionEstimate e : result.submissions().values()) {
            assertThat(List.of(e.score(), e.ciLow(), e.ciHigh())).allMatch(Double::isFinite);
        }
        for (ReviewerEstimate r : result.reviewers().values()) {
            assertThat(Double.isFinite(r.bias())).as("bias of %s", r.reviewer()).isTrue();
            assertThat(r.reliability()).as("reliability of %s", r.reviewer()).isFinite().isNotNegative();
            assertThat(r.lazyProbability()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void reviews_piled_at_an_end_of_the_scale_keep_an_interval_of_some_width() {
        // Four reviews of 0 on a 0-6 scale: the censored models read "0 or less" and estimate below 0. The grade is
        // 0; its interval must still leave room above it, as each review's own noise does.
        var random = new java.util.Random(1);
        var reviews = new java.util.ArrayList<Review>();
        for (int r = 1; r <= 4; r++) {
            reviews.add(new Review("r" + r, "s0", 0));
        }
        for (int s = 1; s <= 5; s++) {
            for (int r = 0; r < 4; r++) {
                reviews.add(new Review("r" + ((s + r) % 6), "s" + s, 2 + random.nextInt(4)));
            }
        }
        for (String name : java.util.List.of("pg1", "pg3", "median")) {
            var low = AggregationModels.byName(name).orElseThrow().aggregate(reviews, Map.of(), new ScoreRange(0, 6))
                    .submissions().get("s0");
            assertThat(low.score()).as(name).isEqualTo(0);
            assertThat(low.ciLow()).as(name).isEqualTo(0);
            assertThat(low.ciHigh()).as(name).isBetween(0.3, 1.5);
            // The same course turned over: reviews piled at the top.
            var turned = new java.util.ArrayList<Review>();
            reviews.forEach(r -> turned.add(new Review(r.reviewer(), r.submission(), 6 - r.score())));
            var high = AggregationModels.byName(name).orElseThrow().aggregate(turned, Map.of(), new ScoreRange(0, 6))
                    .submissions().get("s0");
            assertThat(high.score()).as(name).isEqualTo(6);
            assertThat(high.ciHigh()).as(name).isEqualTo(6);
            assertThat(6 - high.ciLow()).as(name).isCloseTo(low.ciHigh(), within(0.05));
        }
    }
}
