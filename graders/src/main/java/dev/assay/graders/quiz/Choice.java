package dev.assay.graders.quiz;

/**
 * A choice of a single-choice or multiple-response question.
 *
 * @param fraction share of the question's points earned by choosing it, in [-1, 1]; 0 when absent
 * @param feedback shown when the learner chose it
 */
public record Choice(String id, String text, double fraction, String feedback) {
}
