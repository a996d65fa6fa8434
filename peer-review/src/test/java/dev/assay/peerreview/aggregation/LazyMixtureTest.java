package dev.assay.peerreview.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LazyMixtureTest {

    @Test
    void logDensityOfDiagonalPlusRankOneMatchesTheTwoByTwoCase() {
        // Covariance [[d1 + s², s²], [s², d2 + s²]]: determinant and quadratic form by hand.
        double d1 = 2, d2 = 3, s2 = 5, r1 = 1.5, r2 = -0.5;
        double a = d1 + s2, b = s2, c = d2 + s2;
        double det = a * c - b * b;
        double quad = (c * r1 * r1 - 2 * b * r1 * r2 + a * r2 * r2) / det;
        double expected = -0.5 * (2 * Math.log(2 * Math.PI) + Math.log(det) + quad);
        assertThat(LazyMixture.logDensity(new double[] {r1, r2}, new double[] {d1, d2}, 2, s2))
                .isCloseTo(expected, within(1e-12));
    }

    @Test
    void constantVarianceShortcutAgreesWithTheGeneralForm() {
        double[] r = {1, -2, 0.5, 4};
        double[] d = {3, 3, 3, 3};
        double sum = 0, squares = 0;
        for (double x : r) {
            sum += x;
            squares += x * x;
        }
        assertThat(LazyMixture.logDensity(sum, squares, 4, 3, 7))
                .isCloseTo(LazyMixture.logDensity(r, d, 4, 7), within(1e-12));
    }

    private static java.util.List<Review> reviews(String... triples) {
        java.util.List<Review> out = new java.util.ArrayList<>();
        for (String t : triples) {
            String[] p = t.split(" ");
            out.add(new Review(p[0], p[1], Double.parseDouble(p[2])));
        }
        return out;
    }

    @Test
    void aSmallCohortIsGradedAsByPg3WithNoReviewerFlaggedLazy() {
        // Four learners, two reviews each (a simulated course on which the lazy fit once produced NaN grades):
        // too few reviewers to learn what lazy scoring looks like. (The fits stop at their own tolerances.)
        var small = reviews("u3 u1 2", "u2 u1 5", "u4 u2 2", "u3 u2 2", "u1 u3 5", "u4 u3 4", "u2 u4 5", "u1 u4 0");
        Aggregation lazy = AggregationModels.byName("pg3-lazy").orElseThrow().aggregate(small, java.util.Map.of());
        Aggregation pg3 = AggregationModels.byName("pg3").orElseThrow().aggregate(small, java.util.Map.of());
        assertThat(lazy.reviewers().values()).allSatisfy(r -> assertThat(r.lazyProbability()).isZero());
        lazy.submissions().forEach((id, s) ->
                assertThat(s.score()).isCloseTo(pg3.submissions().get(id).score(), within(1e-4)));
    }

    @Test
    void reviewersAloneOnTheirSubmissionsAreNeverJudgedLazy() {
        // 30 reviewers, each the only reviewer of four submissions, the middling scores a lazy reviewer would give:
        // nothing to compare them with, so no evidence either way.
        java.util.List<Review> alone = new java.util.ArrayList<>();
        for (int v = 0; v < 30; v++) {
            for (int i = 0; i < 4; i++) {
                alone.add(new Review("r" + v, "s" + v + "-" + i, 3 + (i % 2)));
            }
        }
        Aggregation agg = AggregationModels.byName("pg3-lazy").orElseThrow().aggregate(alone, java.util.Map.of());
        assertThat(agg.reviewers().values()).allSatisfy(r -> assertThat(r.lazyProbability()).isLessThanOrEqualTo(0.5));
    }
}
