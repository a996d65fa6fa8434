package dev.assay.graders.essay;

import java.util.Objects;

/** One criterion of an essay rubric, scored in whole points from {@code minScore} to {@code maxScore}. */
public record Criterion(String id, String description, int minScore, int maxScore) {

    public Criterion {
        Objects.requireNonNull(id, "id");
        description = description == null ? "" : description;
    }
}
