package dev.assay.graders.code;

/**
 * The operating-system limits of one sandboxed process tree, as the {@link Sandbox} applies them. Runners derive
 * these from an assessment's {@link Limits} plus what their runtime needs (a JVM reserves far more address space
 * than it uses, and runs a dozen threads, which RLIMIT_NPROC counts).
 *
 * @param cpuMillis          RLIMIT_CPU: SIGXCPU at this much CPU time, SIGKILL one second later
 * @param wallMillis         killed (the whole tree) after this long on the clock, measured by the caller
 * @param addressSpaceBytes  RLIMIT_AS (virtual memory): allocations beyond it fail
 * @param stackBytes         RLIMIT_STACK, or {@link #UNLIMITED_STACK}
 * @param fileSizeBytes      RLIMIT_FSIZE: a write beyond it gets SIGXFSZ / EFBIG
 * @param openFiles          RLIMIT_NOFILE
 * @param tasks              RLIMIT_NPROC: processes and threads of the sandbox user, counting the sandbox's init
 * @param stdoutBytes        the run is killed once it has written more than this to stdout
 * @param stderrBytes        likewise for stderr
 * @param tmpfsBytes         size of each private tmpfs ({@code /tmp} and the work directory of a run)
 */
public record SandboxLimits(long cpuMillis, long wallMillis, long addressSpaceBytes, long stackBytes,
                            long fileSizeBytes, int openFiles, int tasks, long stdoutBytes, long stderrBytes,
                            long tmpfsBytes) {

    private static final long MB = 1024L * 1024;
    /**
     * No stack limit of its own: the main thread's stack is then bounded by the address-space limit like any other
     * memory, and glibc gives each new thread a 2 MiB stack instead of one the size of the stack limit (which, inside
     * the address-space limit, let three Python threads start at the default 256 MB).
     */
    public static final long UNLIMITED_STACK = Long.MAX_VALUE;

    public SandboxLimits {
        if (cpuMillis <= 0 || wallMillis <= 0 || addressSpaceBytes <= 0 || stackBytes <= 0 || fileSizeBytes <= 0
                || openFiles <= 0 || tasks <= 0 || stdoutBytes <= 0 || stderrBytes <= 0 || tmpfsBytes <= 0) {
            throw new IllegalArgumentException("every sandbox limit must be positive: " + this);
        }
    }

    /** One second of CPU, 256 MB, 64 KB of output, one process: a small stdin/stdout exercise. */
    public static SandboxLimits defaults() {
        return new SandboxLimits(1000, 3000, 256 * MB, 8 * MB, 16 * MB, 64, 2, 64 * 1024, 64 * 1024, 32 * MB);
    }

    public SandboxLimits withCpuMillis(long value) {
        return new SandboxLimits(value, wallMillis, addressSpaceBytes, stackBytes, fileSizeBytes, openFiles, tasks,
                stdoutBytes, stderrBytes, tmpfsBytes);
    }

    public SandboxLimits withWallMillis(long value) {
        return new SandboxLimits(cpuMillis, value, addressSpaceBytes, stackBytes, fileSizeBytes, openFiles, tasks,
                stdoutBytes, stderrBytes, tmpfsBytes);
    }

    public SandboxLimits withAddressSpaceBytes(long value) {
        return new SandboxLimits(cpuMillis, wallMillis, value, stackBytes, fileSizeBytes, openFiles, tasks,
                stdoutBytes, stderrBytes, tmpfsBytes);
    }

    public SandboxLimits withTasks(int value) {
        return new SandboxLimits(cpuMillis, wallMillis, addressSpaceBytes, stackBytes, fileSizeBytes, openFiles, value,
                stdoutBytes, stderrBytes, tmpfsBytes);
    }

    public SandboxLimits withOutputBytes(long stdout, long stderr) {
        return new SandboxLimits(cpuMillis, wallMillis, addressSpaceBytes, stackBytes, fileSizeBytes, openFiles, tasks,
                stdout, stderr, tmpfsBytes);
    }

    public SandboxLimits withFileSizeBytes(long value) {
        return new SandboxLimits(cpuMillis, wallMillis, addressSpaceBytes, stackBytes, value, openFiles, tasks,
                stdoutBytes, stderrBytes, tmpfsBytes);
    }

    public SandboxLimits withTmpfsBytes(long value) {
        return new SandboxLimits(cpuMillis, wallMillis, addressSpaceBytes, stackBytes, fileSizeBytes, openFiles, tasks,
                stdoutBytes, stderrBytes, value);
    }
}
