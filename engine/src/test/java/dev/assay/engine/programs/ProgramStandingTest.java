package dev.assay.engine.programs;

import dev.assay.engine.outcomes.Outcome;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.assay.engine.outcomes.Outcome.FAILED;
import static dev.assay.engine.outcomes.Outcome.PASSED;
import static dev.assay.engine.outcomes.Outcome.PENDING;
import static org.assertj.core.api.Assertions.assertThat;

class ProgramStandingTest {
    /** Three of four courses, the capstone among them. */
    private static final Program SPEC = new Program("ds", "Data Science", Program.Kind.SPECIALIZATION,
            List.of("c1", "c2", "c3", "capstone"), Set.of("capstone"), 3);

    private static Outcome of(Map<String, Outcome> courses) {
        return ProgramStanding.of(SPEC, courses).outcome();
    }

    @Test
    void aCourseNotStartedIsPendingNotFailed() {
        ProgramStanding s = ProgramStanding.of(SPEC, Map.of("c1", PASSED));
        assertThat(s.outcome()).isEqualTo(PENDING);
        assertThat(s.courses()).containsExactly(Map.entry("c1", PASSED), Map.entry("c2", PENDING),
                Map.entry("c3", PENDING), Map.entry("capstone", PENDING));
        assertThat(s.passedCourses()).isEqualTo(1);
    }

    @Test
    void passedWithEnoughCoursesAndEveryRequiredOne() {
        assertThat(of(Map.of("c1", PASSED, "c2", PASSED, "capstone", PASSED))).isEqualTo(PASSED);
        // one optional course failed does not matter once enough are passed
        assertThat(of(Map.of("c1", PASSED, "c2", PASSED, "c3", FAILED, "capstone", PASSED))).isEqualTo(PASSED);
        // enough courses, but not the required one yet
        assertThat(of(Map.of("c1", PASSED, "c2", PASSED, "c3", PASSED))).isEqualTo(PENDING);
    }

    @Test
    void failedOnlyWhenItCanNoLongerBeEarned() {
        assertThat(of(Map.of("capstone", FAILED, "c1", PASSED, "c2", PASSED, "c3", PASSED))).isEqualTo(FAILED);
        // two optional failures leave too few courses to reach three
        assertThat(of(Map.of("c1", FAILED, "c2", FAILED))).isEqualTo(FAILED);
        // one optional failure still leaves three open
        assertThat(of(Map.of("c1", FAILED))).isEqualTo(PENDING);
    }

    @Test
    void aProgramOfEveryCourseNeedsThemAll() {
        Program all = new Program("mc", "Micro", Program.Kind.MICRO_CREDENTIAL, List.of("a", "b"), Set.of(), 2);
        assertThat(ProgramStanding.of(all, Map.of("a", PASSED)).outcome()).isEqualTo(PENDING);
        assertThat(ProgramStanding.of(all, Map.of("a", PASSED, "b", PASSED)).outcome()).isEqualTo(PASSED);
        assertThat(ProgramStanding.of(all, Map.of("a", PASSED, "b", FAILED)).outcome()).isEqualTo(FAILED);
        // outcomes in courses outside the program are not counted
        assertThat(ProgramStanding.of(all, Map.of("a", PASSED, "z", PASSED)).passedCourses()).isEqualTo(1);
    }
}
