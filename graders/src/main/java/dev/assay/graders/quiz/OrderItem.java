package dev.assay.graders.quiz;

/** One item to put in order. */
public record OrderItem(String id, String text) {
}
