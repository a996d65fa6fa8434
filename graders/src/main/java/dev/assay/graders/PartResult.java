package dev.assay.graders;

import java.util.List;
import java.util.Objects;

/**
 * The result of one gradable part (a quiz question, a code test, a rubric criterion).
 *
 * @param feedback staff-written feedback that applies to what the learner answered, in display order
 */
public record PartResult(String id, double score, double maxScore, Correctness correctness, List<String> feedback) {

    public PartResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(correctness, "correctness");
        feedback = feedback == null ? List.of() : List.copyOf(feedback);
    }
}
