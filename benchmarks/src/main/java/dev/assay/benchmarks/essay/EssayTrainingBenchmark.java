package dev.assay.benchmarks.essay;

import dev.assay.graders.essay.AsapTsv;
import dev.assay.graders.essay.EssayAssessment;
import dev.assay.graders.essay.EssayModel;
import dev.assay.graders.essay.Exemplar;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Training a model (analysis, features, 5-fold cross-validation, calibration, order model) on 2,000 exemplars:
 * the persuasive ASAP-AES essays of prompts 1 and 2 (about 370 words each) from parts 0-3. Target: under 10 s.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
@State(Scope.Benchmark)
public class EssayTrainingBenchmark {

    private EssayAssessment assessment;
    private List<Exemplar> exemplars;

    @Setup
    public void setUp() {
        List<AsapTsv.Essay> essays = AsapEssays.read(0, 1, 2, 3).stream().filter(e -> e.prompt() <= 2).limit(2000).toList();
        if (essays.size() < 2000) {
            throw new IllegalStateException("expected 2000 essays, found " + essays.size());
        }
        exemplars = essays.stream().map(e -> new Exemplar(e.text(), e.score())).toList();
        assessment = new EssayAssessment("", "", 1, 12, 0.7, List.of());
    }

    @Benchmark
    public EssayModel train2000() {
        return EssayModel.train(assessment, exemplars);
    }
}
