package dev.assay.peerreview.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.peerreview.aggregation.AggregationModels;
import dev.assay.peerreview.aggregation.Review;
import dev.assay.peerreview.rubric.InvalidRubricException;
import dev.assay.peerreview.rubric.PeerRubricTest;
import dev.assay.peerreview.rubric.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalibrationTest {
    private static final CalibrationExample EXAMPLE = new CalibrationExample("ex1", Map.of("ideas", 2.0, "style", 1.5));
    private static final CalibrationPolicy POLICY = new CalibrationPolicy(1, 2);

    @Test
    void within_tolerance_on_every_criterion_passes() {
        var a = CalibrationScorer.score(PeerRubricTest.essayRubric(), EXAMPLE, Map.of("ideas", 2.0, "style", 1.5), POLICY);
        assertThat(a.passed()).isTrue();
        assertThat(a.meanDistance()).isZero();
    }

    @Test
    void one_criterion_too_far_fails_and_says_which() {
        var a = CalibrationScorer.score(PeerRubricTest.essayRubric(), EXAMPLE, Map.of("ideas", 4.0, "style", 1.5), POLICY);
        assertThat(a.passed()).isFalse();
        assertThat(a.criteria()).filteredOn(f -> !f.agrees()).extracting(CriterionFeedback::criterion).containsExactly("ideas");
        assertThat(a.totalError()).isEqualTo(2.0);
        assertThat(a.criteria().getFirst().distance()).isEqualTo(2.0);
    }

    @Test
    void attempt_that_is_not_a_valid_review_is_rejected_naming_the_field() {
        assertThatThrownBy(() -> CalibrationScorer.score(PeerRubricTest.essayRubric(), EXAMPLE, Map.of("ideas", 3.0), POLICY))
                .isInstanceOfSatisfying(InvalidRubricException.class, e -> assertThat(e.problems())
                        .extracting(Problem::field).containsExactlyInAnyOrder("scores.ideas", "scores.style"));
    }

    @Test
    void gate_requires_then_passes_or_releases_after_the_retries() {
        var fail = CalibrationScorer.score(PeerRubricTest.essayRubric(), EXAMPLE, Map.of("ideas", 4.0, "style", 0.0), POLICY);
        var pass = CalibrationScorer.score(PeerRubricTest.essayRubric(), EXAMPLE, Map.of("ideas", 2.0, "style", 1.5), POLICY);
        assertThat(CalibrationGate.of(POLICY, List.of())).isEqualTo(new CalibrationGate.Required(0, 2));
        assertThat(CalibrationGate.of(POLICY, List.of(fail))).isEqualTo(new CalibrationGate.Required(1, 1));
        assertThat(CalibrationGate.of(POLICY, List.of(fail, pass)).mayReview()).isTrue();
        assertThat(CalibrationGate.of(POLICY, List.of(fail, fail))).isEqualTo(new CalibrationGate.Exhausted(2));
    }

    @Test
    void staff_examples_are_checked_against_the_rubric() {
        var problems = CalibrationScorer.checkExamples(PeerRubricTest.essayRubric(),
                List.of(EXAMPLE, new CalibrationExample("ex1", Map.of("ideas", 1.0, "style", 0.0))));
        assertThat(problems).extracting(Problem::field).containsExactlyInAnyOrder("calibration[1].id", "calibration[1].scores.ideas");
    }

    @Test
    void calibration_error_lowers_a_reviewers_weight_in_the_aggregation() {
        // Two reviewers score the same ten submissions identically far apart; only calibration tells them apart.
        var careful = List.of(CalibrationScorer.score(PeerRubricTest.essayRubric(), EXAMPLE, Map.of("ideas", 2.0, "style", 1.5), POLICY));
        var sloppy = List.of(CalibrationScorer.score(PeerRubricTest.essayRubric(), EXAMPLE, Map.of("ideas", 4.0, "style", 0.0), POLICY),
                CalibrationScorer.score(PeerRubricTest.essayRubric(),
                        new CalibrationExample("ex2", Map.of("ideas", 4.0, "style", 1.5)), Map.of("ideas", 0.0, "style", 0.0), POLICY));
        var anchors = CalibrationEvidence.anchors(Map.of("careful", careful, "sloppy", sloppy),
                List.of(EXAMPLE, new CalibrationExample("ex2", Map.of("ideas", 4.0, "style", 1.5))));
        assertThat(anchors.reviews()).hasSize(3);
        assertThat(anchors.staffScores()).containsEntry("calibration:ex1", 3.5);
        assertThat(CalibrationEvidence.reliability(careful, 0.5)).isGreaterThan(CalibrationEvidence.reliability(sloppy, 0.5));

        var reviews = new ArrayList<>(anchors.reviews());
        for (int i = 0; i < 10; i++) {
            reviews.add(new Review("careful", "s" + i, 2 + (i % 3)));
            reviews.add(new Review("sloppy", "s" + i, 4 - (i % 3)));
            reviews.add(new Review("third", "s" + i, 2 + (i % 3) + (i % 2) * 0.5));
        }
        var agg = AggregationModels.byName("pg1").orElseThrow().aggregate(reviews, anchors.staffScores());
        assertThat(agg.reviewers().get("careful").reliability()).isGreaterThan(agg.reviewers().get("sloppy").reliability());
    }
}
