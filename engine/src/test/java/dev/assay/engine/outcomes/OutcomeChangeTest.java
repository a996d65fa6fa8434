package dev.assay.engine.outcomes;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.assay.engine.outcomes.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class OutcomeChangeTest {

    private static final GradingPolicy POLICY = new GradingPolicy(List.of(cat("all", 100, 0, "a", "b")),
            List.of(), 0, 50, List.of(new GradingPolicy.Band("pass", 50), new GradingPolicy.Band("merit", 80)));

    private static CourseGrade grade(ItemState a, ItemState b) {
        return CourseGradeCalculator.compute(POLICY, Map.of("a", a, "b", b), 0);
    }

    @Test
    void firstPendingGradeIsNoChange() {
        assertThat(OutcomeChange.detect(OutcomeState.INITIAL, grade(pct(20), pending("x")))).isEmpty();
        assertThat(OutcomeChange.detect(null, grade(pct(20), pending("x")))).isEmpty();
    }

    @Test
    void decidingIsAChangeWithTheNextVersion() {
        Optional<OutcomeChange> change = OutcomeChange.detect(OutcomeState.INITIAL, grade(pct(60), pct(60)));
        assertThat(change).isPresent();
        assertThat(change.get().current()).isEqualTo(new OutcomeState(Outcome.PASSED, "pass", 1));
        assertThat(change.get().kind()).isEqualTo(OutcomeChange.Kind.DECIDED);
        assertThat(change.get().revokesPass()).isFalse();
    }

    @Test
    void aNewTotalWithTheSameOutcomeAndBandIsNoChange() {
        OutcomeState recorded = new OutcomeState(Outcome.PASSED, "pass", 4);
        assertThat(OutcomeChange.detect(recorded, grade(pct(60), pct(70)))).isEmpty();
        assertThat(OutcomeChange.detect(recorded, grade(pct(60), pct(60)))).isEmpty();
    }

    @Test
    void bandChangeReversalAndReopening() {
        OutcomeState passed = new OutcomeState(Outcome.PASSED, "pass", 4);
        OutcomeChange merit = OutcomeChange.detect(passed, grade(pct(90), pct(90))).orElseThrow();
        assertThat(merit.kind()).isEqualTo(OutcomeChange.Kind.BAND_CHANGED);
        assertThat(merit.current()).isEqualTo(new OutcomeState(Outcome.PASSED, "merit", 5));

        OutcomeChange failed = OutcomeChange.detect(passed, grade(pct(10), pct(10))).orElseThrow();
        assertThat(failed.kind()).isEqualTo(OutcomeChange.Kind.REVERSED);
        assertThat(failed.revokesPass()).isTrue();
        assertThat(failed.current().band()).isNull();

        OutcomeChange reopened = OutcomeChange.detect(passed, grade(pct(10), pending("regrade"))).orElseThrow();
        assertThat(reopened.kind()).isEqualTo(OutcomeChange.Kind.REOPENED);
        assertThat(reopened.revokesPass()).isTrue();

        OutcomeChange passedAfterFail = OutcomeChange.detect(new OutcomeState(Outcome.FAILED, null, 2),
                grade(pct(60), pct(60))).orElseThrow();
        assertThat(passedAfterFail.kind()).isEqualTo(OutcomeChange.Kind.REVERSED);
        assertThat(passedAfterFail.revokesPass()).isFalse();
        assertThat(passedAfterFail.current().version()).isEqualTo(3);
    }

    @Test
    void aProjectedPassIsNoEventUntilTheGradeIsComplete() {
        CourseGrade early = grade(pct(100), pending("x")); // floor 50 -> heading for a pass, band pass or merit
        assertThat(early.projection()).isEqualTo(Outcome.PASSED);
        assertThat(early.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(OutcomeChange.detect(OutcomeState.INITIAL, early)).isEmpty();
        OutcomeChange later = OutcomeChange.detect(OutcomeState.INITIAL, grade(pct(100), pct(100))).orElseThrow();
        assertThat(later.kind()).isEqualTo(OutcomeChange.Kind.DECIDED);
        assertThat(later.current()).isEqualTo(new OutcomeState(Outcome.PASSED, "merit", 1));
    }
}
