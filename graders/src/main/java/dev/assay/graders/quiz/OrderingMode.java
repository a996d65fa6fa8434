package dev.assay.graders.quiz;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a learner's sequence of items turns into a fraction. */
public enum OrderingMode {
    /** 1 for exactly the correct sequence of all items, otherwise 0. */
    @JsonProperty("all_or_nothing") ALL_OR_NOTHING,
    /**
     * Each of the n - 1 adjacent pairs of the learner's sequence earns 1/(n - 1) when its second item is the
     * correct immediate successor of its first (Moodle's "relative to the next item, excluding the last").
     * One misplaced item therefore costs at most two pairs instead of everything after it.
     */
    @JsonProperty("relative") RELATIVE
}
