package dev.assay.peerreview.rubric;

import java.util.Map;

/**
 * What a reviewer filled in: the points of the level chosen per criterion id, and the text per comment field id.
 * Maps may hold anything the caller sent; {@link PeerRubric#validate} says what is wrong with it.
 */
public record RubricReview(Map<String, Double> scores, Map<String, String> comments) {

    public RubricReview {
        scores = Map.copyOf(scores);
        comments = Map.copyOf(comments);
    }

    /** Sum of the chosen points; meaningful only for a review that validated. */
    public double total() {
        return scores.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
