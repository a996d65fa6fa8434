package dev.assay.peerreview.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.peerreview.aggregation.AggregationModels;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopUpExperimentTest {

    @Test
    void top_up_brings_the_lazy_15_rmse_rise_within_5_percent() {
        var model = AggregationModels.byName("pg3-lazy").orElseThrow();
        List<Long> seeds = List.of(2001L, 2002L);
        double baseline = TopUpExperiment.meanRmse(Presets.PIECH_COURSERA, seeds, model, 0)[0];
        double[] lazy = TopUpExperiment.meanRmse(Presets.LAZY_15, seeds, model, 3);
        assertThat(lazy[1] / baseline).as("without top-up lazy reviewers hurt").isGreaterThan(1.05);
        assertThat(lazy[0] / baseline).as("with top-up").isLessThanOrEqualTo(1.05);
    }

    @Test
    void top_up_flags_mostly_truly_lazy_reviewers_and_adds_about_their_share_of_reviews() {
        var o = TopUpExperiment.run(Presets.LAZY_15, 2003, AggregationModels.byName("pg3-lazy").orElseThrow(), 3);
        assertThat((double) o.flaggedTrulyLazy() / o.flagged()).isGreaterThan(0.8);
        assertThat(o.extraReviews()).isBetween(1500, 4000);
    }
}
