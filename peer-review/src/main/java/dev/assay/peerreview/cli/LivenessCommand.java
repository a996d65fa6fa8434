package dev.assay.peerreview.cli;

import dev.assay.peerreview.simulation.LivenessScenario;
import dev.assay.peerreview.simulation.LivenessSimulation;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code assay peer liveness}: does peer review finish in time with the engine's assignment policy? */
final class LivenessCommand {

    private final PrintStream out;

    LivenessCommand(PrintStream out) {
        this.out = out;
    }

    static String help() {
        var s = LivenessScenario.DEFAULT;
        return """
                Usage: assay peer liveness --seed N [--learners N]

                Simulates one course's review period with the engine's assignment policy and leases: %d learners,
                %.0f%% never review, %.0f%% submit in the last day (bunched towards the deadline), %.0f%% late; the
                others come %.0f h (mean) after submitting and ask for reviews one at a time; %.0f%% of leases are
                abandoned and expire after %.0f h (%.0f%% of those reviewers never come back). k = %d, up to %d
                extra when the pool is short, %d reviews required of each learner. Prints the share of on-time
                submissions with k completed reviews 48 h after the deadline.

                  --seed N          random seed
                  --learners N      override the number of learners
                """.formatted(s.learners(), 100 * s.nonReviewerShare(), 100 * s.bunchedShare(), 100 * s.lateShare(),
                s.startDelayHours(), 100 * s.abandonShare(), s.leaseHours(), 100 * s.quitShare(), s.k(), s.extra(),
                s.required());
    }

    int run(List<String> args) throws UsageException {
        if (PeerCli.wantsHelp(args)) {
            out.print(help());
            return PeerCli.OK;
        }
        Options options = Options.parse("liveness", args, Set.of("--seed", "--learners"), Set.of());
        long seed = options.longValue("--seed");
        LivenessScenario s = LivenessScenario.DEFAULT;
        if (options.optional("--learners").isPresent()) {
            long learners = options.longValue("--learners");
            if (learners < 10 || learners > 1_000_000) {
                throw new UsageException("liveness: --learners must be between 10 and 1000000");
            }
            s = new LivenessScenario((int) learners, s.k(), s.extra(), s.required(), s.nonReviewerShare(),
                    s.bunchedShare(), s.bunchMeanHours(), s.lateShare(), s.startDelayHours(), s.abandonShare(),
                    s.leaseHours(), s.retryHours(), s.quitShare());
        }
        var r = LivenessSimulation.run(s, seed);
        out.printf(Locale.ROOT, """
                        seed %d: %d of %d on-time submissions fully reviewed within 48 h of the deadline (%.2f%%)
                        hours from submission to k-th review: median %.1f, 99th percentile %.1f
                        reviews done %d (%d beyond k), leases abandoned %d, short at 48 h (staff queue, late work included) %d
                        reviewers meeting their requirement by then: %d of %d
                        """, seed, r.completeByHorizon(), r.onTime(), 100 * r.share(), r.medianHoursToComplete(),
                r.p99HoursToComplete(), r.reviewsDone(), r.overflowReviews(), r.abandonedLeases(), r.staffQueue(),
                r.reviewersMeetingRequirement(), r.reviewers());
        return PeerCli.OK;
    }
}
