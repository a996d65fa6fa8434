package dev.assay.peerreview.aggregation;

import java.util.Objects;

/**
 * One peer score: {@code reviewer} gave {@code score} to {@code submission}. Scores are on the assessment's own scale
 * (a criterion's points or the rubric total); the models never assume a particular range.
 */
public record Review(String reviewer, String submission, double score) {

    public Review {
        Objects.requireNonNull(reviewer, "reviewer");
        Objects.requireNonNull(submission, "submission");
        if (reviewer.isBlank()) {
            throw new IllegalArgumentException("reviewer id is blank");
        }
        if (submission.isBlank()) {
            throw new IllegalArgumentException("submission id is blank");
        }
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("score must be a finite number, got " + score);
        }
    }
}
