package dev.assay.engine.outcomes;

/** A learner's course outcome. */
public enum Outcome {
    /** Not decided yet: some grade that could change the outcome is still to come. */
    PENDING,
    /** Passed: no grade still to come can make it a fail. */
    PASSED,
    /** Failed: no grade still to come can make it a pass. */
    FAILED
}
