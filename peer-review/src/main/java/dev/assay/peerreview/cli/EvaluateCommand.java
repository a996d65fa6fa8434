package dev.assay.peerreview.cli;

import dev.assay.peerreview.aggregation.SubmissionEstimate;
import dev.assay.peerreview.csv.CsvFormatException;
import dev.assay.peerreview.csv.PeerCsv;
import dev.assay.peerreview.evaluation.Accuracy;
import dev.assay.peerreview.evaluation.Evaluation;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code assay peer evaluate}. */
final class EvaluateCommand {

    private final PrintStream out;

    EvaluateCommand(PrintStream out) {
        this.out = out;
    }

    static String help() {
        return """
                Usage: assay peer evaluate --grades grades.csv --truth true.csv [--tolerance POINTS]

                Compares grades (submission,score,ci_low,ci_high) with true scores (submission,score) over the
                submissions present in both, and prints RMSE, mean absolute error, the share of grades within the
                tolerance of the truth, and how often the 90% interval contains the truth.

                  --grades FILE       grades written by 'assay peer aggregate'
                  --truth FILE        true scores, e.g. true.csv from 'assay peer simulate'
                  --tolerance POINTS  default 10
                """;
    }

    int run(List<String> args) throws UsageException, IOException, CsvFormatException {
        if (PeerCli.wantsHelp(args)) {
            out.print(help());
            return PeerCli.OK;
        }
        Options options = Options.parse("evaluate", args, Set.of("--grades", "--truth", "--tolerance"), Set.of());
        var gradesFile = options.path("--grades");
        var truthFile = options.path("--truth");
        double tolerance = Evaluation.DEFAULT_TOLERANCE;
        if (options.optional("--tolerance").isPresent()) {
            String text = options.required("--tolerance");
            try {
                tolerance = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                tolerance = -1;
            }
            if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
                throw new UsageException("evaluate: --tolerance must be a non-negative number, got '" + text + "'");
            }
        }
        List<SubmissionEstimate> grades = PeerCsv.readGrades(gradesFile);
        Map<String, Double> truth = PeerCsv.readScores(truthFile);
        Accuracy a = Evaluation.evaluate(grades, truth, tolerance);
        if (a.count() == 0) {
            throw new IllegalArgumentException("no submission appears in both " + gradesFile + " and " + truthFile);
        }
        out.printf(Locale.ROOT, "submissions compared: %d%n", a.count());
        out.printf(Locale.ROOT, "RMSE: %.3f%n", a.rmse());
        out.printf(Locale.ROOT, "mean absolute error: %.3f%n", a.mae());
        out.printf(Locale.ROOT, "within %s points: %.2f%%%n", trim(tolerance), 100 * a.withinTolerance());
        out.printf(Locale.ROOT, "90%% interval coverage: %.2f%%%n", 100 * a.coverage());
        out.printf(Locale.ROOT, "mean interval width: %.3f%n", a.meanWidth());
        return PeerCli.OK;
    }

    private static String trim(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
    }
}
