package dev.assay.peerreview.rubric;

import java.util.List;

/**
 * A rubric criterion with its levels ordered from fewest to most points. A reviewer picks one level, by its points,
 * so the points of a criterion's levels must be distinct.
 */
public record Criterion(String id, String prompt, List<Level> levels) {

    public Criterion {
        levels = List.copyOf(levels);
    }

    public double minPoints() {
        return levels.getFirst().points();
    }

    public double maxPoints() {
        return levels.getLast().points();
    }

    /** Whether {@code points} is exactly one of the levels (levels are decimals staff typed, compared exactly). */
    public boolean hasLevel(double points) {
        return levels.stream().anyMatch(l -> Double.compare(l.points(), points) == 0);
    }
}
