package dev.assay.graders.quiz;

import java.util.ArrayList;
import java.util.List;

/**
 * What one question's scoring rule found: the raw fraction (before clamping, kept as staff evidence, e.g.
 * a negative penalty) and the feedback written for what the learner chose.
 */
record Scored(double rawFraction, List<String> feedback) {

    static Scored of(double rawFraction, String feedback) {
        return new Scored(rawFraction, feedback == null || feedback.isBlank() ? List.of() : List.of(feedback));
    }

    /** Appends a non-blank feedback text to a list being built by a scoring rule. */
    static void addFeedback(List<String> out, String feedback) {
        if (feedback != null && !feedback.isBlank()) {
            out.add(feedback);
        }
    }

    static List<String> newFeedback() {
        return new ArrayList<>(4);
    }
}
