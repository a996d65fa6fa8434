package dev.assay.peerreview.cli;

import dev.assay.peerreview.aggregation.AggregationModel;
import dev.assay.peerreview.aggregation.AggregationModels;
import dev.assay.peerreview.simulation.Presets;
import dev.assay.peerreview.simulation.TopUpExperiment;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code assay peer topup}: how much adaptive top-up for lazy reviewers recovers on lazy-15. */
final class TopUpCommand {

    private final PrintStream out;

    TopUpCommand(PrintStream out) {
        this.out = out;
    }

    static String help() {
        return """
                Usage: assay peer topup [--seeds 101,102,...] [--rounds N]

                Simulates piech-coursera and lazy-15; after the first 5 reviews per submission, aggregates with pg3-lazy,
                stops counting reviews by reviewers flagged lazy (probability > 0.5) and hands submissions short of 5
                to more reviewers through the assignment policy, for up to N rounds (default 3). Prints RMSE with and
                without top-up and the rise of lazy-15 over piech-coursera without top-up.
                """;
    }

    int run(List<String> args) throws UsageException {
        if (PeerCli.wantsHelp(args)) {
            out.print(help());
            return PeerCli.OK;
        }
        Options options = Options.parse("topup", args, Set.of("--seeds", "--rounds"), Set.of());
        List<Long> seeds = new ArrayList<>();
        for (String s : options.optional("--seeds").orElse("101,102,103,104,105").split(",")) {
            try {
                seeds.add(Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                throw new UsageException("topup: --seeds must be comma-separated integers");
            }
        }
        int rounds = options.optional("--rounds").isPresent() ? (int) options.longValue("--rounds") : 3;
        AggregationModel model = AggregationModels.byName("pg3-lazy").orElseThrow();
        double[] piech = TopUpExperiment.meanRmse(Presets.PIECH_COURSERA, seeds, model, 0);
        int extra = 0;
        double with = 0;
        double without = 0;
        for (long seed : seeds) {
            var o = TopUpExperiment.run(Presets.LAZY_15, seed, model, rounds);
            extra += o.extraReviews();
            with += o.accuracy().rmse();
            without += o.withoutTopUp().rmse();
        }
        with /= seeds.size();
        without /= seeds.size();
        out.printf(Locale.ROOT, """
                        pg3-lazy, seeds %s, mean RMSE
                          piech-coursera (no lazy reviewers, no top-up)  %.3f
                          lazy-15 without top-up                         %.3f  (%+.1f%%)
                          lazy-15 with top-up, up to %d rounds            %.3f  (%+.1f%%), %.0f extra reviews per course
                        """, seeds, piech[0], without, 100 * (without / piech[0] - 1), rounds, with,
                100 * (with / piech[0] - 1), (double) extra / seeds.size());
        return PeerCli.OK;
    }
}
