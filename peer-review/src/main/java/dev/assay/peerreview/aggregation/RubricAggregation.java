package dev.assay.peerreview.aggregation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-criterion aggregations and the aggregation of totals. Each is fitted separately: a reviewer may be lenient on
 * one criterion and strict on another, and the total has its own reviewer biases, which are not simply the sums.
 */
public record RubricAggregation(Map<String, Aggregation> criteria, Aggregation total) {

    public RubricAggregation {
        criteria = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(criteria));
    }
}
