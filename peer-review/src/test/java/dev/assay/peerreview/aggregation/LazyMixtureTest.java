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
}
