package dev.assay.engine.outcomes;

/**
 * Why a course grade has the outcome it has (for learners and staff).
 *
 * @param code    stable machine-readable code
 * @param subject the assessment or category concerned, or {@code null}
 * @param message human-readable explanation
 */
public record Reason(Code code, String subject, String message) {

    public enum Code {
        /** A must-pass item scored below its own pass fraction, or was missed past its deadline. */
        MUST_PASS_FAILED,
        /** A must-pass item has no final grade yet. */
        MUST_PASS_PENDING,
        /** Fewer peer reviews given than required, and the review window is closed. */
        REVIEWS_MISSING,
        /** Fewer peer reviews given than required, but more can still be given. */
        REVIEWS_PENDING,
        /** Even full marks on everything still to come cannot reach the pass mark. */
        BELOW_PASS_MARK,
        /** The total may still reach (or miss) the pass mark depending on grades still to come. */
        TOTAL_PENDING,
        /** An item that counts has no final grade yet. */
        ITEM_PENDING,
        /** Passed, but grades still to come may change the band. */
        BAND_PENDING
    }

    @Override
    public String toString() {
        return message;
    }
}
