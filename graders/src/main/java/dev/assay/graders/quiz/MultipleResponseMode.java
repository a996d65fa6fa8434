package dev.assay.graders.quiz;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the choices a learner selects in a multiple-response question turn into a fraction. */
public enum MultipleResponseMode {
    /** Sum of the selected choices' fractions, clamped to [0, 1] (Moodle's default). */
    @JsonProperty("partial") PARTIAL,
    /** Full credit only for exactly the set of choices with a positive fraction, otherwise 0. */
    @JsonProperty("all_or_nothing") ALL_OR_NOTHING,
    /**
     * Every choice is a true/false decision (select it when its fraction is positive, leave it otherwise);
     * the fraction is the share of right decisions.
     */
    @JsonProperty("every_decision") EVERY_DECISION
}
