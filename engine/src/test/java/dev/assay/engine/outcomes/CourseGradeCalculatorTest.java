package dev.assay.engine.outcomes;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.assay.engine.outcomes.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CourseGradeCalculatorTest {

    private static final GradingPolicy POLICY = mooc(3, 60, BANDS);

    private static Map<String, ItemState> allGraded(double q, double p1, double p2, double e) {
        return items("q1", pct(q), "q2", pct(q), "q3", pct(q), "q4", pct(q),
                "p1", pct(p1), "p2", pct(p2), "e1", pct(e));
    }

    private static CourseGrade.CategoryGrade category(CourseGrade g, String id) {
        return g.categories().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    private static List<String> ids(List<CourseGrade.ItemScore> scores) {
        return scores.stream().map(CourseGrade.ItemScore::assessment).toList();
    }

    @Test
    void weightedTotalOfCategoryMeans() {
        CourseGrade g = CourseGradeCalculator.compute(POLICY, allGraded(80, 70, 50, 90), 3);
        // 30 * 80 + 40 * 60 + 30 * 90 = 2400 + 2400 + 2700 -> 75
        assertThat(g.total()).isCloseTo(75, within(1e-9));
        assertThat(g.maximum()).isCloseTo(75, within(1e-9));
        assertThat(g.complete()).isTrue();
        assertThat(g.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(g.band()).isEqualTo("merit");
        assertThat(g.reasons()).isEmpty();
        assertThat(category(g, "programming").percent()).isCloseTo(60, within(1e-9));
        assertThat(category(g, "programming").contribution()).isCloseTo(24, within(1e-9));
    }

    /** Two 10-point quizzes at 2/10 and 7/10: 0.2 + 0.7 is 0.8999999999999999 in floating point. */
    private static CourseGrade twoQuizzesAt45(double passMark, List<GradingPolicy.Band> bands) {
        GradingPolicy policy = new GradingPolicy(List.of(cat("quizzes", 100, 0, "quiz1", "quiz2")), List.of(), 0,
                passMark, bands);
        return CourseGradeCalculator.compute(policy, items("quiz1", graded(2, 10), "quiz2", graded(7, 10)), 0);
    }

    @Test
    void reportedNumbersCarryNoFloatingPointNoise() {
        CourseGrade g = twoQuizzesAt45(60, List.of());

        assertThat(g.total()).isEqualTo(45.0);
        assertThat(g.maximum()).isEqualTo(45.0);
        assertThat(category(g, "quizzes").percent()).isEqualTo(45.0);
        assertThat(category(g, "quizzes").maxPercent()).isEqualTo(45.0);
        assertThat(category(g, "quizzes").contribution()).isEqualTo(45.0);
        assertThat(CourseGradeCodec.toJson(g).toString()).contains("\"total\":45.0,\"maximum\":45.0");
    }

    @Test
    void aTotalThatIsMathematically45PassesAPassMarkAndBandOf45() {
        CourseGrade g = twoQuizzesAt45(45, List.of(new GradingPolicy.Band("pass", 45)));

        assertThat(g.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(g.band()).isEqualTo("pass");
        assertThat(g.total()).isEqualTo(45.0);
    }

    @Test
    void thirdsAreReportedToNineDecimals() {
        GradingPolicy policy = new GradingPolicy(List.of(cat("all", 100, 0, "a")), List.of(), 0, 50, List.of());
        CourseGrade g = CourseGradeCalculator.compute(policy, items("a", graded(2, 3)), 0);

        assertThat(g.total()).isEqualTo(66.666666667);
        assertThat(GradePrecision.round(44.99999999999999)).isEqualTo(45.0);
        assertThat(GradePrecision.reaches(44.99999999999999, 45)).isTrue();
        assertThat(GradePrecision.reaches(44.999999999, 45)).as("a real shortfall, as reported").isFalse();
    }

    @Test
    void itemsCountAsFractionsOfTheirOwnMaximum() {
        GradingPolicy policy = new GradingPolicy(List.of(cat("all", 100, 0, "a", "b")), List.of(), 0, 50, List.of());
        CourseGrade g = CourseGradeCalculator.compute(policy, items("a", graded(1, 2), "b", graded(90, 100)), 0);
        assertThat(g.total()).isCloseTo(70, within(1e-9)); // (0.5 + 0.9) / 2
    }

    @Test
    void dropsTheLowestGradedItemsAndListsThem() {
        Map<String, ItemState> items = allGraded(100, 100, 100, 100);
        items.put("q3", pct(10));
        CourseGrade g = CourseGradeCalculator.compute(POLICY, items, 3);
        CourseGrade.CategoryGrade quizzes = category(g, "quizzes");
        assertThat(ids(quizzes.dropped())).containsExactly("q3");
        assertThat(ids(quizzes.counted())).containsExactly("q1", "q2", "q4");
        assertThat(quizzes.percent()).isCloseTo(100, within(1e-9));
        assertThat(g.total()).isCloseTo(100, within(1e-9));
        assertThat(g.band()).isEqualTo("distinction");
    }

    @Test
    void dropLowestTieIsBrokenByAssessmentId() {
        GradingPolicy policy = new GradingPolicy(List.of(cat("all", 100, 1, "b", "a", "c")), List.of(), 0, 50, List.of());
        CourseGrade g = CourseGradeCalculator.compute(policy, items("b", pct(40), "a", pct(40), "c", pct(90)), 0);
        assertThat(ids(g.categories().get(0).dropped())).containsExactly("a");
        assertThat(ids(g.categories().get(0).counted())).containsExactly("b", "c");
    }

    @Test
    void aMissedItemCountsAsZeroAndCanBeDropped() {
        Map<String, ItemState> items = allGraded(80, 80, 80, 80);
        items.put("q2", missed());
        CourseGrade g = CourseGradeCalculator.compute(POLICY, items, 3);
        CourseGrade.CategoryGrade quizzes = category(g, "quizzes");
        assertThat(quizzes.dropped()).containsExactly(new CourseGrade.ItemScore("q2", 0, true));
        assertThat(g.total()).isCloseTo(80, within(1e-9));
        assertThat(g.complete()).isTrue();

        items.put("q3", missed()); // only one can be dropped
        CourseGrade two = CourseGradeCalculator.compute(POLICY, items, 3);
        assertThat(category(two, "quizzes").percent()).isCloseTo(160.0 / 3, within(1e-9));
    }

    @Test
    void dropLowestBoundsTheCategoryWithItemsStillToComeAtZeroAndAtFullMarks() {
        Map<String, ItemState> items = allGraded(90, 80, 80, 80);
        items.put("q1", pending("awaiting grading"));
        items.put("q2", pct(20));
        CourseGrade g = CourseGradeCalculator.compute(POLICY, items, 3);
        CourseGrade.CategoryGrade quizzes = category(g, "quizzes");
        assertThat(quizzes.pending()).containsExactly(new CourseGrade.PendingItem("q1", "awaiting grading"));
        // At worst q1 scores 0 and is the one dropped: (20 + 90 + 90) / 3; the 20 still counts.
        assertThat(quizzes.dropped()).isEmpty();
        assertThat(ids(quizzes.counted())).containsExactly("q2", "q3", "q4");
        assertThat(quizzes.percent()).isCloseTo(200.0 / 3, within(1e-9));
        // At best q1 scores 100 and the 20 is dropped: (100 + 90 + 90) / 3.
        assertThat(quizzes.maxPercent()).isCloseTo(280.0 / 3, within(1e-9));
    }

    @Test
    void theOnlyGradedItemOfADropCategoryCountsTowardTheFloor() {
        GradingPolicy policy = new GradingPolicy(List.of(cat("hw", 100, 1, "h0", "h1", "h2")), List.of(), 0, 50, List.of());
        CourseGrade g = CourseGradeCalculator.compute(policy, items("h0", pct(90)), 0);
        assertThat(g.total()).as("0.9, 0 and 0 with a 0 dropped").isCloseTo(45, within(1e-9));
        assertThat(g.maximum()).isCloseTo(100, within(1e-9));
        assertThat(ids(g.categories().get(0).counted())).containsExactly("h0");
        assertThat(g.categories().get(0).dropped()).isEmpty();
    }

    @Test
    void allItemsPendingInADropCategoryKeepsADenominator() {
        GradingPolicy policy = new GradingPolicy(List.of(cat("all", 100, 2, "a", "b", "c")), List.of(), 0, 50, List.of());
        CourseGrade g = CourseGradeCalculator.compute(policy, items("a", pending(null)), 0);
        assertThat(g.total()).isZero();
        assertThat(g.maximum()).isCloseTo(100, within(1e-9));
        assertThat(g.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(g.categories().get(0).pending()).extracting(CourseGrade.PendingItem::assessment)
                .containsExactly("a", "b", "c");
    }

    @Test
    void failedMustPassItemFailsWhateverTheTotal() {
        CourseGrade g = CourseGradeCalculator.compute(POLICY, allGraded(100, 100, 40, 100), 3);
        assertThat(g.total()).isGreaterThan(60);
        assertThat(g.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(g.band()).isNull();
        assertThat(g.reasons()).extracting(Reason::code).containsExactly(Reason.Code.MUST_PASS_FAILED);
        assertThat(g.reasons().get(0).message()).isEqualTo("must-pass item p2 failed: scored 40%, 50% needed");
        assertThat(g.mustPass().get(0).status()).isEqualTo(CourseGrade.MustPassResult.Status.FAILED);
    }

    @Test
    void mustPassAtExactlyThePassFractionPasses() {
        CourseGrade g = CourseGradeCalculator.compute(POLICY, allGraded(100, 100, 50, 100), 3);
        assertThat(g.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(g.mustPass().get(0).fraction()).isEqualTo(0.5);
    }

    @Test
    void missedMustPassItemFailsButAnOpenOneIsPending() {
        Map<String, ItemState> items = allGraded(100, 100, 100, 100);
        items.put("p2", missed());
        CourseGrade missedGrade = CourseGradeCalculator.compute(POLICY, items, 3);
        assertThat(missedGrade.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(missedGrade.reasons().get(0).message()).contains("not submitted before its deadline");

        items.put("p2", open());
        CourseGrade openGrade = CourseGradeCalculator.compute(POLICY, items, 3);
        assertThat(openGrade.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(openGrade.reasons()).extracting(Reason::code)
                .contains(Reason.Code.ITEM_PENDING, Reason.Code.MUST_PASS_PENDING);
    }

    @Test
    void mustPassItemOutsideEveryCategoryStillGates() {
        GradingPolicy policy = new GradingPolicy(List.of(cat("all", 100, 0, "a")),
                List.of(new GradingPolicy.MustPass("exam", 0.6)), 0, 50, List.of());
        assertThat(CourseGradeCalculator.compute(policy, items("a", pct(90)), 0).outcome()).isEqualTo(Outcome.PENDING);
        assertThat(CourseGradeCalculator.compute(policy, items("a", pct(90), "exam", pct(59)), 0).outcome())
                .isEqualTo(Outcome.FAILED);
        CourseGrade passed = CourseGradeCalculator.compute(policy, items("a", pct(90), "exam", pct(60)), 0);
        assertThat(passed.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(passed.total()).isCloseTo(90, within(1e-9));
    }

    @Test
    void tooFewPeerReviewsIsPendingWhileTheWindowIsOpenAndAFailOnceClosed() {
        Map<String, ItemState> items = allGraded(100, 100, 100, 100);
        CourseGrade open = CourseGradeCalculator.compute(POLICY, items, 1);
        assertThat(open.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(open.complete()).isFalse();
        assertThat(open.reasons()).extracting(Reason::message)
                .containsExactly("only 1 of 3 peer reviews given; 2 more needed");

        CourseGrade closed = CourseGradeCalculator.compute(POLICY, items, 1, true);
        assertThat(closed.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(closed.complete()).isTrue();
        assertThat(closed.reasons()).extracting(Reason::code).containsExactly(Reason.Code.REVIEWS_MISSING);

        assertThat(CourseGradeCalculator.compute(POLICY, items, 3, true).outcome()).isEqualTo(Outcome.PASSED);
        assertThat(CourseGradeCalculator.compute(POLICY, items, 7).outcome()).isEqualTo(Outcome.PASSED);
    }

    @Test
    void bandsFollowTheTotal() {
        assertThat(CourseGradeCalculator.compute(POLICY, allGraded(60, 60, 60, 60), 3).band()).isEqualTo("pass");
        assertThat(CourseGradeCalculator.compute(POLICY, allGraded(75, 75, 75, 75), 3).band()).isEqualTo("merit");
        assertThat(CourseGradeCalculator.compute(POLICY, allGraded(89, 89, 89, 89), 3).band()).isEqualTo("merit");
        assertThat(CourseGradeCalculator.compute(POLICY, allGraded(90, 90, 90, 90), 3).band()).isEqualTo("distinction");
        CourseGrade below = CourseGradeCalculator.compute(POLICY, allGraded(59, 59, 59, 59), 3);
        assertThat(below.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(below.band()).isNull();
        assertThat(below.reasons()).extracting(Reason::message).containsExactly("total 59 is below the pass mark 60");
    }

    @Test
    void noBandsMeansNoBand() {
        GradingPolicy policy = mooc(0, 60, List.of());
        CourseGrade g = CourseGradeCalculator.compute(policy, allGraded(100, 100, 100, 100), 0);
        assertThat(g.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(g.band()).isNull();
    }

    @Test
    void pendingEssayKeepsTheOutcomePendingInsteadOfFailing() {
        Map<String, ItemState> items = allGraded(50, 60, 60, 0);
        items.put("e1", pending("awaiting peer review"));
        CourseGrade g = CourseGradeCalculator.compute(POLICY, items, 3);
        // floor 30*50... quizzes 50, programming 60, essay 0 -> 15 + 24 = 39; with a full essay 69
        assertThat(g.total()).isCloseTo(39, within(1e-9));
        assertThat(g.maximum()).isCloseTo(69, within(1e-9));
        assertThat(g.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(g.complete()).isFalse();
        assertThat(g.reasons()).extracting(Reason::message).containsExactly(
                "e1 is pending: awaiting peer review",
                "total is between 39 and 69 depending on the items still to come; the pass mark is 60");
        assertThat(category(g, "essay").pending())
                .containsExactly(new CourseGrade.PendingItem("e1", "awaiting peer review"));
    }

    @Test
    void anItemNotSubmittedBeforeItsDeadlineIsPendingNotZero() {
        Map<String, ItemState> items = allGraded(50, 60, 60, 0);
        items.put("e1", open());
        assertThat(CourseGradeCalculator.compute(POLICY, items, 3).outcome()).isEqualTo(Outcome.PENDING);
        items.remove("e1"); // unknown to the learner state: the same
        CourseGrade g = CourseGradeCalculator.compute(POLICY, items, 3);
        assertThat(g.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(category(g, "essay").pending().get(0).reason()).contains("deadline has not passed");
        items.put("e1", missed());
        assertThat(CourseGradeCalculator.compute(POLICY, items, 3).outcome()).isEqualTo(Outcome.FAILED);
    }

    @Test
    void projectsAFailOnlyWhenFullMarksOnEverythingPendingCannotReachThePassMarkButStaysPending() {
        Map<String, ItemState> items = allGraded(10, 10, 50, 0);
        items.put("e1", pending("awaiting peer review"));
        CourseGrade g = CourseGradeCalculator.compute(POLICY, items, 3);
        // 3 + 12 + 30 (essay at full marks) = 45 < 60
        assertThat(g.maximum()).isCloseTo(45, within(1e-9));
        assertThat(g.projection()).isEqualTo(Outcome.FAILED);
        assertThat(g.outcome()).as("a pending grade never turns into a fail").isEqualTo(Outcome.PENDING);
        assertThat(g.reasons()).extracting(Reason::message).contains(
                "even with full marks on every item still to come the total cannot exceed 45, below the pass mark 60");
        assertThat(g.reasons()).extracting(Reason::code).contains(Reason.Code.ITEM_PENDING);
    }

    @Test
    void projectsAPassWhenZeroOnEverythingPendingStillPassesButTheOutcomeAndBandWait() {
        Map<String, ItemState> items = allGraded(100, 100, 100, 0);
        items.put("e1", pending("awaiting peer review"));
        CourseGrade g = CourseGradeCalculator.compute(POLICY, items, 3);
        assertThat(g.total()).isCloseTo(70, within(1e-9));
        assertThat(g.projection()).isEqualTo(Outcome.PASSED);
        assertThat(g.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(g.complete()).isFalse();
        assertThat(g.band()).isNull();
        assertThat(g.reasons()).extracting(Reason::code).startsWith(Reason.Code.BAND_PENDING);
        assertThat(g.reasons().get(0).message())
                .isEqualTo("passed; the band is between pass and distinction depending on the items still to come");
    }

    @Test
    void pendingMustPassItemBlocksAnEarlyPass() {
        Map<String, ItemState> items = allGraded(100, 100, 100, 100);
        items.put("p2", pending("in the grading queue"));
        CourseGrade g = CourseGradeCalculator.compute(POLICY, items, 3);
        assertThat(g.total()).isGreaterThanOrEqualTo(60);
        assertThat(g.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(g.reasons()).extracting(Reason::code)
                .containsExactly(Reason.Code.ITEM_PENDING, Reason.Code.MUST_PASS_PENDING);
    }

    @Test
    void failingReasonsAreAllListed() {
        Map<String, ItemState> items = allGraded(0, 0, 0, 0);
        CourseGrade g = CourseGradeCalculator.compute(POLICY, items, 0, true);
        assertThat(g.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(g.reasons()).extracting(Reason::code).containsExactly(
                Reason.Code.MUST_PASS_FAILED, Reason.Code.REVIEWS_MISSING, Reason.Code.BELOW_PASS_MARK);
    }

    @Test
    void itemsOutsideThePolicyAreIgnored() {
        Map<String, ItemState> items = allGraded(80, 80, 80, 80);
        CourseGrade before = CourseGradeCalculator.compute(POLICY, items, 3);
        items.put("practice", pending("whatever"));
        items.put("old", pct(0));
        assertThat(CourseGradeCalculator.compute(POLICY, items, 3)).isEqualTo(before);
    }

    @Test
    void deterministicWhateverTheMapOrder() {
        Map<String, ItemState> a = items("q1", pct(30), "q2", pct(30), "q3", pct(70), "q4", pending("x"),
                "p1", pct(60), "p2", pct(80), "e1", pct(70));
        Map<String, ItemState> b = new java.util.TreeMap<>(java.util.Comparator.reverseOrder());
        b.putAll(a);
        assertThat(CourseGradeCalculator.compute(POLICY, b, 3)).isEqualTo(CourseGradeCalculator.compute(POLICY, a, 3));
    }

    @Test
    void passMarkComparisonToleratesRounding() {
        GradingPolicy policy = new GradingPolicy(List.of(cat("a", 10, 0, "a"), cat("b", 20, 0, "b"),
                cat("c", 70, 0, "c")), List.of(), 0, 70, List.of());
        CourseGrade g = CourseGradeCalculator.compute(policy, items("a", graded(7, 10), "b", graded(7, 10),
                "c", graded(7, 10)), 0);
        assertThat(g.outcome()).isEqualTo(Outcome.PASSED);
    }
}
