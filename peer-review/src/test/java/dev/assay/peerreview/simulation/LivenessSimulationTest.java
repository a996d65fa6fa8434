package dev.assay.peerreview.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LivenessSimulationTest {

    @ParameterizedTest
    @ValueSource(longs = {2001, 2002, 2003})
    void almost_every_on_time_submission_is_fully_reviewed_within_48_hours(long seed) {
        var r = LivenessSimulation.run(LivenessScenario.DEFAULT, seed);
        assertThat(r.onTime()).isGreaterThan(2800);
        assertThat(r.share()).isGreaterThanOrEqualTo(0.995);
        assertThat(r.abandonedLeases()).as("leases were abandoned and had to expire").isGreaterThan(500);
    }

    @Test
    void too_few_reviews_required_leaves_work_for_staff() {
        // The same course where each learner owes only 2 reviews cannot give 3 to everyone: the simulation must
        // show it rather than report success regardless.
        var s = LivenessScenario.DEFAULT;
        var stingy = new LivenessScenario(s.learners(), s.k(), s.extra(), 2, s.nonReviewerShare(), s.bunchedShare(),
                s.bunchMeanHours(), s.lateShare(), s.startDelayHours(), s.abandonShare(), s.leaseHours(), s.retryHours(),
                s.quitShare());
        var r = LivenessSimulation.run(stingy, 2001);
        assertThat(r.share()).isLessThan(0.6);
        assertThat(r.staffQueue()).isGreaterThan(1000);
    }

    @Test
    void same_seed_same_result() {
        assertThat(LivenessSimulation.run(LivenessScenario.DEFAULT, 7)).isEqualTo(LivenessSimulation.run(LivenessScenario.DEFAULT, 7));
    }
}
