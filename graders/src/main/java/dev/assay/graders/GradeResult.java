package dev.assay.graders;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What any grader returns for one response.
 *
 * @param feedback short learner-facing summary; per-part feedback lives in {@link #parts()}
 * @param evidence for staff only (raw fractions, test output, model features, confidence); may be empty
 */
public record GradeResult(double score, double maxScore, List<PartResult> parts, String feedback,
                          Map<String, Object> evidence) {

    public GradeResult {
        parts = parts == null ? List.of() : List.copyOf(parts);
        feedback = feedback == null ? "" : feedback;
        evidence = evidence == null ? Map.of() : inOrder(evidence);
    }

    /**
     * An unmodifiable copy in insertion order, so that stored and re-encoded results are byte-for-byte stable
     * ({@link Map#copyOf} would not keep it). Small maps, the common case on the grading hot path, skip the
     * linked hash map.
     */
    private static Map<String, Object> inOrder(Map<String, Object> evidence) {
        if (evidence.isEmpty()) {
            return Map.of();
        }
        if (evidence.size() == 1) {
            Map.Entry<String, Object> only = evidence.entrySet().iterator().next();
            return Map.of(only.getKey(), only.getValue());
        }
        return Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }
}
