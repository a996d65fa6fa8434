package dev.assay.graders.code;

import java.nio.charset.StandardCharsets;

/**
 * How a sandboxed process tree ended.
 *
 * @param exitCode   the main process's exit status, or -1 when it was killed by a signal or by the sandbox
 * @param signal     the signal that ended the main process (0 when it exited); 9 also when the sandbox killed it
 * @param wallMillis time from start until the whole tree was gone
 * @param stdout     standard output, at most {@link SandboxLimits#stdoutBytes()}
 * @param stdoutOverflow whether the program wrote more than the limit (then the run was killed)
 */
public record SandboxResult(Termination termination, int exitCode, int signal, long wallMillis, byte[] stdout,
                            byte[] stderr, boolean stdoutOverflow, boolean stderrOverflow) {

    public enum Termination {
        /** The main process exited by itself ({@link #exitCode()} holds the status). */
        EXITED,
        /** A signal ended the main process ({@link #signal()}), e.g. SIGXCPU from the CPU limit or SIGSEGV. */
        SIGNALED,
        /** The sandbox killed the tree because the wall-clock limit passed. */
        WALL_TIMEOUT,
        /** The sandbox killed the tree because it wrote more than its output limit. */
        OUTPUT_LIMIT
    }

    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }

    public boolean succeeded() {
        return termination == Termination.EXITED && exitCode == 0;
    }
}
