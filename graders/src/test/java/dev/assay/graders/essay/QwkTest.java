package dev.assay.graders.essay;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class QwkTest {

    @Test
    void perfectAgreementIsOne() {
        int[] a = {0, 1, 2, 3, 2, 1};
        assertThat(Qwk.qwk(a, a.clone(), 0, 3)).isEqualTo(1.0);
        assertThat(Qwk.exactAgreement(a, a.clone())).isEqualTo(1.0);
    }

    @Test
    void matchesAHandComputedValue() {
        // Ratings 0..2. Observed pairs: (0,0) (1,1) (2,1) (2,2). Weights (i-j)^2/4.
        // Observed: one pair off by one -> 0.25. Expected from histA = [1,1,2], histB = [1,2,1], n = 4:
        // off by one: (0,1) 1*2, (1,0) 1*1, (1,2) 1*1, (2,1) 2*2 -> 0.25 * 8 / 4 = 0.5; off by two: (0,2) 1*1,
        // (2,0) 2*1 -> 1 * 3 / 4 = 0.75; total 1.25.
        int[] a = {0, 1, 2, 2};
        int[] b = {0, 1, 1, 2};
        assertThat(Qwk.qwk(a, b, 0, 2)).isCloseTo(1 - 0.25 / 1.25, within(1e-12));
    }

    @Test
    void isSymmetricAndNearZeroForIndependentRatings() {
        Random r = new Random(7);
        int[] a = new int[20_000];
        int[] b = new int[20_000];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextInt(5);
            b[i] = r.nextInt(5);
        }
        assertThat(Qwk.qwk(a, b, 0, 4)).isCloseTo(Qwk.qwk(b, a, 0, 4), within(1e-12)).isCloseTo(0, within(0.03));
    }

    @Test
    void reversedRatingsAreNegative() {
        int[] a = {0, 1, 2, 3, 4};
        int[] b = {4, 3, 2, 1, 0};
        assertThat(Qwk.qwk(a, b, 0, 4)).isEqualTo(-1.0);
    }

    @Test
    void agreementWithinTolerance() {
        int[] a = {0, 2, 4, 6};
        int[] b = {1, 2, 7, 6};
        assertThat(Qwk.exactAgreement(a, b)).isEqualTo(0.5);
        assertThat(Qwk.withinAgreement(a, b, 1)).isEqualTo(0.75);
        assertThatThrownBy(() -> Qwk.qwk(new int[1], new int[2], 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
