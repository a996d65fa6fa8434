package dev.assay.peerreview.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the reviews, every model gives finite grades, intervals, biases and reliabilities. The courses are built
 * to hit what breaks a bias/reliability fit: reviewers who agree exactly (zero variance), submissions with a single
 * review, reviewers scoring a constant or only the ends of the scale, and calibration attempts as far from staff's
 * scores as the scale allows.
 */
class FiniteFitPropertiesTest {

    /** A course, its staff-scored calibration items and its scale. */
    record Course(List<Review> reviews, Map<String, Double> staff, ScoreRange range) {
    }

    enum Kind { EXACT, NOISY, CONSTANT, EXTREME }

    @Provide
    Arbitrary<Course> courses() {
        return Combinators.combine(Arbitraries.integers().between(1, 25), Arbitraries.integers().between(1, 24),
                Arbitraries.of(1.0, 10.0, 100.0, 1e6), Arbitraries.longs()).as((n, m, max, seed) -> {
                    var rng = new Random(seed);
                    var range = new ScoreRange(0, max);
                    // Few distinct true qualities, so that exact reviewers agree on many submissions.
                    double[] levels = {0, 0.2 * max, 0.45 * max, 0.65 * max, 0.8 * max, max};
                    double[] truth = new double[n];
                    for (int u = 0; u < n; u++) {
                        truth[u] = levels[rng.nextInt(levels.length)];
                    }
                    // Mostly reviewers who score exactly the truth, as in a course where everyone agrees.
                    Kind[] kinds = new Kind[m];
                    boolean allExact = rng.nextBoolean();
                    for (int v = 0; v < m; v++) {
                        kinds[v] = allExact || rng.nextInt(3) > 0 ? Kind.EXACT
                                : Kind.values()[rng.nextInt(Kind.values().length)];
                    }
                    List<Review> reviews = new ArrayList<>();
                    Map<String, Double> staff = new LinkedHashMap<>();
                    int items = rng.nextInt(3);
                    for (int c = 0; c < items; c++) {
                        staff.put("calibration:ex" + c, levels[rng.nextInt(levels.length)]);
                    }
                    for (int v = 0; v < m; v++) {
                        // Calibration attempts: exact, or (a few learners) as far off as the scale allows.
                        int attempt = rng.nextInt(6);
                        for (var item : staff.entrySet()) {
                            if (attempt == 0 || rng.nextInt(3) == 0) {
                                continue;
                            }
                            double score = attempt == 1 ? max : attempt == 2 ? 0 : item.getValue();
                            reviews.add(new Review("r" + v, item.getKey(), score));
                        }
                    }
                    int k = 1 + rng.nextInt(Math.min(m, 5));
                    for (int u = 0; u < n; u++) {
                        List<Integer> reviewers = new ArrayList<>();
                        for (int v = 0; v < m; v++) {
                            reviewers.add(v);
                        }
                        Collections.shuffle(reviewers, rng);
                        int count = rng.nextInt(6) == 0 ? 1 : k;
                        for (int j = 0; j < count; j++) {
                            int v = reviewers.get(j);
                            double score = switch (kinds[v]) {
                                case EXACT -> truth[u];
                                case NOISY -> Math.round(truth[u] + 0.1 * max * rng.nextGaussian());
                                case CONSTANT -> 0.65 * max;
                                case EXTREME -> rng.nextBoolean() ? max : 0;
                            };
                            reviews.add(new Review("r" + v, "s" + u, Math.max(0, Math.min(max, score))));
                        }
                    }
                    return new Course(reviews, staff, range);
                });
    }

    @Provide
    Arbitrary<AggregationModel> models() {
        return Arbitraries.of(AggregationModels.all());
    }

    @Property(tries = 300)
    void everyEstimateIsFinite(@ForAll("courses") Course course, @ForAll("models") AggregationModel model) {
        Aggregation scaled = model.aggregate(course.reviews(), course.staff(), course.range());
        EdgeCaseTest.assertFinite(scaled);
        for (SubmissionEstimate e : scaled.submissions().values()) {
            assertThat(e.ciLow()).isGreaterThanOrEqualTo(course.range().min());
            assertThat(e.ciHigh()).isLessThanOrEqualTo(course.range().max());
        }
        EdgeCaseTest.assertFinite(model.aggregate(course.reviews(), course.staff()));
    }
}
