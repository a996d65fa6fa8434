package dev.assay.graders.code;

import dev.assay.graders.Violation;

import java.util.ArrayList;
import java.util.List;

/**
 * What one run of a learner's program may use, as staff write it in an assessment ({@code "limits": {...}}).
 * Runners turn these into {@link SandboxLimits}, adding what the language's runtime itself needs (a JVM's address
 * space reservations and threads, Node's). Absent fields take the defaults of {@link #DEFAULT}; an absent
 * {@code wallSeconds} is {@code max(5, 2 × cpuSeconds)}, and an absent {@code cpuSeconds} beside a {@code wallSeconds}
 * below the default CPU limit is that wall limit in whole seconds (at least 1).
 *
 * @param cpuSeconds  CPU time, whole seconds (1–60)
 * @param wallSeconds clock time (0.1–300, at least {@code cpuSeconds} unless that is 1, the least CPU limit)
 * @param memoryMb    memory: address space for Python, C and C++, heap for Java and JavaScript (16–8192)
 * @param outputKb    bytes written to stdout, and separately to stderr, in KiB (1–65536)
 * @param fileSizeKb  largest file the program may write, in KiB; its private work directory and /tmp hold twice
 *                    that (at least 8 MiB) (1–1048576)
 * @param processes   processes and threads the program may run at once, itself included (1–64; default 32): the
 *                    kernel's RLIMIT_NPROC counts threads too, so this is what lets a thread pool start, and
 *                    what stops a fork bomb
 */
public record Limits(int cpuSeconds, double wallSeconds, int memoryMb, int outputKb, int fileSizeKb, int processes) {

    /**
     * 32 tasks: room for ordinary thread pools and pthreads (one task allowed made ThreadPoolExecutor(2) fail) while a
     * fork bomb stops at 32 processes, which every sandbox counts on its own (one user namespace each).
     */
    public static final Limits DEFAULT = new Limits(2, 5, 256, 64, 1024, 32);

    public static final int MAX_CPU_SECONDS = 60;
    public static final double MAX_WALL_SECONDS = 300;
    public static final int MAX_MEMORY_MB = 8192;
    public static final int MAX_OUTPUT_KB = 65536;
    public static final int MAX_FILE_SIZE_KB = 1048576;
    public static final int MAX_PROCESSES = 64;

    public long cpuMillis() {
        return cpuSeconds * 1000L;
    }

    public long wallMillis() {
        return Math.round(wallSeconds * 1000);
    }

    public long memoryBytes() {
        return memoryMb * 1024L * 1024;
    }

    public long outputBytes() {
        return outputKb * 1024L;
    }

    public long fileSizeBytes() {
        return fileSizeKb * 1024L;
    }

    public Limits withCpuSeconds(int value) {
        return new Limits(value, wallSeconds, memoryMb, outputKb, fileSizeKb, processes);
    }

    public Limits withWallSeconds(double value) {
        return new Limits(cpuSeconds, value, memoryMb, outputKb, fileSizeKb, processes);
    }

    public Limits withMemoryMb(int value) {
        return new Limits(cpuSeconds, wallSeconds, value, outputKb, fileSizeKb, processes);
    }

    public Limits withOutputKb(int value) {
        return new Limits(cpuSeconds, wallSeconds, memoryMb, value, fileSizeKb, processes);
    }

    public Limits withFileSizeKb(int value) {
        return new Limits(cpuSeconds, wallSeconds, memoryMb, outputKb, value, processes);
    }

    public Limits withProcesses(int value) {
        return new Limits(cpuSeconds, wallSeconds, memoryMb, outputKb, fileSizeKb, value);
    }

    /** Everything out of range, with paths below {@code prefix} (e.g. {@code limits.memoryMb}). */
    public List<Violation> validate(String prefix) {
        List<Violation> violations = new ArrayList<>();
        if (cpuSeconds < 1 || cpuSeconds > MAX_CPU_SECONDS) {
            violations.add(new Violation(prefix + ".cpuSeconds", "must be a whole number from 1 to " + MAX_CPU_SECONDS));
        }
        if (!(wallSeconds >= 0.1 && wallSeconds <= MAX_WALL_SECONDS)) {
            violations.add(new Violation(prefix + ".wallSeconds", "must be from 0.1 to " + (int) MAX_WALL_SECONDS));
        } else if (wallSeconds < cpuSeconds && cpuSeconds > 1) {
            // A CPU limit the clock always cuts short is a mistake, except RLIMIT_CPU's least, 1 s, under a
            // sub-second wall limit: the clock then bounds the run, as staff asked.
            violations.add(new Violation(prefix + ".wallSeconds", "must be at least cpuSeconds (" + cpuSeconds + ")"));
        }
        if (memoryMb < 16 || memoryMb > MAX_MEMORY_MB) {
            violations.add(new Violation(prefix + ".memoryMb", "must be from 16 to " + MAX_MEMORY_MB));
        }
        if (outputKb < 1 || outputKb > MAX_OUTPUT_KB) {
            violations.add(new Violation(prefix + ".outputKb", "must be from 1 to " + MAX_OUTPUT_KB));
        }
        if (fileSizeKb < 1 || fileSizeKb > MAX_FILE_SIZE_KB) {
            violations.add(new Violation(prefix + ".fileSizeKb", "must be from 1 to " + MAX_FILE_SIZE_KB));
        }
        if (processes < 1 || processes > MAX_PROCESSES) {
            violations.add(new Violation(prefix + ".processes", "must be from 1 to " + MAX_PROCESSES));
        }
        return violations;
    }
}
