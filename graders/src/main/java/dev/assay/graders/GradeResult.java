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
        // Insertion order is kept so that stored and re-encoded results are byte-for-byte stable.
        evidence = evidence == null || evidence.isEmpty()
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }
}
