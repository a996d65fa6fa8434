package dev.assay.peerreview.cli;

import dev.assay.peerreview.aggregation.AggregationModel;
import dev.assay.peerreview.aggregation.AggregationModels;
import dev.assay.peerreview.evaluation.AccuracyReport;
import dev.assay.peerreview.simulation.CoursePreset;
import dev.assay.peerreview.simulation.Presets;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code assay peer report}. */
final class ReportCommand {

    /** Seeds of the published figures; the models were tuned on seeds 1 to 3 only. */
    static final List<String> DEFAULT_SEEDS = List.of("101", "102", "103", "104", "105");

    private final PrintStream out;

    ReportCommand(PrintStream out) {
        this.out = out;
    }

    static String help() {
        return """
                Usage: assay peer report [--presets a,b] [--models a,b] [--seeds 101,102] [--no-calibration]
                                         [--drop-lazy]

                Simulates each preset once per seed, aggregates it with each model (knowing the scale), and prints
                a Markdown table of RMSE, share of grades within 10% of the scale of the truth, and 90% interval
                coverage, pooled over the seeds. Defaults: every preset, every model, seeds 101-105, calibration
                items passed as staff scores (--no-calibration leaves them out). --drop-lazy removes the lazy
                reviewers' reviews before aggregating: an oracle that knows who is lazy, to tell the information
                lazy reviewers withhold from what a model loses by misusing their scores.
                """;
    }

    int run(List<String> args) throws UsageException {
        if (PeerCli.wantsHelp(args)) {
            out.print(help());
            return PeerCli.OK;
        }
        Options options = Options.parse("report", args, Set.of("--presets", "--models", "--seeds"),
                Set.of("--no-calibration", "--drop-lazy"));
        List<CoursePreset> presets = new ArrayList<>();
        for (String name : options.list("--presets", Presets.all().stream().map(CoursePreset::name).toList())) {
            presets.add(Presets.byName(name).orElseThrow(() -> new UsageException("report: unknown preset '"
                    + name + "'")));
        }
        List<AggregationModel> models = new ArrayList<>();
        for (String name : options.list("--models", AggregationModels.names())) {
            models.add(AggregationModels.byName(name).orElseThrow(() -> new UsageException("report: unknown model '"
                    + name + "'")));
        }
        List<Long> seeds = new ArrayList<>();
        for (String seed : options.list("--seeds", DEFAULT_SEEDS)) {
            try {
                seeds.add(Long.parseLong(seed));
            } catch (NumberFormatException e) {
                throw new UsageException("report: seeds must be whole numbers, got '" + seed + "'");
            }
        }
        if (presets.isEmpty() || models.isEmpty() || seeds.isEmpty()) {
            throw new UsageException("report: needs at least one preset, model and seed");
        }
        out.print(AccuracyReport.markdown(AccuracyReport.run(presets, models, seeds,
                !options.flag("--no-calibration"), options.flag("--drop-lazy"))));
        return PeerCli.OK;
    }
}
