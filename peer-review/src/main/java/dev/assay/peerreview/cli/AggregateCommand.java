package dev.assay.peerreview.cli;

import dev.assay.peerreview.aggregation.Aggregation;
import dev.assay.peerreview.aggregation.AggregationModel;
import dev.assay.peerreview.aggregation.AggregationModels;
import dev.assay.peerreview.aggregation.Pg3Model;
import dev.assay.peerreview.aggregation.Review;
import dev.assay.peerreview.aggregation.ScoreRange;
import dev.assay.peerreview.csv.CsvFormatException;
import dev.assay.peerreview.csv.PeerCsv;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code assay peer aggregate}. */
final class AggregateCommand {

    private final PrintStream out;
    private final PrintStream err;

    AggregateCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    static String help() {
        var models = new StringBuilder();
        for (AggregationModel m : AggregationModels.all()) {
            models.append(String.format(Locale.ROOT, "                          %-10s %s%n", m.name(), m.description()));
        }
        return """
                Usage: assay peer aggregate --model NAME --reviews reviews.csv [--truth truth.csv] --out grades.csv
                                            [--reviewers-out reviewers.csv] [--scale MIN:MAX] [--authors authors.csv]

                  --model NAME          aggregation model:
                %s\
                  --reviews FILE        peer reviews, header reviewer,submission,score
                  --truth FILE          staff scores of some submissions (calibration items), header
                                        submission,score; those submissions get the staff score as their grade
                  --out FILE            grades: submission,score,ci_low,ci_high (90%% interval)
                  --reviewers-out FILE  reviewer,bias,reliability (reliability = 1/variance of the reviewer's noise,
                                        times the chance they read the submission for pg3-lazy)
                  --scale MIN:MAX       the assessment's scale, e.g. 0:100: scores outside it are errors, grades are
                                        clamped to it, and the pg models read scores at its ends as censored
                  --authors FILE        pg3, pg3-lazy: reviewer,submission pairs giving each reviewer's own
                                        submission (default: the submission whose id is the reviewer's id)
                """.formatted(models);
    }

    int run(List<String> args) throws UsageException, IOException, CsvFormatException {
        if (PeerCli.wantsHelp(args)) {
            out.print(help());
            return PeerCli.OK;
        }
        Options options = Options.parse("aggregate", args,
                Set.of("--model", "--reviews", "--truth", "--out", "--reviewers-out", "--scale", "--authors"),
                Set.of());
        String name = options.required("--model");
        AggregationModel model = AggregationModels.byName(name).orElseThrow(() -> new UsageException(
                "aggregate: unknown model '" + name + "'; choose one of " + String.join(", ", AggregationModels.names())));
        Path reviewsFile = options.path("--reviews");
        Path outFile = options.path("--out");
        Optional<ScoreRange> scale = options.optional("--scale").isPresent()
                ? Optional.of(Scales.parse(options.required("--scale"))) : Optional.empty();
        Optional<Path> authorsFile = options.optionalPath("--authors");
        if (authorsFile.isPresent() && !(model instanceof Pg3Model)) {
            throw new UsageException("aggregate: --authors only applies to pg3 and pg3-lazy");
        }

        List<Review> reviews = scale.isPresent()
                ? PeerCsv.readReviews(reviewsFile, scale.get()) : PeerCsv.readReviews(reviewsFile);
        Map<String, Double> truth = options.optionalPath("--truth").isPresent()
                ? PeerCsv.readScores(options.path("--truth")) : Map.of();
        if (model instanceof Pg3Model pg3 && authorsFile.isPresent()) {
            model = pg3.withAuthors(PeerCsv.readAuthors(authorsFile.get()));
        }

        Aggregation result = scale.isPresent()
                ? model.aggregate(reviews, truth, scale.get()) : model.aggregate(reviews, truth);
        PeerCsv.writeGrades(outFile, result);
        Optional<Path> reviewersFile = options.optionalPath("--reviewers-out");
        if (reviewersFile.isPresent()) {
            PeerCsv.writeReviewers(reviewersFile.get(), result);
        }
        long unused = truth.keySet().stream().filter(s -> !result.submissions().containsKey(s)).count();
        if (unused > 0) {
            err.printf(Locale.ROOT, "note: %d staff score%s for submissions nobody reviewed, ignored%n", unused,
                    unused == 1 ? "" : "s");
        }
        if (!result.converged()) {
            err.printf(Locale.ROOT, "warning: %s stopped after %d iterations without converging%n", result.model(),
                    result.iterations());
        }
        out.printf(Locale.ROOT, "%s: %d reviews, %d submissions (%d anchored by staff scores), %d reviewers -> %s%n",
                result.model(), reviews.size(), result.submissions().size(),
                result.submissions().values().stream().filter(e -> e.anchored()).count(), result.reviewers().size(),
                outFile);
        return PeerCli.OK;
    }
}
