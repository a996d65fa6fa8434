package dev.assay.graders.quiz;

/**
 * The left-hand side of a matching pair.
 *
 * @param match id of the option that correctly pairs with this premise
 */
public record Premise(String id, String text, String match) {
}
