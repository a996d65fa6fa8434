package dev.assay.engine.store;

/**
 * The SQL for late work, shared by every query that picks the submission that counts (course grades, overrides, peer
 * review): late work does not count when the assessment's {@code lateSubmissions} is {@code ignore}, or
 * {@code refuse} (which kept it out from the start, or when switched on later, keeps earlier late work out too); it
 * counts less under {@code penalize}. Work is late against the later of the current deadline and the one in force
 * when it was submitted ({@code deadline_at_submission}).
 *
 * <p>The review queue keeps what this says of each submission as a flag, in the database (V25's
 * {@code peer_queue_counts}), held to the same answers by {@code PeerQueueFlagsTest}: a change here needs a migration
 * there.
 */
final class LateWork {
    private LateWork() {
    }

    /**
     * The deadline submission {@code s} is held to: the later of the assessment's current one and the one in force
     * when it was made (moving a deadline later forgives work; setting or moving it earlier afterwards never makes
     * work late that was sent in time); null, never late, when either is none.
     */
    private static String deadline(String a, String s) {
        return ("(CASE WHEN %1$s.due_at IS NULL OR %2$s.deadline_at_submission IS NULL THEN NULL"
                + " ELSE GREATEST(%1$s.due_at, %2$s.deadline_at_submission) END)").formatted(a, s);
    }

    /** True for submission alias {@code s} of assessment alias {@code a} that was late. */
    static String late(String a, String s) {
        return "COALESCE(%2$s.created_at > %3$s, false)".formatted(a, s, deadline(a, s));
    }

    /** True for submission alias {@code s} of assessment alias {@code a} that does not count. */
    static String notCounted(String a, String s) {
        return "(%1$s.late_submissions IN ('ignore', 'refuse') AND %3$s)".formatted(a, s, late(a, s));
    }

    /**
     * The percentage taken off submission {@code s}'s grader score under {@code penalize} (0 otherwise): the
     * {@link dev.assay.engine.outcomes.LatePenalty} per day begun after its {@link #deadline}, up to its cap.
     */
    static String penaltyPercent(String a, String s) {
        return ("""
                (CASE WHEN %1$s.late_submissions = 'penalize' AND %3$s
                      THEN LEAST(%1$s.late_penalty_max,
                                 %1$s.late_penalty_per_day * ceil(extract(epoch FROM %2$s.created_at - %4$s) / 86400))
                      ELSE 0 END)""").formatted(a, s, late(a, s), deadline(a, s));
    }
}
