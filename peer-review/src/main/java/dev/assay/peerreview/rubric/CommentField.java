package dev.assay.peerreview.rubric;

/** A free-text field of the review form, e.g. "What is the strongest part of this work?". */
public record CommentField(String id, String prompt, boolean required, int minLength, int maxLength) {
}
