package dev.assay.graders.essay;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The "100 scored exemplars per prompt" setting, end to end through {@link EssayEvaluation}: train on 100 essays
 * per prompt sampled from parts 1-3, score all of part 0. Skipped when the shared data is absent. The full
 * evaluations (all exemplars, every rotation, hybrid) are in benchmarks/RESULTS.md, run with {@link EssayCli}.
 */
class AsapFewExemplarsTest {

    @Test
    void averageQwkWithOneHundredExemplarsPerPromptIsAtLeast070() {
        List<AsapTsv.Essay> train = AsapData.parts(1, 2, 3);
        List<AsapTsv.Essay> test = AsapData.parts(0);
        EssayEvaluation.Result result = EssayEvaluation.evaluate(train, test,
                new EssayEvaluation.Options(100, Double.NaN, 1, TrainingOptions.defaults()));
        assertThat(result.prompts()).hasSize(8).allSatisfy(p -> assertThat(p.trained()).isEqualTo(100));
        assertThat(result.averageQwk()).isGreaterThanOrEqualTo(0.70);
    }

    @Test
    void cliPrintsPerPromptLinesAndTheAverageLast() throws Exception {
        java.nio.file.Path dir = AsapData.directory();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = EssayCli.run(List.of("evaluate", "--train", dir.resolve("part_1.tsv").toString(), "--test",
                dir.resolve("part_0.tsv").toString(), "--exemplars", "60", "--hybrid", "0.7"),
                new java.io.PrintStream(out, true, "UTF-8"), new java.io.PrintStream(err, true, "UTF-8"));
        assertThat(code).isZero();
        List<String> lines = out.toString("UTF-8").lines().toList();
        assertThat(lines).hasSize(10);
        assertThat(lines.get(0)).startsWith("prompt 1 (2-12): trained 60, tested 357, QWK 0.");
        assertThat(lines.get(0)).contains("hybrid: auto 0.70");
        assertThat(lines.get(lines.size() - 1)).matches("average QWK 0\\.\\d{3}");
    }

    @Test
    void cliRejectsBadArguments() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream e = new java.io.PrintStream(err, true);
        assertThat(EssayCli.run(List.of(), System.out, e)).isEqualTo(2);
        assertThat(EssayCli.run(List.of("evaluate", "--train", "a.tsv"), System.out, e)).isEqualTo(2);
        assertThat(EssayCli.run(List.of("evaluate", "--train", "a.tsv", "--test", "b.tsv", "--hybrid", "2"), System.out, e))
                .isEqualTo(2);
        assertThat(EssayCli.run(List.of("bogus"), System.out, e)).isEqualTo(2);
        assertThat(EssayCli.run(List.of("evaluate", "--train", "/nonexistent/a.tsv", "--test", "/nonexistent/b.tsv"),
                System.out, e)).isEqualTo(1);
        assertThat(err.toString()).contains("usage: essay evaluate");
    }
}
