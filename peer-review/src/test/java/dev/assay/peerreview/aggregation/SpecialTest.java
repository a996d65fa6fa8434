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
}
