package dev.assay.peerreview.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerCliTest {

    /** Exit status and what the command printed. */
    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = PeerCli.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void simulateAggregateEvaluateEndToEnd(@TempDir Path dir) throws Exception {
        Run simulate = run("simulate", "--preset", "small-course", "--seed", "3", "--out", dir.toString());
        assertThat(simulate.status()).isZero();
        assertThat(simulate.out()).contains("small-course seed 3: 120 learners");
        assertThat(Files.readAllLines(dir.resolve("reviews.csv")).getFirst()).isEqualTo("reviewer,submission,score");
        assertThat(Files.readAllLines(dir.resolve("true.csv"))).hasSize(121);
        assertThat(Files.readAllLines(dir.resolve("calibration.csv"))).hasSize(3);

        Path grades = dir.resolve("grades.csv");
        Path reviewers = dir.resolve("reviewers.csv");
        Run aggregate = run("aggregate", "--model", "pg3-lazy", "--reviews", dir.resolve("reviews.csv").toString(),
                "--truth", dir.resolve("calibration.csv").toString(), "--out", grades.toString(),
                "--reviewers-out=" + reviewers, "--scale", "0:10");
        assertThat(aggregate.status()).as(aggregate.err()).isZero();
        assertThat(aggregate.out()).contains("pg3-lazy:", "122 submissions (2 anchored");
        List<String> gradeLines = Files.readAllLines(grades);
        assertThat(gradeLines.getFirst()).isEqualTo("submission,score,ci_low,ci_high");
        assertThat(gradeLines).hasSize(123);
        assertThat(Files.readAllLines(reviewers).getFirst()).isEqualTo("reviewer,bias,reliability");

        Run evaluate = run("evaluate", "--grades", grades.toString(), "--truth", dir.resolve("true.csv").toString(),
                "--tolerance", "1");
        assertThat(evaluate.status()).isZero();
        assertThat(evaluate.out()).contains("submissions compared: 120", "RMSE: ", "within 1 points: ",
                "90% interval coverage: ");
    }

    @Test
    void sameSeedWritesIdenticalFiles(@TempDir Path dir) throws Exception {
        run("simulate", "--preset", "small-course", "--seed", "8", "--out", dir.resolve("a").toString());
        run("simulate", "--preset", "small-course", "--seed", "8", "--out", dir.resolve("b").toString());
        assertThat(Files.readString(dir.resolve("a/reviews.csv"))).isEqualTo(Files.readString(dir.resolve("b/reviews.csv")));
    }

    @Test
    void everyModelRunsFromTheCommandLine(@TempDir Path dir) throws Exception {
        Path reviews = dir.resolve("reviews.csv");
        Files.writeString(reviews, "reviewer,submission,score\na,s1,60\nb,s1,70\nc,s1,65\na,s2,80\nb,s2,90\n");
        for (String model : List.of("median", "mean", "pg1", "pg3", "pg3-lazy", "vancouver")) {
            Run r = run("aggregate", "--model", model, "--reviews", reviews.toString(), "--out",
                    dir.resolve(model + ".csv").toString());
            assertThat(r.status()).as(model + ": " + r.err()).isZero();
            assertThat(Files.readAllLines(dir.resolve(model + ".csv"))).hasSize(3);
        }
    }

    @Test
    void helpListsModelsAndPresets() {
        Run top = run("--help");
        assertThat(top.status()).isZero();
        assertThat(top.out()).contains("aggregate", "simulate", "evaluate", "report");
        Run aggregate = run("aggregate", "--help");
        assertThat(aggregate.status()).isZero();
        assertThat(aggregate.out()).contains("median", "mean", "pg1", "pg3", "pg3-lazy", "vancouver", "90% interval");
        assertThat(run("simulate", "--help").out()).contains("piech-coursera", "lazy-15", "non-reviewers",
                "small-course");
        assertThat(run("evaluate", "--help").out()).contains("--tolerance");
        assertThat(run("report", "--help").out()).contains("--seeds");
    }

    @Test
    void usageErrorsExitWithTwo(@TempDir Path dir) {
        String reviews = dir.resolve("r.csv").toString();
        String out = dir.resolve("g.csv").toString();
        assertUsage(run(), "Usage: assay peer");
        assertUsage(run("grade"), "unknown command 'grade'");
        assertUsage(run("aggregate", "--reviews", reviews, "--out", out), "--model is required");
        assertUsage(run("aggregate", "--model", "best", "--reviews", reviews, "--out", out),
                "unknown model 'best'; choose one of median, mean, pg1, pg3, pg3-lazy, vancouver");
        assertUsage(run("aggregate", "--model", "mean", "--reviews", reviews, "--out", out, "--colour", "red"),
                "unknown option --colour");
        assertUsage(run("aggregate", "--model", "mean", "--model", "median", "--reviews", reviews, "--out", out),
                "--model given twice");
        assertUsage(run("aggregate", "--model", "mean", "--reviews"), "--reviews needs a value");
        assertUsage(run("aggregate", "--model", "mean", "--reviews", reviews, "--out", out, "--scale", "100"),
                "--scale must be MIN:MAX");
        assertUsage(run("aggregate", "--model", "mean", "--reviews", reviews, "--out", out, "--authors", reviews),
                "--authors only applies to pg3");
        assertUsage(run("aggregate", "stray"), "unexpected argument 'stray'");
        assertUsage(run("simulate", "--preset", "huge", "--seed", "1", "--out", out), "unknown preset 'huge'");
        assertUsage(run("simulate", "--preset", "small-course", "--seed", "x", "--out", out),
                "--seed must be a whole number");
        assertUsage(run("evaluate", "--grades", out, "--truth", out, "--tolerance", "-1"), "--tolerance");
        assertUsage(run("report", "--seeds", "a"), "seeds must be whole numbers");
    }

    private static void assertUsage(Run r, String message) {
        assertThat(r.status()).as(r.err()).isEqualTo(PeerCli.USAGE);
        assertThat(r.err()).contains(message);
    }

    @Test
    void badInputExitsWithOneAndNamesTheLine(@TempDir Path dir) throws Exception {
        Path reviews = dir.resolve("reviews.csv");
        Files.writeString(reviews, "reviewer,submission,score\na,s1,60\nb,s1,sixty\na,s1,61\n");
        Run r = run("aggregate", "--model", "median", "--reviews", reviews.toString(), "--out",
                dir.resolve("g.csv").toString());
        assertThat(r.status()).isEqualTo(PeerCli.BAD_INPUT);
        assertThat(r.err()).contains(reviews + ":3: score 'sixty' is not a number",
                reviews + ":4: reviewer a already reviewed submission s1 at line 2");
        assertThat(dir.resolve("g.csv")).doesNotExist();

        Run missing = run("aggregate", "--model", "median", "--reviews", dir.resolve("nope.csv").toString(),
                "--out", dir.resolve("g.csv").toString());
        assertThat(missing.status()).isEqualTo(PeerCli.BAD_INPUT);
        assertThat(missing.err()).contains("no such file").contains("nope.csv");

        Path truth = dir.resolve("truth.csv");
        Files.writeString(truth, "submission,grade\n");
        Files.writeString(reviews, "reviewer,submission,score\na,s1,60\n");
        Run badTruth = run("aggregate", "--model", "median", "--reviews", reviews.toString(), "--truth",
                truth.toString(), "--out", dir.resolve("g.csv").toString());
        assertThat(badTruth.status()).isEqualTo(PeerCli.BAD_INPUT);
        assertThat(badTruth.err()).contains(truth + ":1: unknown column 'grade'");
    }

    @Test
    void reportPrintsAMarkdownTable() {
        Run r = run("report", "--presets", "small-course", "--models", "median,pg1", "--seeds", "7");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("| preset | model | RMSE |").contains("| small-course | median |",
                "| small-course | pg1 |");
    }

    @Test
    void livenessReportsTheShareReviewedInTime() {
        Run r = run("liveness", "--seed", "3", "--learners", "600");
        assertThat(r.status()).isZero();
        assertThat(r.out()).containsPattern("on-time submissions fully reviewed within 48 h of the deadline \\(\\d+\\.\\d\\d%\\)");
        assertThat(run("liveness").status()).isEqualTo(PeerCli.USAGE);
        assertThat(run("liveness", "--seed", "3", "--learners", "5").status()).isEqualTo(PeerCli.USAGE);
    }
}
