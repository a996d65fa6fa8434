package dev.assay.graders.code;

import java.util.List;

/**
 * Everything a grading run found, before it is shaped into a {@link dev.assay.graders.GradeResult}.
 *
 * @param toolchainVersion the compiler / interpreter version used
 * @param compiled         false when the program did not compile (every test then has {@link Verdict#COMPILE_ERROR})
 * @param compilerMessage  the compiler's message when it failed, its warnings otherwise (truncated)
 * @param compileMillis    wall time of the compile step (0 when the language has none)
 */
public record CodeReport(Language language, String toolchainVersion, boolean compiled, String compilerMessage,
                         long compileMillis, List<TestResult> tests, double score, double maxScore) {

    public CodeReport {
        tests = List.copyOf(tests);
    }
}
