package dev.assay.benchmarks.essay;

import dev.assay.graders.essay.AsapTsv;
import dev.assay.graders.essay.DuplicateIndex;
import dev.assay.graders.essay.EssayAssessment;
import dev.assay.graders.essay.EssayGrader;
import dev.assay.graders.essay.EssayModel;
import dev.assay.graders.essay.EssayVerdict;
import dev.assay.graders.essay.Exemplar;
import dev.assay.graders.essay.ScorePrediction;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Scoring one essay (Lucene analysis, features, model) with and without the duplicate check against an index of
 * 100,000 submissions, and the duplicate lookup alone. Model: ASAP-AES prompt 1 trained on parts 0, 1 and 3;
 * essays scored: prompt 1 of part 2, in turn. The index holds 99,000 synthetic essays (a bigram chain over the
 * prompt's essays) and 1,000 real ones. Target: 500 essays/s graded with the duplicate check.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx6g"})
@State(Scope.Benchmark)
public class EssayGradingBenchmark {

    static final int INDEX_SIZE = 100_000;

    private EssayAssessment assessment;
    private EssayModel model;
    private DuplicateIndex index;
    private final EssayGrader grader = new EssayGrader();
    private List<String> essays;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        List<AsapTsv.Essay> train = AsapEssays.read(0, 1, 3).stream().filter(e -> e.prompt() == 1).toList();
        essays = AsapEssays.read(2).stream().filter(e -> e.prompt() == 1).map(AsapTsv.Essay::text).toList();
        assessment = new EssayAssessment("", "", 2, 12, 0.7, List.of());
        model = EssayModel.train(assessment, train.stream().map(e -> new Exemplar(e.text(), e.score())).toList());
        index = new DuplicateIndex(List.of(), false, null);
        List<String> real = new ArrayList<>();
        for (AsapTsv.Essay e : AsapEssays.read(0, 1, 3)) {
            real.add(e.text());
        }
        List<String> synthetic = AsapEssays.synthetic(real, INDEX_SIZE - 1000, 42);
        for (int i = 0; i < synthetic.size(); i++) {
            index.add("s" + i, synthetic.get(i));
        }
        for (int i = 0; i < 1000; i++) {
            index.add("r" + i, real.get(i % real.size()));
        }
    }

    private String nextEssay() {
        String e = essays.get(next);
        next = (next + 1) % essays.size();
        return e;
    }

    @Benchmark
    public List<ScorePrediction> score() {
        return model.predict(nextEssay());
    }

    @Benchmark
    public EssayVerdict gradeWithDuplicateCheck() {
        return grader.grade(assessment, model, nextEssay(), index);
    }

    @Benchmark
    public List<DuplicateIndex.Match> duplicateLookup() {
        return index.find(nextEssay(), null);
    }
}
