package dev.assay.peerreview.rubric;

/** One level of a criterion: the points a reviewer gives by choosing it, and what the level means. */
public record Level(double points, String description) {
}
