package dev.assay.graders.code;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class VerdictsTest {

    private static final SandboxLimits LIMITS = SandboxLimits.defaults().withCpuMillis(2000).withWallMillis(5000);

    private static SandboxResult exited(int code, String stderr) {
        return new SandboxResult(SandboxResult.Termination.EXITED, code, 0, 100, new byte[0],
                stderr.getBytes(StandardCharsets.UTF_8), false, false);
    }

    private static SandboxResult signaled(int signal, long wall, String stderr) {
        return new SandboxResult(SandboxResult.Termination.SIGNALED, -1, signal, wall, new byte[0],
                stderr.getBytes(StandardCharsets.UTF_8), false, false);
    }

    private static Verdict verdict(SandboxResult result) {
        Verdicts.Classified classified = Verdicts.classify(result, LIMITS);
        return classified == null ? null : classified.verdict();
    }

    @Test
    void aCleanExitGoesToTheChecker() {
        assertThat(Verdicts.classify(exited(0, "warnings are fine"), LIMITS)).isNull();
    }

    @Test
    void timeLimits() {
        assertThat(verdict(signaled(24, 2100, ""))).isEqualTo(Verdict.TIME_LIMIT);
        assertThat(verdict(signaled(9, 3100, ""))).isEqualTo(Verdict.TIME_LIMIT);
        assertThat(verdict(signaled(9, 50, ""))).isEqualTo(Verdict.RUNTIME_ERROR);
        assertThat(verdict(new SandboxResult(SandboxResult.Termination.WALL_TIMEOUT, -1, 9, 5000, new byte[0], new byte[0],
                false, false))).isEqualTo(Verdict.TIME_LIMIT);
    }

    @Test
    void memoryIsRecognisedByEachRuntimesWords() {
        assertThat(verdict(exited(1, "Traceback...\nMemoryError\n"))).isEqualTo(Verdict.MEMORY_LIMIT);
        assertThat(verdict(exited(3, "Terminating due to java.lang.OutOfMemoryError: Java heap space"))).isEqualTo(Verdict.MEMORY_LIMIT);
        assertThat(verdict(signaled(6, 100, "terminate called after throwing an instance of 'std::bad_alloc'")))
                .isEqualTo(Verdict.MEMORY_LIMIT);
        assertThat(verdict(signaled(6, 100, "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory")))
                .isEqualTo(Verdict.MEMORY_LIMIT);
        Verdicts.Classified segv = Verdicts.classify(signaled(11, 100, ""), LIMITS);
        assertThat(segv.verdict()).isEqualTo(Verdict.RUNTIME_ERROR);
        assertThat(segv.detail()).startsWith("killed by signal 11 (SIGSEGV)").contains("memory limit");
    }

    @Test
    void outputAndFiles() {
        assertThat(verdict(signaled(25, 100, ""))).isEqualTo(Verdict.OUTPUT_LIMIT);
        assertThat(verdict(exited(1, "OSError: [Errno 27] File too large"))).isEqualTo(Verdict.OUTPUT_LIMIT);
        assertThat(verdict(exited(1, "OSError: [Errno 28] No space left on device"))).isEqualTo(Verdict.OUTPUT_LIMIT);
        Verdicts.Classified output = Verdicts.classify(new SandboxResult(SandboxResult.Termination.OUTPUT_LIMIT, -1, 9, 10,
                new byte[0], new byte[0], true, false), LIMITS);
        assertThat(output.verdict()).isEqualTo(Verdict.OUTPUT_LIMIT);
        assertThat(output.detail()).isEqualTo("wrote more than 64 KiB to standard output");
    }

    @Test
    void runtimeErrorsSayHow() {
        assertThat(Verdicts.classify(exited(3, "ValueError"), LIMITS).detail()).isEqualTo("exit status 3");
        assertThat(Verdicts.classify(signaled(8, 10, ""), LIMITS).detail()).isEqualTo("killed by signal 8 (SIGFPE)");
    }
}
