package dev.assay.graders.code;

import org.junit.jupiter.api.Assumptions;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox the integration tests share. They need a real bubblewrap and the languages' toolchains, which a
 * developer's machine may lack: there they are skipped, and {@code SandboxTest} still covers the refusal path
 * (missing or broken bubblewrap reported unavailable, nothing run). With ASSAY_REQUIRE_SANDBOX=1, which
 * {@code .ci/run} sets after installing both, a missing sandbox or toolchain fails the build instead of skipping.
 */
final class Sandboxes {

    private static Sandbox sandbox;
    private static String unavailable;

    private Sandboxes() {
    }

    static synchronized Sandbox get() {
        if (sandbox == null && unavailable == null) {
            SandboxStatus status = Sandbox.probe();
            if (status.available()) {
                sandbox = Sandbox.create();
            } else {
                unavailable = status.reason();
            }
        }
        if (sandbox == null) {
            requireOrSkip("no sandbox on this machine: " + unavailable);
        }
        return sandbox;
    }

    static void assumeLanguage(Language language) {
        if (!Languages.isAvailable(language)) {
            requireOrSkip(language.displayName() + " is not installed here");
        }
    }

    private static void requireOrSkip(String why) {
        if ("1".equals(System.getenv("ASSAY_REQUIRE_SANDBOX"))) {
            throw new AssertionError(why);
        }
        Assumptions.assumeTrue(false, why);
    }

    static CodeGrader grader() {
        return new CodeGrader(get());
    }

    /** A one-test assessment: the program's stdout must be {@code expected} (trailing whitespace ignored). */
    static CodeAssessment single(Language language, Limits limits, String stdin, String expected) {
        return new CodeAssessment(language, null, List.of(), limits, List.of(TestCase.of("t1", stdin, expected)),
                List.of());
    }

    static TestResult runOne(Language language, Limits limits, String source, String stdin, String expected) {
        assumeLanguage(language);
        CodeReport report = grader().run(single(language, limits, stdin, expected), CodeSubmission.ofSource(source));
        assertThat(report.tests()).hasSize(1);
        return report.tests().getFirst();
    }

    static final String NORMAL_PYTHON = "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n";

    /** Grades a normal Python program and returns its wall time in ms (asserting it was accepted). */
    static long normalRunMillis() {
        long start = System.nanoTime();
        TestResult result = runOne(Language.PYTHON3, Limits.DEFAULT, NORMAL_PYTHON, "1 2 3\n", "6\n");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(result.verdict()).as("a normal run beside the attack: %s", result).isEqualTo(Verdict.ACCEPTED);
        return millis;
    }
}
