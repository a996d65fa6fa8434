package dev.assay.graders.quiz;

import dev.assay.graders.Correctness;
import dev.assay.graders.PartResult;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.assay.graders.quiz.Fixtures.gradeOne;
import static dev.assay.graders.quiz.Fixtures.sequence;
import static org.assertj.core.api.Assertions.assertThat;

class OrderingGradingTest {

    private OrderingQuestion planets(OrderingMode mode) {
        return new OrderingQuestion("q7", "Order by distance from the Sun", 5.0, null,
                List.of(new OrderItem("mercury", "Mercury"), new OrderItem("venus", "Venus"),
                        new OrderItem("earth", "Earth"), new OrderItem("mars", "Mars"),
                        new OrderItem("jupiter", "Jupiter")),
                mode);
    }

    @Test
    void relativeIsTheDefault() {
        assertThat(planets(null).mode()).isEqualTo(OrderingMode.RELATIVE);
    }

    @Test
    void relativeFullCredit() {
        PartResult part = gradeOne(planets(null), sequence("mercury", "venus", "earth", "mars", "jupiter"));

        assertThat(part.score()).isEqualTo(5.0);
        assertThat(part.correctness()).isEqualTo(Correctness.CORRECT);
    }

    @Test
    void relativeCountsRightAdjacentPairs() {
        // pairs: mercury>venus ok, venus>mars no, mars>earth no, earth>jupiter no: 1 of 4
        assertThat(gradeOne(planets(null), sequence("mercury", "venus", "mars", "earth", "jupiter")).score())
                .isEqualTo(1.25);
        // one item moved to the front: 3 of 4 pairs stay right
        assertThat(gradeOne(planets(null), sequence("jupiter", "mercury", "venus", "earth", "mars")).score())
                .isEqualTo(3.75);
        // reversed: no pair right
        PartResult reversed = gradeOne(planets(null), sequence("jupiter", "mars", "earth", "venus", "mercury"));
        assertThat(reversed.score()).isZero();
        assertThat(reversed.correctness()).isEqualTo(Correctness.INCORRECT);
    }

    @Test
    void relativeGivesCreditForAPartialSequence() {
        assertThat(gradeOne(planets(null), sequence("earth", "mars")).score()).isEqualTo(1.25);
    }

    @Test
    void repeatedItemsInAHandBuiltSequenceCannotInflateTheScore() {
        PartResult part = gradeOne(planets(null), sequence("mercury", "venus", "mercury", "venus"));

        assertThat(part.score()).isEqualTo(1.25);
    }

    @Test
    void allOrNothing() {
        assertThat(gradeOne(planets(OrderingMode.ALL_OR_NOTHING),
                sequence("mercury", "venus", "earth", "mars", "jupiter")).score()).isEqualTo(5.0);
        assertThat(gradeOne(planets(OrderingMode.ALL_OR_NOTHING),
                sequence("mercury", "venus", "earth", "jupiter", "mars")).score()).isZero();
        assertThat(gradeOne(planets(OrderingMode.ALL_OR_NOTHING),
                sequence("mercury", "venus", "earth", "mars")).score()).isZero();
    }

    @Test
    void itemsShuffledIsReproducibleAndKeepsTheKey() {
        OrderingQuestion question = planets(null);

        assertThat(question.itemsShuffled(7)).isEqualTo(question.itemsShuffled(7))
                .containsExactlyInAnyOrderElementsOf(question.items());
        assertThat(question.items().getFirst().id()).isEqualTo("mercury");
    }
}
