package dev.assay.peerreview.cli;

import dev.assay.peerreview.csv.PeerCsv;
import dev.assay.peerreview.simulation.CoursePreset;
import dev.assay.peerreview.simulation.CourseSimulator;
import dev.assay.peerreview.simulation.Presets;
import dev.assay.peerreview.simulation.SimulatedCourse;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code assay peer simulate}. */
final class SimulateCommand {

    private final PrintStream out;

    SimulateCommand(PrintStream out) {
        this.out = out;
    }

    static String help() {
        var presets = new StringBuilder();
        for (CoursePreset p : Presets.all()) {
            presets.append(String.format(Locale.ROOT, "                      %-15s %s%n", p.name(), p.description()));
        }
        return """
                Usage: assay peer simulate --preset NAME --seed N --out DIR [--learners N]

                Writes DIR/reviews.csv (reviewer,submission,score), DIR/true.csv (the hidden true score of every
                learner submission) and, when the preset has staff-graded calibration items, DIR/calibration.csv
                (their staff scores, for aggregate --truth). The same preset and seed always give the same files.

                  --preset NAME     course to simulate:
                %s\
                  --seed N          random seed
                  --out DIR         output directory (created if missing)
                  --learners N      override the preset's number of learners
                """.formatted(presets);
    }

    int run(List<String> args) throws UsageException, IOException {
        if (PeerCli.wantsHelp(args)) {
            out.print(help());
            return PeerCli.OK;
        }
        Options options = Options.parse("simulate", args, Set.of("--preset", "--seed", "--out", "--learners"),
                Set.of());
        String name = options.required("--preset");
        CoursePreset preset = Presets.byName(name).orElseThrow(() -> new UsageException("simulate: unknown preset '"
                + name + "'; choose one of " + String.join(", ", Presets.all().stream().map(CoursePreset::name)
                .toList())));
        long seed = options.longValue("--seed");
        Path dir = options.path("--out");
        if (options.optional("--learners").isPresent()) {
            long learners = options.longValue("--learners");
            if (learners < 2 || learners > 10_000_000) {
                throw new UsageException("simulate: --learners must be between 2 and 10000000");
            }
            preset = preset.withLearners((int) learners);
        }
        SimulatedCourse course = CourseSimulator.simulate(preset, seed);
        Files.createDirectories(dir);
        PeerCsv.writeReviews(dir.resolve("reviews.csv"), course.reviews());
        PeerCsv.writeScores(dir.resolve("true.csv"), course.trueScores());
        if (!course.calibrationScores().isEmpty()) {
            PeerCsv.writeScores(dir.resolve("calibration.csv"), course.calibrationScores());
        }
        out.printf(Locale.ROOT, "%s seed %d: %d learners, %d reviews, %d calibration items, %d lazy reviewers,"
                        + " %d non-reviewers -> %s%n", preset.name(), seed, course.trueScores().size(),
                course.reviews().size(), course.calibrationScores().size(), course.lazyReviewers().size(),
                course.nonReviewers().size(), dir);
        return PeerCli.OK;
    }
}
