package dev.assay.peerreview.assignment;

/** The learner asking for something to review, and their team (null when none). */
public record ReviewerInfo(String id, String team) {
}
