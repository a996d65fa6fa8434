package dev.assay.engine.store;

/**
 * The SQL for late work, shared by every query that picks the submission that counts (course grades, overrides, peer
 * review): late work does not count when the assessment's {@code lateSubmissions} is {@code ignore}, or
 * {@code refuse} (which kept it out from the start, or when switched on later, keeps earlier late work out too); it
 * counts less under {@code penalize}.
 */
final class LateWork {
    private LateWork() {
    }

    /** True for submission alias {@code s} of assessment alias {@code a} that does not count. */
    static String notCounted(String a, String s) {
        return "(%1$s.late_submissions IN ('ignore', 'refuse') AND %1$s.due_at IS NOT NULL AND %2$s.created_at > %1$s.due_at)"
                .formatted(a, s);
    }

    /**
     * The percentage taken off submission {@code s}'s grader score under {@code penalize} (0 otherwise): the
     * {@link dev.assay.engine.outcomes.LatePenalty} per day begun after the deadline, up to its cap.
     */
    static String penaltyPercent(String a, String s) {
        return ("""
                (CASE WHEN %1$s.late_submissions = 'penalize' AND %1$s.due_at IS NOT NULL AND %2$s.created_at > %1$s.due_at
                      THEN LEAST(%1$s.late_penalty_max,
                                 %1$s.late_penalty_per_day * ceil(extract(epoch FROM %2$s.created_at - %1$s.due_at) / 86400))
                      ELSE 0 END)""").formatted(a, s);
    }
}
