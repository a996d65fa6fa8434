package dev.assay.engine.outcomes;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static dev.assay.engine.outcomes.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class GradingPolicyTest {

    private static final Set<String> KNOWN = Set.of("q1", "q2", "q3", "q4", "p1", "p2", "e1", "exam");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String VALID = """
            {"categories": [{"id": "quizzes", "weight": 30, "assessments": ["q1", "q2", "q3", "q4"], "dropLowest": 1},
                            {"id": "programming", "weight": 40, "assessments": ["p1", "p2"]},
                            {"id": "essay", "weight": 30, "assessments": ["e1"]}],
             "mustPass": [{"assessment": "p2", "passFraction": 0.5}],
             "minPeerReviewsGiven": 3,
             "passMark": 60,
             "bands": [{"name": "pass", "minimum": 60}, {"name": "merit", "minimum": 75},
                       {"name": "distinction", "minimum": 90}]}
            """;

    private static List<String> fields(List<Violation> violations) {
        return violations.stream().map(Violation::field).toList();
    }

    private static List<Violation> readViolations(String json) {
        return catchThrowableOfType(InvalidInputException.class,
                () -> GradingPolicyCodec.readPolicy(json, KNOWN)).violations();
    }

    @Test
    void readsAValidPolicyAndRoundTrips() throws Exception {
        GradingPolicy policy = GradingPolicy.readPolicy(MAPPER.readTree(VALID), KNOWN);
        assertThat(policy).isEqualTo(mooc(3, 60, BANDS));
        assertThat(GradingPolicyCodec.readPolicy(GradingPolicyCodec.toJsonString(policy), KNOWN)).isEqualTo(policy);
        assertThat(policy.validate(KNOWN)).isEmpty();
    }

    @Test
    void optionalFieldsDefault() {
        GradingPolicy policy = GradingPolicyCodec.readPolicy("""
                {"categories": [{"id": "all", "weight": 100, "assessments": ["q1"]}], "passMark": 50}""", KNOWN);
        assertThat(policy.mustPass()).isEmpty();
        assertThat(policy.bands()).isEmpty();
        assertThat(policy.minPeerReviewsGiven()).isZero();
        assertThat(policy.categories().get(0).dropLowest()).isZero();
    }

    @Test
    void weightsMustAddUpTo100() {
        GradingPolicy policy = new GradingPolicy(List.of(cat("a", 30, 0, "q1"), cat("b", 40, 0, "q2"),
                cat("c", 20, 0, "q3")), List.of(), 0, 50, List.of());
        assertThat(policy.validate(KNOWN)).containsExactly(
                new Violation("categories", "weights must add up to 100, they add up to 90.0"));
        GradingPolicy fractions = new GradingPolicy(List.of(cat("a", 0.5, 0, "q1"), cat("b", 0.5, 0, "q2")),
                List.of(), 0, 50, List.of());
        assertThat(fields(fractions.validate(KNOWN))).containsExactly("categories");
        GradingPolicy thirds = new GradingPolicy(List.of(cat("a", 100.0 / 3, 0, "q1"), cat("b", 100.0 / 3, 0, "q2"),
                cat("c", 100.0 / 3, 0, "q3")), List.of(), 0, 50, List.of());
        assertThat(thirds.validate(KNOWN)).isEmpty();
    }

    @Test
    void badWeightIsNamedByItsPath() {
        GradingPolicy policy = new GradingPolicy(List.of(cat("a", 100, 0, "q1"), cat("b", -5, 0, "q2")),
                List.of(), 0, 50, List.of());
        assertThat(policy.validate(KNOWN)).containsExactly(
                new Violation("categories[1].weight", "must be a percentage in (0, 100], got -5.0"));
    }

    @Test
    void unknownAndDuplicatedAssessments() {
        GradingPolicy policy = new GradingPolicy(List.of(cat("a", 50, 0, "q1", "nope"), cat("b", 50, 0, "q2", "q1")),
                List.of(new GradingPolicy.MustPass("ghost", 0.5)), 0, 50, List.of());
        assertThat(policy.validate(KNOWN)).containsExactly(
                new Violation("categories[0].assessments[1]", "unknown assessment 'nope'"),
                new Violation("categories[1].assessments[1]", "assessment 'q1' is already in category 'a'"),
                new Violation("mustPass[0].assessment", "unknown assessment 'ghost'"));
    }

    @Test
    void dropLowestMustLeaveAnItem() {
        GradingPolicy policy = new GradingPolicy(List.of(cat("a", 50, 2, "q1", "q2"), cat("b", 50, -1, "q3")),
                List.of(), 0, 50, List.of());
        assertThat(policy.validate(KNOWN)).containsExactly(
                new Violation("categories[0].dropLowest", "must be less than the number of assessments (2), got 2"),
                new Violation("categories[1].dropLowest", "must not be negative, got -1"));
    }

    @Test
    void categoryIdsAndAssessmentListsAreRequired() {
        GradingPolicy policy = new GradingPolicy(List.of(cat("a", 50, 0, "q1"), cat("a", 25, 0), cat(" ", 25, 0, "q2")),
                List.of(), 0, 50, List.of());
        assertThat(fields(policy.validate(KNOWN))).containsExactly(
                "categories[1].id", "categories[1].assessments", "categories[2].id");
        assertThat(fields(new GradingPolicy(List.of(), List.of(), 0, 50, List.of()).validate(KNOWN)))
                .containsExactly("categories");
    }

    @Test
    void mustPassPassMarkAndReviews() {
        GradingPolicy policy = new GradingPolicy(List.of(cat("a", 100, 0, "q1")),
                List.of(new GradingPolicy.MustPass("exam", 0), new GradingPolicy.MustPass("exam", 1.5)),
                -1, 101, List.of());
        assertThat(policy.validate(KNOWN)).containsExactly(
                new Violation("mustPass[0].passFraction", "must be in (0, 1], got 0.0"),
                new Violation("mustPass[1].assessment", "assessment 'exam' is listed twice"),
                new Violation("mustPass[1].passFraction", "must be in (0, 1], got 1.5"),
                new Violation("minPeerReviewsGiven", "must not be negative, got -1"),
                new Violation("passMark", "must be in [0, 100], got 101.0"));
    }

    @Test
    void bandsMustBeAscendingUniqueAndNotBelowThePassMark() {
        GradingPolicy policy = new GradingPolicy(List.of(cat("a", 100, 0, "q1")), List.of(), 0, 60, List.of(
                new GradingPolicy.Band("pass", 50), new GradingPolicy.Band("merit", 80),
                new GradingPolicy.Band("merit", 70), new GradingPolicy.Band("top", 120)));
        assertThat(policy.validate(KNOWN)).containsExactly(
                new Violation("bands[0].minimum", "must not be below the pass mark (60.0), got 50.0"),
                new Violation("bands[2].name", "duplicate band name 'merit'"),
                new Violation("bands[2].minimum",
                        "bands must be in strictly ascending order of minimum: 70.0 does not exceed 80.0"),
                new Violation("bands[3].minimum", "must be in [0, 100], got 120.0"));
    }

    @Test
    void jsonStructureErrorsNameTheirFields() {
        assertThat(readViolations("""
                {"categories": [{"id": 3, "weight": "thirty", "assessments": "q1", "droplowest": 1}],
                 "passMark": "high", "bands": {}, "extra": true}""")).containsExactly(
                new Violation("extra", "unknown field"),
                new Violation("categories[0].droplowest", "unknown field"),
                new Violation("categories[0].id", "must be a string"),
                new Violation("categories[0].weight", "must be a number"),
                new Violation("categories[0].assessments", "must be an array"),
                new Violation("passMark", "must be a number"),
                new Violation("bands", "must be an array"));
        assertThat(fields(readViolations("{}"))).containsExactly("categories", "passMark");
        assertThat(fields(readViolations("[1]"))).containsExactly("");
        assertThat(fields(readViolations("{not json"))).containsExactly("");
        assertThat(fields(readViolations("""
                {"categories": [{"id": "a", "weight": 100, "assessments": ["q1"], "dropLowest": 0.5}],
                 "passMark": 50, "minPeerReviewsGiven": "3"}"""))).containsExactly(
                "categories[0].dropLowest", "minPeerReviewsGiven");
    }

    @Test
    void semanticErrorsAreThrownFromReadPolicy() {
        assertThatThrownBy(() -> GradingPolicyCodec.readPolicy("""
                {"categories": [{"id": "a", "weight": 60, "assessments": ["q1", "zz"]}], "passMark": 50}""", KNOWN))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("invalid input: categories[0].assessments[1]: unknown assessment 'zz'; "
                        + "categories: weights must add up to 100, they add up to 60.0");
    }
}
