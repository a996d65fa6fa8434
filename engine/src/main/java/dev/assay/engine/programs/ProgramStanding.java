package dev.assay.engine.programs;

import dev.assay.engine.outcomes.Outcome;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A learner's outcome in a program, derived from their outcomes in its courses. A course the learner has no
 * outcome in yet counts as pending: not having started a course of a specialization is not failing it.
 *
 * <ul>
 *   <li>passed: every required course passed, and at least {@code minPassed} courses passed;</li>
 *   <li>failed: as the course outcomes stand it can no longer be earned (a required course failed, or too few
 *       courses are passed or still open); it turns back when a course outcome does (a regrade, an override);</li>
 *   <li>pending: otherwise.</li>
 * </ul>
 *
 * @param courses every member course's outcome, in the program's order
 */
public record ProgramStanding(Outcome outcome, Map<String, Outcome> courses, int passedCourses) {

    public static ProgramStanding of(Program program, Map<String, Outcome> courseOutcomes) {
        Map<String, Outcome> courses = new LinkedHashMap<>();
        int passed = 0;
        int open = 0;
        boolean requiredFailed = false;
        boolean requiredOpen = false;
        for (String course : program.courses()) {
            Outcome o = courseOutcomes.getOrDefault(course, Outcome.PENDING);
            courses.put(course, o);
            boolean required = program.required().contains(course);
            switch (o) {
                case PASSED -> passed++;
                case PENDING -> {
                    open++;
                    requiredOpen |= required;
                }
                case FAILED -> requiredFailed |= required;
            }
        }
        Outcome outcome;
        if (requiredFailed || passed + open < program.minPassed()) {
            outcome = Outcome.FAILED;
        } else if (!requiredOpen && passed >= program.minPassed()) {
            outcome = Outcome.PASSED;
        } else {
            outcome = Outcome.PENDING;
        }
        return new ProgramStanding(outcome, courses, passed);
    }
}
