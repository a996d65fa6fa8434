package dev.assay.graders.code;

import com.fasterxml.jackson.annotation.JsonValue;

/** The outcome of one test, as learners and staff see it. Details (exit code, signal) live in {@link TestResult}. */
public enum Verdict {
    ACCEPTED("accepted", "Accepted"),
    /** Ran normally but the checker rejected the output (or gave part of the points). */
    WRONG_ANSWER("wrong_answer", "Wrong answer"),
    /** CPU limit (SIGXCPU, or SIGKILL at the hard limit) or wall-clock limit. */
    TIME_LIMIT("time_limit_exceeded", "Time limit exceeded"),
    /** An allocation failed at the memory limit (see {@link Verdicts} for how this is recognised). */
    MEMORY_LIMIT("memory_limit_exceeded", "Memory limit exceeded"),
    /** Too much on stdout/stderr, or a file beyond the file-size limit or the work directory's size. */
    OUTPUT_LIMIT("output_limit_exceeded", "Output limit exceeded"),
    /** A non-zero exit status or a fatal signal. */
    RUNTIME_ERROR("runtime_error", "Runtime error"),
    /** The program did not compile (every test gets this verdict). */
    COMPILE_ERROR("compile_error", "Compilation error"),
    /** The staff checker program failed or the regular expression took too long: not the learner's fault. */
    CHECKER_ERROR("checker_error", "Checker error (staff have been told)");

    private final String id;
    private final String label;

    Verdict(String id, String label) {
        this.id = id;
        this.label = label;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** Short words for the learner, e.g. "Time limit exceeded". */
    public String label() {
        return label;
    }
}
