package dev.assay.peerreview.rubric;

import java.util.List;

/** A rubric (or calibration set) that cannot be used, with every problem found. */
public final class InvalidRubricException extends IllegalArgumentException {
    private final List<Problem> problems;

    public InvalidRubricException(List<Problem> problems) {
        super(problems.size() == 1 ? problems.getFirst().field() + ": " + problems.getFirst().message()
                : problems.size() + " problems, first " + problems.getFirst().field() + ": " + problems.getFirst().message());
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
