package dev.assay.peerreview.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Pg1ModelTest {

    private static final double[] BIAS = {10, 5, 0, 0, -5, -10, 3, -3};
    private static final double[] NOISE = {1, 1, 1, 1, 1, 8, 1, 1};

    @Test
    void recoversReviewerBiasesAndGrades() {
        var reviews = HandMade.course(80, 4, BIAS, NOISE, 7);
        Aggregation result = new Pg1Model().aggregate(reviews, Map.of());
        for (int v = 0; v < BIAS.length; v++) {
            assertThat(result.reviewers().get("r" + v).bias()).as("bias of r%d", v).isCloseTo(BIAS[v], within(2.0));
        }
        assertThat(result.converged()).isTrue();
        assertThat(HandMade.rmse(result, 80)).isLessThan(2.0);
        assertThat(HandMade.rmse(result, 80)).isLessThan(HandMade.rmse(new MeanModel().aggregate(reviews, Map.of()), 80));
    }

    @Test
    void noisyReviewerGetsTheLowestReliability() {
        var reviews = HandMade.course(80, 4, BIAS, NOISE, 8);
        Aggregation result = new Pg1Model().aggregate(reviews, Map.of());
        double noisy = result.reviewers().get("r5").reliability();
        for (int v = 0; v < BIAS.length; v++) {
            if (v != 5) {
                assertThat(result.reviewers().get("r" + v).reliability()).isGreaterThan(3 * noisy);
            }
        }
        assertThat(result.reviewers().get("r5").noiseSd()).isBetween(4.0, 12.0);
    }

    @Test
    void staffScoresPinTheScaleWhenEveryReviewerIsGenerous() {
        double[] generous = {13, 8, 3, 11, 5, 9};
        double[] noise = {2, 2, 2, 2, 2, 2};
        List<Review> reviews = new ArrayList<>(HandMade.course(60, 3, generous, noise, 9));
        // Two calibration items scored by every reviewer, as in Coursera's ground-truth grading.
        Map<String, Double> staff = new HashMap<>();
        var rng = new java.util.SplittableRandom(10);
        for (String item : List.of("cal1", "cal2")) {
            double truth = item.equals("cal1") ? 60 : 80;
            staff.put(item, truth);
            for (int v = 0; v < generous.length; v++) {
                reviews.add(new Review("r" + v, item, truth + generous[v] + noise[v] * rng.nextGaussian()));
            }
        }
        Aggregation blind = new Pg1Model().aggregate(reviews, Map.of());
        Aggregation anchored = new Pg1Model().aggregate(reviews, staff);
        // Without anchors biases average zero by assumption, so every grade is about 8 points too high.
        assertThat(HandMade.rmse(blind, 60)).isGreaterThan(6);
        assertThat(HandMade.rmse(anchored, 60)).isLessThan(2);
        for (int v = 0; v < generous.length; v++) {
            assertThat(anchored.reviewers().get("r" + v).bias()).isCloseTo(generous[v], within(2.0));
        }
        assertThat(anchored.submissions().get("cal1").score()).isEqualTo(60.0);
    }

    @Test
    void intervalsWidenWithFewerReviews() {
        var reviews = new ArrayList<>(HandMade.course(80, 4, BIAS, NOISE, 11));
        reviews.add(new Review("r0", "extra", 70));
        Aggregation result = new Pg1Model().aggregate(reviews, Map.of());
        double oneReview = result.submissions().get("extra").width();
        double fourReviews = result.submissions().get("s10").width();
        assertThat(oneReview).isGreaterThan(fourReviews);
    }

    @Test
    void sameInputGivesIdenticalOutput() {
        var reviews = HandMade.course(50, 3, BIAS, NOISE, 12);
        assertThat(new Pg1Model().aggregate(reviews, Map.of())).isEqualTo(new Pg1Model().aggregate(reviews, Map.of()));
    }
}
