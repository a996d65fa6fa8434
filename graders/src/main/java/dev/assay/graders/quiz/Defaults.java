package dev.assay.graders.quiz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Default-filling helpers shared by the definition records' constructors. */
final class Defaults {

    private Defaults() {
    }

    static double points(Double points) {
        return points == null ? Question.DEFAULT_POINTS : points;
    }

    /**
     * An unmodifiable copy that, unlike {@link List#copyOf}, keeps null elements: a definition read
     * from JSON may contain them and the validator must be able to name them rather than crash.
     */
    static <T> List<T> list(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
