package dev.assay.engine.store;

/**
 * Which of a learner's submissions to an assessment counts toward the course grade, as the ordering the course grades
 * read (the first row per learner and assessment counts). Late work that does not count is
 * filtered out before ({@link LateWork}).
 *
 * <p>A finished grade (graded, and for peer work its peer grade published or overridden) always comes before work
 * still in progress, so submitting again never reopens an item: a learner who passed keeps the pass while the new
 * work is graded. Among finished grades the course policy's {@code attempts} picks the highest (as a fraction of its
 * maximum, late penalty taken off) or the latest; the latest submission of all stands only while none is finished.
 */
final class CountingWork {
    private CountingWork() {
    }

    /** The score that counts for submission {@code s}: a late penalty comes off the grader's, not off an override. */
    static String score(String a, String s) {
        return ("(CASE WHEN %2$s.override IS NULL THEN %2$s.score * (1 - " + LateWork.penaltyPercent(a, s)
                + " / 100) ELSE %2$s.score END)").formatted(a, s);
    }

    /**
     * True when submission {@code s} of a peer-reviewed assessment has the grade it waits for (its peer grade
     * published, or a staff override); meaningless for other assessments.
     */
    static String finalForPeers(String a, String s) {
        return ("(%2$s.peer_graded_at IS NOT NULL OR %2$s.override IS NOT NULL OR NOT " + PeerWork.forPeers(a, s) + ")")
                .formatted(a, s);
    }

    /** SQL: whether assessment {@code a} is peer reviewed, read from the store. */
    static String peerReviewed(String a) {
        return "EXISTS (SELECT 1 FROM peer_review_configs p WHERE p.assessment_id = %s.id)".formatted(a);
    }

    /**
     * ORDER BY keys putting the submission that counts first.
     *
     * @param highest      whether the course counts the highest graded submission (else the latest)
     * @param peerReviewed SQL boolean: whether assessment {@code a} is peer reviewed ({@link #peerReviewed}, or a
     *                     list the caller has read already)
     */
    static String order(String a, String s, boolean highest, String peerReviewed) {
        return ("(%2$s.status = 'graded' AND (NOT " + peerReviewed + " OR " + finalForPeers(a, s) + ")) DESC, "
                + (highest ? "CASE WHEN %2$s.status = 'graded' THEN " + score(a, s)
                + " / NULLIF(%2$s.max_score, 0) END DESC NULLS LAST, " : "")
                + "%2$s.created_at DESC, %2$s.id DESC").formatted(a, s);
    }

    /** SQL: whether the stored policy of submission {@code s}'s course counts the highest (the default). */
    static String highestInStoredPolicy(String s) {
        return ("COALESCE((SELECT g.policy->>'attempts' FROM grading_policies g WHERE g.platform_id = %1$s.platform_id"
                + " AND g.course_id = %1$s.course_id), 'highest') = 'highest'").formatted(s);
    }
}
