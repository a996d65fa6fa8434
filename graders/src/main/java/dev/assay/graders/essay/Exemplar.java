package dev.assay.graders.essay;

import java.util.Map;
import java.util.Objects;

/**
 * A staff-scored essay that a model learns from.
 *
 * @param score           the overall score (for a rubric: the total, or ignored when criteria scores are given)
 * @param criterionScores per rubric criterion id, its score; empty without a rubric
 */
public record Exemplar(String text, double score, Map<String, Double> criterionScores) {

    public Exemplar {
        Objects.requireNonNull(text, "text");
        criterionScores = criterionScores == null ? Map.of() : Map.copyOf(criterionScores);
    }

    public Exemplar(String text, double score) {
        this(text, score, Map.of());
    }
}
