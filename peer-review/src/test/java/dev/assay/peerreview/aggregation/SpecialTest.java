package dev.assay.peerreview.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SpecialTest {

    @Test
    void erfcMatchesTables() {
        assertThat(Special.erfc(0)).isCloseTo(1, within(1e-7));
        assertThat(Special.erfc(1)).isCloseTo(0.1572992071, within(1e-7));
        assertThat(Special.erfc(-1)).isCloseTo(1.8427007929, within(1e-7));
        assertThat(Special.erfc(2) / 0.004677734981).isCloseTo(1, within(1e-6));
    }

    @Test
    void inverseMillsRatio() {
        assertThat(Special.inverseMills(0)).isCloseTo(Math.sqrt(2 / Math.PI), within(1e-7));
        assertThat(Special.inverseMills(3)).isCloseTo(3.283141, within(1e-4));
        assertThat(Special.inverseMills(-5)).isCloseTo(0, within(1e-5));
        // Far in the tail E[X | X > a] is just above a, and continuous across the switch to the expansion.
        assertThat(Special.inverseMills(30)).isCloseTo(30.0333, within(1e-3));
        assertThat(Special.inverseMills(25.0001)).isCloseTo(Special.inverseMills(24.9999), within(1e-3));
    }

    @Test
    void truncatedNormalQuantiles() {
        // At lo the truncated normal is the half-normal: its 90 % point is the 95 % point of the normal.
        assertThat(Special.truncatedQuantileAbove(0, 1, 0, 50, 0.9)).isCloseTo(1.6448536, within(1e-5));
        // Far below lo, both the tail and the exponential expansion give x with P(X > x | X > lo) = 0.1.
        double a = 6;
        double q = Special.truncatedQuantileAbove(-a, 1, 0, 50, 0.9);
        assertThat(Special.upperTail(q + a) / Special.upperTail(a)).isCloseTo(0.1, within(1e-4));
        assertThat(Special.truncatedQuantileAbove(-40, 1, 0, 50, 0.9)).isCloseTo(Math.log(10) / 40, within(1e-3));
        // Never past the other end of the scale.
        assertThat(Special.truncatedQuantileAbove(-0.1, 100, 0, 1, 0.9)).isLessThanOrEqualTo(1);
    }
}
