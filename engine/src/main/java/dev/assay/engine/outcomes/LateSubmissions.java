package dev.assay.engine.outcomes;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What an assessment does with work submitted after its deadline. Staff choose per assessment; {@code COUNT} is the
 * default because a platform may enforce deadlines (and extensions) itself.
 */
public enum LateSubmissions {
    /** Accepted, graded and counted like work on time. */
    COUNT,
    /**
     * Accepted and graded (nothing is lost, staff see it), but the course grade counts the latest work on time, and
     * that is the submission peers review.
     */
    IGNORE,
    /** Refused with a 409: nothing is stored; late work stored earlier (under another rule) does not count either. */
    REFUSE,
    /**
     * Accepted, graded and counted less: a percentage per day late (a day begun counts whole) is taken off the
     * grader's score, up to a cap ({@link LatePenalty}). A staff override's score counts as given.
     */
    PENALIZE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<LateSubmissions> fromWire(String s) {
        return Arrays.stream(values()).filter(v -> v.wire().equals(s)).findFirst();
    }

    public static String choices() {
        return String.join(", ", Arrays.stream(values()).map(LateSubmissions::wire).toList());
    }
}
