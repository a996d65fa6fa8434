package dev.assay.engine.programs;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A credential that spans courses, such as a specialization or a micro-credential: a learner earns it by passing
 * at least {@code minPassed} of its courses, including every one of the {@code required} ones.
 *
 * @param courses   the member courses' ids, in the order staff listed them (at least one, no repeats)
 * @param required  the courses that must be passed whatever else is, a subset of {@code courses}
 * @param minPassed how many member courses must be passed, from {@code required.size()} (at least 1) to
 *                  {@code courses.size()}
 */
public record Program(String id, String title, Kind kind, List<String> courses, Set<String> required, int minPassed) {

    /** What certification issues for it; the rule is the same, the credential a platform mints is not. */
    public enum Kind {
        SPECIALIZATION, MICRO_CREDENTIAL;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Program {
        courses = List.copyOf(courses);
        required = Set.copyOf(required);
        if (courses.isEmpty() || !courses.containsAll(required)
                || minPassed < Math.max(1, required.size()) || minPassed > courses.size()) {
            throw new IllegalArgumentException("inconsistent program " + id);
        }
    }
}
