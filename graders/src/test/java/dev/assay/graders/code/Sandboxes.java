package dev.assay.graders.code;

import org.junit.jupiter.api.Assumptions;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox the integration tests share. Without bubblewrap they are skipped, unless ASSAY_REQUIRE_SANDBOX=1 (set
 * it in CI, where a missing sandbox must fail the build rather than silently skip the attack suite).
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
            if ("1".equals(System.getenv("ASSAY_REQUIRE_SANDBOX"))) {
                throw new AssertionError("no sandbox on this machine: " + unavailable);
            }
            Assumptions.assumeTrue(false, "no sandbox on this machine: " + unavailable);
        }
        return sandbox;
    }

    static void assumeLanguage(Language language) {
        Assumptions.assumeTrue(Languages.isAvailable(language), language.displayName() + " is not installed here");
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
