package dev.assay.graders;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a learner's answer to one part compares with full credit. */
public enum Correctness {
    CORRECT,
    PARTIAL,
    INCORRECT,
    UNANSWERED;

    /** Lower case on the wire, as the rest of the API's enumerations. */
    @JsonValue
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
