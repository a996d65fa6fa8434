package dev.assay.engine.store;

/**
 * The one SQL test for late work that does not count, shared by every query that picks the submission that counts
 * (course grades, overrides, peer review): made after the assessment's deadline when the assessment's
 * {@code lateSubmissions} is {@code ignore}, or {@code refuse} (which kept it out from the start, or when switched on
 * later, keeps earlier late work out too).
 */
final class LateWork {
    private LateWork() {
    }

    /** True for submission alias {@code s} of assessment alias {@code a} that does not count. */
    static String notCounted(String a, String s) {
        return "(%1$s.late_submissions <> 'count' AND %1$s.due_at IS NOT NULL AND %2$s.created_at > %1$s.due_at)"
                .formatted(a, s);
    }
}
