package dev.assay.engine.outcomes;

import java.util.Objects;

/**
 * The last outcome recorded for a learner in a course, with a version that grows by one at each real change
 * (what the store keeps next to the course grade, and what an outcome event carries).
 *
 * @param band {@code null} when there is none
 */
public record OutcomeState(Outcome outcome, String band, long version) {

    /** Before any grade: pending, no band, version 0. */
    public static final OutcomeState INITIAL = new OutcomeState(Outcome.PENDING, null, 0);

    public OutcomeState {
        Objects.requireNonNull(outcome, "outcome");
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative");
        }
    }
}
