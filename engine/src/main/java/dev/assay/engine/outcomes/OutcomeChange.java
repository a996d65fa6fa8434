package dev.assay.engine.outcomes;

import java.util.Optional;

/**
 * A real change of a learner's outcome or band, worth an outcome event (outbox → certification). A recomputation
 * that changes only the total, or the breakdown, is not a change: {@link #detect} returns empty and nothing is
 * emitted.
 *
 * @param previous the state recorded before
 * @param current  the new state, its version {@code previous.version() + 1}
 */
public record OutcomeChange(OutcomeState previous, OutcomeState current) {

    public enum Kind {
        /** From pending to passed or failed. */
        DECIDED,
        /** From passed to failed or back (e.g. after a regrade). */
        REVERSED,
        /** From passed or failed back to pending (e.g. a regrade reopened an item); a certificate may need revoking. */
        REOPENED,
        /** Still passed, another band (or a band decided later). */
        BAND_CHANGED
    }

    /**
     * Compares the recorded state with a newly computed grade.
     *
     * @param previous the recorded state ({@link OutcomeState#INITIAL} if none yet)
     * @return the change to record and emit, or empty if outcome and band are unchanged
     */
    public static Optional<OutcomeChange> detect(OutcomeState previous, CourseGrade next) {
        return detect(previous, next.outcome(), next.band());
    }

    /** Like {@link #detect(OutcomeState, CourseGrade)}, for an outcome not computed from a grade (a program's). */
    public static Optional<OutcomeChange> detect(OutcomeState previous, Outcome outcome, String band) {
        OutcomeState before = previous == null ? OutcomeState.INITIAL : previous;
        if (before.outcome() == outcome && java.util.Objects.equals(before.band(), band)) {
            return Optional.empty();
        }
        return Optional.of(new OutcomeChange(before, new OutcomeState(outcome, band, before.version() + 1)));
    }

    public Kind kind() {
        Outcome from = previous.outcome();
        Outcome to = current.outcome();
        if (from == to) {
            return Kind.BAND_CHANGED;
        }
        if (from == Outcome.PENDING) {
            return Kind.DECIDED;
        }
        return to == Outcome.PENDING ? Kind.REOPENED : Kind.REVERSED;
    }

    /** The version the change brings the learner to (what a receiver orders and deduplicates by). */
    public long version() {
        return current.version();
    }

    /** The new outcome as events write it ({@code passed}). */
    public String outcomeName() {
        return wire(current.outcome());
    }

    /** An enum constant as events write it: lower case. */
    public static String wire(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The start of an outcome event's body, shaped as Standard Webhooks payloads are ({@code type}, {@code timestamp},
     * {@code data}); returns {@code data}, holding the event's stable id so far.
     */
    public static com.fasterxml.jackson.databind.node.ObjectNode eventBody(
            com.fasterxml.jackson.databind.node.ObjectNode root, String type, java.time.Instant at, java.util.UUID id) {
        root.put("type", type);
        root.put("timestamp", at.toString());
        com.fasterxml.jackson.databind.node.ObjectNode data = root.putObject("data");
        data.put("id", id.toString());
        return data;
    }

    /** Whether a previously granted pass is withdrawn (passed → failed or pending). */
    public boolean revokesPass() {
        return previous.outcome() == Outcome.PASSED && current.outcome() != Outcome.PASSED;
    }
}
