package dev.assay.peerreview.aggregation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The criteria of a rubric and the scale of each, in display order. The total's scale is the sum of the criteria's.
 */
public record Rubric(Map<String, ScoreRange> criteria) {

    public Rubric {
        if (criteria.isEmpty()) {
            throw new IllegalArgumentException("a rubric needs at least one criterion");
        }
        criteria = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(criteria));
    }

    public ScoreRange totalRange() {
        double min = 0;
        double max = 0;
        for (ScoreRange r : criteria.values()) {
            min += r.min();
            max += r.max();
        }
        return new ScoreRange(min, max);
    }
}
