package dev.assay.peerreview.rubric;

/**
 * One thing wrong with a rubric or a review, naming the offending field as a JSON-style path
 * ({@code scores.clarity}, {@code criteria[1].levels[0].points}) so the engine can return it to the caller as is.
 */
public record Problem(String field, String message) {
}
