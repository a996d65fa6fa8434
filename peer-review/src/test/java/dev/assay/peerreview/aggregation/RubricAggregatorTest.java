package dev.assay.peerreview.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RubricAggregatorTest {

    private static final Rubric RUBRIC = new Rubric(new LinkedHashMap<>(Map.of(
            "ideas", new ScoreRange(0, 4), "style", new ScoreRange(0, 6))));

    @Test
    void aggregatesEachCriterionAndTheTotals() {
        List<CriterionReview> reviews = new ArrayList<>();
        // Three reviewers agree on both criteria of s1 and s2; reviewer c skips "style" on s2.
        for (String reviewer : List.of("a", "b", "c")) {
            reviews.add(new CriterionReview(reviewer, "s1", "ideas", 3));
            reviews.add(new CriterionReview(reviewer, "s1", "style", 5));
            reviews.add(new CriterionReview(reviewer, "s2", "ideas", 1));
            if (!reviewer.equals("c")) {
                reviews.add(new CriterionReview(reviewer, "s2", "style", 2));
            }
        }
        RubricAggregation result = new RubricAggregator(new MedianModel(), RUBRIC).aggregate(reviews, Map.of());
        assertThat(result.criteria()).containsOnlyKeys("ideas", "style");
        assertThat(result.criteria().get("ideas").submissions().get("s2").score()).isEqualTo(1);
        assertThat(result.criteria().get("style").submissions().get("s2").reviews()).isEqualTo(2);
        assertThat(result.total().submissions().get("s1").score()).isEqualTo(8);
        // Reviewer c's partial total for s2 is left out rather than counted as a harsh 1.
        assertThat(result.total().submissions().get("s2").reviews()).isEqualTo(2);
        assertThat(result.total().submissions().get("s2").score()).isEqualTo(3);
    }

    @Test
    void staffScoresAnchorCriteriaAndTotals() {
        List<CriterionReview> reviews = List.of(
                new CriterionReview("a", "cal", "ideas", 4), new CriterionReview("a", "cal", "style", 6),
                new CriterionReview("b", "cal", "ideas", 3), new CriterionReview("b", "cal", "style", 5),
                new CriterionReview("a", "s1", "ideas", 2), new CriterionReview("a", "s1", "style", 3),
                new CriterionReview("b", "s1", "ideas", 1), new CriterionReview("b", "s1", "style", 2));
        var staff = Map.of("cal", Map.of("ideas", 3.0, "style", 4.0), "s1", Map.of("ideas", 2.0));
        RubricAggregation result = new RubricAggregator(new Pg1Model(), RUBRIC).aggregate(reviews, staff);
        assertThat(result.criteria().get("ideas").submissions().get("s1").score()).isEqualTo(2.0);
        assertThat(result.criteria().get("style").submissions().get("s1").anchored()).isFalse();
        assertThat(result.total().submissions().get("cal").score()).isEqualTo(7.0);
        // s1 has a staff score for one criterion only, so no staff total.
        assertThat(result.total().submissions().get("s1").anchored()).isFalse();
        assertThat(result.total().submissions().get("s1").score()).isBetween(0.0, 10.0);
        assertThat(RUBRIC.totalRange().max()).isCloseTo(10, within(1e-12));
    }

    @Test
    void unknownCriterionIsRejected() {
        var aggregator = new RubricAggregator(new MeanModel(), RUBRIC);
        assertThatThrownBy(() -> aggregator.aggregate(List.of(new CriterionReview("a", "s1", "grammar", 1)), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grammar");
        assertThatThrownBy(() -> new Rubric(Map.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
