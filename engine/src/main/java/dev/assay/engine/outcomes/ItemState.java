package dev.assay.engine.outcomes;

/**
 * Where one learner stands on one assessment, as the course-grade calculator sees it.
 *
 * <p>An assessment the policy names but the learner's state does not mention is treated as
 * {@code Missing(false)}: not submitted, deadline not (known to be) passed, so it keeps the outcome pending.
 */
public sealed interface ItemState {

    /** Whether the item's contribution is final (graded, or missed for good). */
    boolean resolved();

    /** A grade exists: {@code 0 <= score <= maxScore}, {@code maxScore > 0}. */
    record Graded(double score, double maxScore) implements ItemState {
        public Graded {
            if (!(maxScore > 0) || !Double.isFinite(maxScore)) {
                throw new IllegalArgumentException("maxScore must be a positive finite number, got " + maxScore);
            }
            if (!(score >= 0 && score <= maxScore)) {
                throw new IllegalArgumentException("score must be in [0, " + maxScore + "], got " + score);
            }
        }

        /** The score as a fraction of the maximum, in [0, 1]. */
        public double fraction() {
            return score / maxScore;
        }

        @Override
        public boolean resolved() {
            return true;
        }
    }

    /** Submitted, but no grade yet (e.g. "awaiting peer review", "awaiting staff grading", "in the grading queue"). */
    record Pending(String reason) implements ItemState {
        public Pending {
            reason = reason == null || reason.isBlank() ? "awaiting grading" : reason;
        }

        @Override
        public boolean resolved() {
            return false;
        }
    }

    /**
     * Nothing submitted. Past the deadline it counts as 0 (and fails a must-pass requirement);
     * before the deadline it is still open and keeps the outcome pending.
     */
    record Missing(boolean deadlinePassed) implements ItemState {
        @Override
        public boolean resolved() {
            return deadlinePassed;
        }
    }
}
