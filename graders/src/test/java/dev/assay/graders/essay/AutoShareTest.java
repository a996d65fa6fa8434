package dev.assay.graders.essay;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AutoShareTest {

    /** A target whose exemplars' confidences are 0.00, 0.01, ..., 0.99 (percentile p is about p / 100). */
    private static TargetModel targetWithConfidences(double[] confidences) {
        return new TargetModel("score", 0, 10, 0, new float[0], 1, 0, new double[0], 1, new double[0],
                EssayModel.percentiles(confidences));
    }

    private static double[] evenConfidences(int n) {
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = i / (double) n;
        }
        return c;
    }

    @Test
    void withoutRoutedExemplarsTheShareIsTheConfidenceShare() {
        double[] conf = evenConfidences(100);
        boolean[] passes = new boolean[100];
        java.util.Arrays.fill(passes, true);
        double[] curve = AutoShare.curve(passes, new double[][] {conf}, List.of(targetWithConfidences(conf)));

        assertThat(curve[70]).isCloseTo(0.7, within(0.02));
        assertThat(AutoShare.confidenceShare(curve, 0.7)).isCloseTo(0.7, within(0.02));
    }

    @Test
    void essaysTheChecksRouteAreMadeUpForByALowerThreshold() {
        double[] conf = evenConfidences(100);
        boolean[] passes = new boolean[100];
        // A fifth of the exemplars fail a check, spread over all confidences.
        for (int e = 0; e < 100; e++) {
            passes[e] = e % 5 != 0;
        }
        double[] curve = AutoShare.curve(passes, new double[][] {conf}, List.of(targetWithConfidences(conf)));

        double share = AutoShare.confidenceShare(curve, 0.7);
        assertThat(share).isCloseTo(0.875, within(0.02)); // 0.875 of the 80 % that pass the checks is 70 %
        assertThat(curve[(int) Math.round(share * 100)]).isCloseTo(0.7, within(0.02));
        // More than the checks leave cannot be had: every essay that passes them is auto-graded.
        assertThat(AutoShare.confidenceShare(curve, 0.9)).isEqualTo(1);
    }

    @Test
    void everyCriterionMustBeConfidentSoEachThresholdIsLower() {
        double[] first = evenConfidences(100);
        double[] second = new double[100];
        for (int e = 0; e < 100; e++) {
            second[e] = first[99 - e]; // confident where the first is not
        }
        boolean[] passes = new boolean[100];
        java.util.Arrays.fill(passes, true);
        double[] curve = AutoShare.curve(passes, new double[][] {first, second},
                List.of(targetWithConfidences(first), targetWithConfidences(second)));

        // At 70 % per criterion only 40 % are confident on both; 85 % per criterion gives 70 %.
        assertThat(curve[70]).isCloseTo(0.4, within(0.02));
        assertThat(AutoShare.confidenceShare(curve, 0.7)).isCloseTo(0.85, within(0.02));
    }

    @Test
    void modelsStoredWithoutACurveUseTheShareAsItIs() {
        assertThat(AutoShare.confidenceShare(null, 0.7)).isEqualTo(0.7);
        assertThat(AutoShare.confidenceShare(new double[AutoShare.POINTS], 0)).isZero();
        assertThat(AutoShare.confidenceShare(new double[AutoShare.POINTS], 1)).isEqualTo(1);
    }
}
