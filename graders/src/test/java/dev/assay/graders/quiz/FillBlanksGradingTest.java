package dev.assay.graders.quiz;

import dev.assay.graders.Correctness;
import dev.assay.graders.PartResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.assay.graders.quiz.Fixtures.gradeOne;
import static org.assertj.core.api.Assertions.assertThat;

class FillBlanksGradingTest {

    private final FillBlanksQuestion question = new FillBlanksQuestion("q8", "Complete the sentence.", 3.0,
            "Water boils at 100 °C at sea level.",
            "{{liquid}} boils at {{temp}} degrees {{scale}}.",
            List.of(
                    new Gap("liquid", List.of(AcceptedText.of("water", 1, "Yes, water."),
                            AcceptedText.of("H2O", 1, null)), List.of()),
                    new Gap("temp", List.of(AcceptedText.of("one hundred", 1, "In words, fine.")),
                            List.of(AcceptedNumber.exact(100, 0.5, 1, "Right temperature."),
                                    AcceptedNumber.exact(212, 0, 0.5, "That is Fahrenheit."))),
                    new Gap("scale", List.of(AcceptedText.of("Celsius", 1, null),
                            AcceptedText.of("C", 1, null)), List.of())));

    private PartResult grade(Map<String, String> texts) {
        return gradeOne(question, new Answer.Blanks(texts));
    }

    @Test
    void allGapsRight() {
        PartResult part = grade(Map.of("liquid", " Water ", "temp", "100", "scale", "celsius"));

        assertThat(part.score()).isEqualTo(3.0);
        assertThat(part.correctness()).isEqualTo(Correctness.CORRECT);
        assertThat(part.feedback()).containsExactly("Yes, water.", "Right temperature.",
                "Water boils at 100 °C at sea level.");
    }

    @Test
    void scoreIsTheMeanOfGapFractions() {
        PartResult part = grade(Map.of("liquid", "water", "temp", "212", "scale", "Kelvin"));

        assertThat(part.score()).isEqualTo(1.5); // (1 + 0.5 + 0) / 3 * 3 points
        assertThat(part.correctness()).isEqualTo(Correctness.PARTIAL);
        assertThat(part.feedback()).containsExactly("Yes, water.", "That is Fahrenheit.",
                "Water boils at 100 °C at sea level.");
    }

    @Test
    void numericGapsAcceptTolerancesAndTextAlternatives() {
        assertThat(grade(Map.of("liquid", "water", "temp", "100.4", "scale", "C")).score()).isEqualTo(3.0);
        assertThat(grade(Map.of("liquid", "water", "temp", "1e2", "scale", "C")).score()).isEqualTo(3.0);
        assertThat(grade(Map.of("liquid", "water", "temp", "One Hundred", "scale", "C")).score()).isEqualTo(3.0);
    }

    @Test
    void textThatIsNotANumberDoesNotMatchNumericAnswers() {
        assertThat(grade(Map.of("temp", "Infinity")).score()).isZero();
        assertThat(grade(Map.of("temp", "100abc")).score()).isZero();
        assertThat(grade(Map.of("temp", "0x64")).score()).isZero();
    }

    @Test
    void missingAndBlankGapsEarnNothing() {
        PartResult part = grade(Map.of("liquid", "water", "temp", "  "));

        assertThat(part.score()).isEqualTo(1.0);
        assertThat(part.correctness()).isEqualTo(Correctness.PARTIAL);
    }

    @Test
    void allGapsBlankIsUnanswered() {
        assertThat(grade(Map.of("liquid", "", "temp", " ")).correctness()).isEqualTo(Correctness.UNANSWERED);
        assertThat(grade(Map.of()).correctness()).isEqualTo(Correctness.UNANSWERED);
    }

    @Test
    void gapsAcceptDecomposedAccents() {
        FillBlanksQuestion order = new FillBlanksQuestion("q", "Order", 2.0, null, "Un {{drink}} et un {{pastry}}",
                List.of(new Gap("drink", List.of(AcceptedText.of("café crème", 1, null)), List.of()),
                        new Gap("pastry", List.of(AcceptedText.of("éclair", 1, null)), List.of())));

        PartResult part = gradeOne(order, new Answer.Blanks(Map.of(
                "drink", ShortTextGradingTest.DECOMPOSED, "pastry", "E\u0301clair")));

        assertThat(part.correctness()).isEqualTo(Correctness.CORRECT);
        assertThat(part.score()).isEqualTo(2.0);
    }

    @Test
    void thirdsRoundToSixDecimals() {
        PartResult part = gradeOne(new FillBlanksQuestion("q", "p", 1.0, null, "{{a}} {{b}} {{c}}", List.of(
                new Gap("a", List.of(AcceptedText.of("x", 1, null)), List.of()),
                new Gap("b", List.of(AcceptedText.of("x", 1, null)), List.of()),
                new Gap("c", List.of(AcceptedText.of("x", 1, null)), List.of()))),
                new Answer.Blanks(Map.of("a", "x")));

        assertThat(part.score()).isEqualTo(0.333333);
    }
}
