package dev.assay.graders.code;

import java.util.regex.Pattern;

/**
 * Turns how a sandboxed run ended into a {@link Verdict}, before any checker looks at the output.
 *
 * <ol>
 *   <li>Killed by the sandbox for output beyond the limit → {@link Verdict#OUTPUT_LIMIT}; for the wall clock →
 *       {@link Verdict#TIME_LIMIT}.</li>
 *   <li>SIGXCPU (RLIMIT_CPU's soft limit), or SIGKILL once the run lasted at least the CPU limit (the hard limit
 *       one second later, for programs that ignore SIGXCPU) → {@link Verdict#TIME_LIMIT}.</li>
 *   <li>SIGXFSZ, or an exit after "File too large" / "No space left on device" (Python ignores SIGXFSZ and raises
 *       instead) → {@link Verdict#OUTPUT_LIMIT}: a file beyond the file-size limit, or the work directory full.</li>
 *   <li>Memory. RLIMIT_AS makes allocations fail rather than the kernel kill the process, so each runtime reports
 *       it in its own words; a non-zero exit or fatal signal whose stderr says {@code MemoryError} (Python),
 *       {@code OutOfMemoryError} (Java), {@code heap out of memory} / {@code Fatal process OOM} (Node),
 *       {@code std::bad_alloc} (C++) or {@code Cannot allocate memory} → {@link Verdict#MEMORY_LIMIT}. A C program
 *       that ignores malloc's NULL usually dies of SIGSEGV instead, which stays a runtime error (reported as such,
 *       with a hint that it may be memory). A program could print these words itself: it only changes which failure
 *       it is shown, never its score.</li>
 *   <li>Any other non-zero exit or fatal signal → {@link Verdict#RUNTIME_ERROR} with the status or the signal.
 *       Exit statuses above 128 are read as signals (bubblewrap reports a child killed by signal N as 128 + N).</li>
 *   <li>Exit status 0 → the checker decides ({@link #classify} returns null).</li>
 * </ol>
 */
public final class Verdicts {

    private static final Pattern MEMORY = Pattern.compile(
            "MemoryError|OutOfMemoryError|heap out of memory|Fatal process (?:out of memory|OOM)"
                    + "|std::bad_alloc|Cannot allocate memory");
    private static final Pattern FILE_LIMIT = Pattern.compile("File too large|No space left on device|EFBIG|ENOSPC");

    static final int SIGKILL = 9;
    static final int SIGSEGV = 11;
    static final int SIGXCPU = 24;
    static final int SIGXFSZ = 25;

    private Verdicts() {
    }

    /** A verdict with the detail staff and learners see ("killed by signal 11 (SIGSEGV)"). */
    public record Classified(Verdict verdict, String detail) {
    }

    /** The verdict for a run that did not end normally, or null when it exited with status 0. */
    public static Classified classify(SandboxResult result, SandboxLimits limits) {
        String stderr = result.stderrText();
        return switch (result.termination()) {
            case OUTPUT_LIMIT -> new Classified(Verdict.OUTPUT_LIMIT, "wrote more than "
                    + bytes(result.stdoutOverflow() ? limits.stdoutBytes() : limits.stderrBytes())
                    + (result.stdoutOverflow() ? " to standard output" : " to standard error"));
            case WALL_TIMEOUT -> new Classified(Verdict.TIME_LIMIT, "still running after " + seconds(limits.wallMillis())
                    + " s (wall clock)");
            case SIGNALED -> signaled(result, limits, stderr);
            case EXITED -> {
                if (result.exitCode() == 0) {
                    yield null;
                }
                if (MEMORY.matcher(stderr).find()) {
                    yield new Classified(Verdict.MEMORY_LIMIT, "could not allocate more memory (the memory limit was "
                            + "reached); exit status " + result.exitCode());
                }
                if (FILE_LIMIT.matcher(stderr).find()) {
                    yield new Classified(Verdict.OUTPUT_LIMIT, "wrote a file beyond " + bytes(limits.fileSizeBytes())
                            + " or filled its work directory; exit status " + result.exitCode());
                }
                yield new Classified(Verdict.RUNTIME_ERROR, "exit status " + result.exitCode());
            }
        };
    }

    private static Classified signaled(SandboxResult result, SandboxLimits limits, String stderr) {
        int signal = result.signal();
        String named = "killed by signal " + signal + " (" + signalName(signal) + ")";
        if (signal == SIGXCPU || (signal == SIGKILL && result.wallMillis() >= limits.cpuMillis())) {
            return new Classified(Verdict.TIME_LIMIT, "used more than " + seconds(limits.cpuMillis()) + " s of CPU time");
        }
        if (signal == SIGXFSZ) {
            return new Classified(Verdict.OUTPUT_LIMIT, "wrote a file larger than " + bytes(limits.fileSizeBytes()));
        }
        if (MEMORY.matcher(stderr).find()) {
            return new Classified(Verdict.MEMORY_LIMIT, "could not allocate more memory (the memory limit was "
                    + "reached); " + named);
        }
        if (signal == SIGSEGV) {
            return new Classified(Verdict.RUNTIME_ERROR, named + ": an invalid memory access, a stack overflow, "
                    + "or an allocation that failed at the memory limit and was not checked");
        }
        return new Classified(Verdict.RUNTIME_ERROR, named);
    }

    public static String signalName(int signal) {
        return switch (signal) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 3 -> "SIGQUIT";
            case 4 -> "SIGILL";
            case 5 -> "SIGTRAP";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            case 9 -> "SIGKILL";
            case 10 -> "SIGUSR1";
            case 11 -> "SIGSEGV";
            case 12 -> "SIGUSR2";
            case 13 -> "SIGPIPE";
            case 14 -> "SIGALRM";
            case 15 -> "SIGTERM";
            case 24 -> "SIGXCPU";
            case 25 -> "SIGXFSZ";
            case 31 -> "SIGSYS";
            default -> "signal " + signal;
        };
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0);
    }

    private static String bytes(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " bytes";
    }
}
