package dev.assay.graders;

import java.util.List;

/** A definition or response that cannot be graded; the caller can fix it (maps to an HTTP 4xx). */
public class InvalidInputException extends RuntimeException {

    private final List<Violation> violations;

    public InvalidInputException(List<Violation> violations) {
        super(summary(violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid input needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public InvalidInputException(String field, String message) {
        this(List.of(new Violation(field, message)));
    }

    public List<Violation> violations() {
        return violations;
    }

    private static String summary(List<Violation> violations) {
        StringBuilder text = new StringBuilder("invalid input: ");
        for (int i = 0; i < violations.size(); i++) {
            if (i > 0) {
                text.append("; ");
            }
            text.append(violations.get(i));
        }
        return text.toString();
    }
}
