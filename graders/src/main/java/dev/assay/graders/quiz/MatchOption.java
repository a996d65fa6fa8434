package dev.assay.graders.quiz;

/** The right-hand side of a matching pair; options no premise matches are distractors. */
public record MatchOption(String id, String text) {
}
