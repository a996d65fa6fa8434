package dev.assay.graders;

/**
 * One thing wrong with a definition or a response.
 *
 * @param field path of the offending value, e.g. {@code questions[2].choices[1].fraction} or {@code answers.q3[1]}
 */
public record Violation(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
