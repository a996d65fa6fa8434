package dev.assay.benchmarks.code;

import dev.assay.graders.GradeResult;
import dev.assay.graders.code.Checker;
import dev.assay.graders.code.CodeAssessment;
import dev.assay.graders.code.CodeGrader;
import dev.assay.graders.code.CodeSubmission;
import dev.assay.graders.code.Language;
import dev.assay.graders.code.Languages;
import dev.assay.graders.code.Limits;
import dev.assay.graders.code.Runner;
import dev.assay.graders.code.Sandbox;
import dev.assay.graders.code.SandboxResult;
import dev.assay.graders.code.TestCase;
import dev.assay.graders.code.Workspace;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Sandbox overhead and throughput of the code grader. A harness rather than JMH: each operation starts processes,
 * and the figure wanted is the difference between two kinds of start measured side by side in one run.
 *
 * <ol>
 *   <li>Overhead: a trivial Python 3 program and a trivial C program, each run bare (ProcessBuilder, read its output,
 *       wait) and through the sandbox ({@link Runner#run}: bubblewrap + prlimit + output capture), interleaved
 *       run by run so that machine noise hits both alike; the overhead is the difference of the medians.</li>
 *   <li>Throughput: sandboxed runs of the trivial Python program per second, with as many threads as cores.</li>
 *   <li>Graded submissions per second: {@link CodeGrader#grade} of a Python submission against 5 test cases (one
 *       compile step + 5 sandboxed runs each), with as many threads as cores.</li>
 * </ol>
 * Prints a Markdown section for {@code benchmarks/RESULTS.md}. Arguments: {@code [runs] [seconds]} (default 200 10).
 */
public final class SandboxBenchmark {

    private SandboxBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int threads = Runtime.getRuntime().availableProcessors();
        Sandbox sandbox = Sandbox.create();
        Runner runner = new Runner(sandbox);
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Machine: %d cores, %s; bubblewrap %s; %s.%n%n", threads,
                System.getProperty("os.name") + " " + System.getProperty("os.version"), sandbox.version(),
                Languages.available().stream().map(l -> l.name() + " " + l.version()).toList()));

        out.append("| program | bare median (ms) | sandboxed median (ms) | overhead median (ms) | bare mean | sandboxed mean | overhead mean (ms) | sandboxed p95 |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        try (Workspace workspace = sandbox.newWorkspace()) {
            Runner.Built python = runner.build(workspace, "python", Language.PYTHON3, Map.of("main.py", "print(1)\n"), "main.py");
            Runner.Built c = runner.build(workspace, "c", Language.C,
                    Map.of("main.c", "#include <stdio.h>\nint main(void) { puts(\"1\"); return 0; }\n"), null);
            check(python.ok() && c.ok(), "the trivial programs did not build");
            String pythonBin = Languages.toolchain(Language.PYTHON3).orElseThrow().runtime().toString();
            List<String> barePython = List.of(pythonBin, "-B", "-s", python.dir().resolve("main.py").toString());
            List<String> bareC = List.of(c.dir().resolve("prog").toString());
            out.append(overheadRow("Python 3 `print(1)`", runs, () -> bare(barePython), () -> sandboxed(runner, python)));
            out.append(overheadRow("C `puts(\"1\")`", runs, () -> bare(bareC), () -> sandboxed(runner, c)));

            double perSecond = throughput(threads, seconds, () -> sandboxed(runner, python));
            out.append(String.format(Locale.ROOT, "%nThroughput, %d threads, %d s: **%.1f sandboxed Python 3 runs/s**.%n",
                    threads, seconds, perSecond));
        }

        CodeGrader grader = new CodeGrader(runner, CodeGrader.CHECKER_LIMITS);
        List<TestCase> tests = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            tests.add(new TestCase("t" + i, "", i + " " + (i * 10) + "\n", List.of(), (i + i * 10) + "\n",
                    new Checker.TrailingWhitespace(), 1, i % 2 == 0, null));
        }
        CodeAssessment assessment = new CodeAssessment(Language.PYTHON3, null, List.of(), Limits.DEFAULT, tests, List.of());
        CodeSubmission submission = CodeSubmission.ofSource("a, b = map(int, input().split())\nprint(a + b)\n");
        GradeResult sample = grader.grade(assessment, submission);
        check(sample.score() == 5, "the benchmark submission did not pass: " + sample);
        double graded = throughput(threads, seconds, () -> grader.grade(assessment, submission).score());
        out.append(String.format(Locale.ROOT, "Graded submissions, Python 3, 5 tests each (compile step + 5 runs), %d threads, "
                + "%d s: **%.2f submissions/s** (%.1f sandboxes/s).%n", threads, seconds, graded, graded * 6));
        System.out.print(out);
    }

    private static String overheadRow(String name, int runs, Supplier<Long> bare, Supplier<Long> sandboxed) {
        for (int i = 0; i < 20; i++) {
            bare.get();
            sandboxed.get();
        }
        long[] b = new long[runs];
        long[] s = new long[runs];
        for (int i = 0; i < runs; i++) {
            if (i % 2 == 0) {
                b[i] = bare.get();
                s[i] = sandboxed.get();
            } else {
                s[i] = sandboxed.get();
                b[i] = bare.get();
            }
        }
        Arrays.sort(b);
        Arrays.sort(s);
        double bm = median(b);
        double sm = median(s);
        return String.format(Locale.ROOT, "| %s | %.2f | %.2f | **%.2f** | %.2f | %.2f | %.2f | %.2f |%n", name, bm, sm, sm - bm,
                mean(b), mean(s), mean(s) - mean(b), s[(int) (runs * 0.95)] / 1e6);
    }

    /** Nanoseconds to start the program directly, read its output and reap it. */
    private static long bare(List<String> command) {
        long start = System.nanoTime();
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            try (InputStream in = process.getInputStream()) {
                in.readAllBytes();
            }
            check(process.waitFor() == 0, "bare run failed");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return System.nanoTime() - start;
    }

    private static long sandboxed(Runner runner, Runner.Built built) {
        long start = System.nanoTime();
        SandboxResult result = runner.run(built, List.of(), new byte[0], Limits.DEFAULT, List.of());
        check(result.succeeded() && result.stdoutText().equals("1\n"), "sandboxed run failed: " + result);
        return System.nanoTime() - start;
    }

    private static double throughput(int threads, int seconds, Supplier<?> operation) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    operation.get();
                    done.incrementAndGet();
                }
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return done.get() / elapsed;
    }

    private static double median(long[] sorted) {
        return sorted[sorted.length / 2] / 1e6;
    }

    private static double mean(long[] values) {
        return Arrays.stream(values).average().orElse(0) / 1e6;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
