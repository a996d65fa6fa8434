package dev.assay.graders.code;

/**
 * What happened in one test, in full (staff evidence); {@link CodeGrader} decides what learners see of it.
 *
 * @param fraction        the checker's fraction in [0, 1] (0 unless the program ran normally)
 * @param score           points awarded, after all-or-nothing groups
 * @param detail          why the verdict ("exit status 1", "killed by signal 11 (SIGSEGV)", the checker's message)
 * @param exitCode        -1 when killed by a signal or the sandbox, or when the test did not run
 * @param signal          0 unless a signal ended the program
 * @param wallMillis      the run's wall-clock time (0 when it did not run)
 * @param stdout          what the program printed (up to the output limit)
 * @param stderr          its standard error (up to the output limit)
 * @param checkerMessage  what the checker said (token mismatch, a checker program's message); may be empty
 * @param diff            expected vs actual, for checkers where that means something; empty otherwise
 */
public record TestResult(String testId, String title, Verdict verdict, double fraction, double score, double maxScore,
                         boolean visible, String group, String detail, int exitCode, int signal, long wallMillis,
                         String stdout, boolean stdoutTruncated, String stderr, String checkerMessage, String diff) {

    public boolean passed() {
        return verdict == Verdict.ACCEPTED;
    }

    TestResult withScore(double value, String note) {
        return new TestResult(testId, title, verdict, fraction, value, maxScore, visible, group,
                note == null ? detail : (detail.isEmpty() ? note : detail + "; " + note),
                exitCode, signal, wallMillis, stdout, stdoutTruncated, stderr, checkerMessage, diff);
    }
}
