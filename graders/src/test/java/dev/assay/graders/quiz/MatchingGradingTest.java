package dev.assay.graders.quiz;

import dev.assay.graders.Correctness;
import dev.assay.graders.PartResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.assay.graders.quiz.Fixtures.gradeOne;
import static org.assertj.core.api.Assertions.assertThat;

class MatchingGradingTest {

    private MatchingQuestion capitals(boolean allOrNothing) {
        return new MatchingQuestion("q6", "Match countries and capitals", 4.0, "Geography!",
                List.of(new Premise("fr", "France", "paris"), new Premise("de", "Germany", "berlin"),
                        new Premise("it", "Italy", "rome"), new Premise("es", "Spain", "madrid")),
                List.of(new MatchOption("berlin", "Berlin"), new MatchOption("madrid", "Madrid"),
                        new MatchOption("paris", "Paris"), new MatchOption("rome", "Rome"),
                        new MatchOption("lisbon", "Lisbon")),
                allOrNothing);
    }

    @Test
    void allPairsRight() {
        PartResult part = gradeOne(capitals(false), new Answer.Pairs(
                Map.of("fr", "paris", "de", "berlin", "it", "rome", "es", "madrid")));

        assertThat(part.score()).isEqualTo(4.0);
        assertThat(part.correctness()).isEqualTo(Correctness.CORRECT);
        assertThat(part.feedback()).containsExactly("Geography!");
    }

    @Test
    void shareOfRightPairsWithDistractorsAndGaps() {
        PartResult part = gradeOne(capitals(false), new Answer.Pairs(
                Map.of("fr", "paris", "de", "lisbon", "it", "rome")));

        assertThat(part.score()).isEqualTo(2.0);
        assertThat(part.correctness()).isEqualTo(Correctness.PARTIAL);
    }

    @Test
    void allOrNothing() {
        assertThat(gradeOne(capitals(true), new Answer.Pairs(
                Map.of("fr", "paris", "de", "berlin", "it", "rome"))).score()).isZero();
        assertThat(gradeOne(capitals(true), new Answer.Pairs(
                Map.of("fr", "paris", "de", "berlin", "it", "rome", "es", "madrid"))).score()).isEqualTo(4.0);
    }

    @Test
    void optionsMayBeReused() {
        MatchingQuestion question = new MatchingQuestion("m", "Classify", null, null,
                List.of(new Premise("cat", "Cat", "mammal"), new Premise("dog", "Dog", "mammal"),
                        new Premise("owl", "Owl", "bird")),
                List.of(new MatchOption("mammal", "Mammal"), new MatchOption("bird", "Bird")), false);

        PartResult part = gradeOne(question, new Answer.Pairs(Map.of("cat", "mammal", "dog", "mammal", "owl", "mammal")));

        assertThat(part.score()).isEqualTo(0.666667);
    }

    @Test
    void emptyPairsAreUnanswered() {
        assertThat(gradeOne(capitals(false), new Answer.Pairs(Map.of())).correctness())
                .isEqualTo(Correctness.UNANSWERED);
    }
}
