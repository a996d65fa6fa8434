package dev.assay.peerreview.aggregation;

import java.util.Objects;

/** One reviewer's score for one rubric criterion of one submission. */
public record CriterionReview(String reviewer, String submission, String criterion, double score) {

    public CriterionReview {
        Objects.requireNonNull(criterion, "criterion");
        // Reuse Review's checks on ids and score.
        new Review(reviewer, submission, score);
    }
}
