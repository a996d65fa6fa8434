package dev.assay.peerreview.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Invariances every model must respect, on random small courses. */
class PropertiesTest {

    /** A random course: each of n submissions reviewed by k distinct reviewers out of m, scores 0–100. */
    @Provide
    Arbitrary<List<Review>> courses() {
        return Combinators.combine(Arbitraries.integers().between(2, 25), Arbitraries.integers().between(2, 10),
                Arbitraries.longs()).as((n, m, seed) -> {
                    var rng = new Random(seed);
                    int k = 1 + rng.nextInt(Math.min(m, 5));
                    List<Review> reviews = new ArrayList<>();
                    for (int u = 0; u < n; u++) {
                        List<Integer> reviewers = new ArrayList<>();
                        for (int v = 0; v < m; v++) {
                            reviewers.add(v);
                        }
                        Collections.shuffle(reviewers, rng);
                        for (int j = 0; j < k; j++) {
                            reviews.add(new Review("r" + reviewers.get(j), "s" + u, Math.round(rng.nextDouble() * 100)));
                        }
                    }
                    return reviews;
                });
    }

    @Provide
    Arbitrary<AggregationModel> models() {
        return Arbitraries.of(AggregationModels.all());
    }

    @Property(tries = 100)
    void gradesShiftWithTheScores(@ForAll("courses") List<Review> reviews, @ForAll("models") AggregationModel model,
                                  @ForAll @DoubleRange(min = -500, max = 500) double shift) {
        List<Review> shifted = reviews.stream()
                .map(r -> new Review(r.reviewer(), r.submission(), r.score() + shift)).toList();
        Aggregation a = model.aggregate(reviews, Map.of());
        Aggregation b = model.aggregate(shifted, Map.of());
        for (var e : a.submissions().values()) {
            var f = b.submissions().get(e.submission());
            assertThat(f.score()).isCloseTo(e.score() + shift, within(1e-3));
            assertThat(f.width()).isCloseTo(e.width(), within(1e-3 * (1 + e.width())));
        }
    }

    @Property(tries = 100)
    void orderOfReviewsDoesNotMatter(@ForAll("courses") List<Review> reviews, @ForAll("models") AggregationModel model,
                                     @ForAll long seed) {
        List<Review> shuffled = new ArrayList<>(reviews);
        Collections.shuffle(shuffled, new Random(seed));
        Aggregation a = model.aggregate(reviews, Map.of());
        Aggregation b = model.aggregate(shuffled, Map.of());
        for (var e : a.submissions().values()) {
            assertThat(b.submissions().get(e.submission()).score()).isCloseTo(e.score(), within(1e-2));
        }
    }

    @Property(tries = 100)
    void gradesStayWithinTheScoresGivenAndIntervalsHoldThem(@ForAll("courses") List<Review> reviews,
                                                            @ForAll("models") AggregationModel model,
                                                            @ForAll @IntRange(min = 0, max = 3) int anchors) {
        Map<String, Double> staff = new java.util.HashMap<>();
        for (int u = 0; u < anchors; u++) {
            staff.put("s" + u, 50.0);
        }
        Aggregation a = model.aggregate(reviews, staff, new ScoreRange(0, 100));
        EdgeCaseTest.assertFinite(a);
        for (var e : a.submissions().values()) {
            assertThat(e.ciLow()).isLessThanOrEqualTo(e.score());
            assertThat(e.score()).isLessThanOrEqualTo(e.ciHigh());
            assertThat(e.score()).isBetween(0.0, 100.0);
        }
    }
}
