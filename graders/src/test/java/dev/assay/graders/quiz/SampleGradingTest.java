package dev.assay.graders.quiz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.graders.Correctness;
import dev.assay.graders.GradeResult;
import dev.assay.graders.PartResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The README's example end to end: JSON quiz and answers in, JSON result out. */
class SampleGradingTest {

    private final Quiz quiz = Samples.quiz();
    private final GradeResult result = new QuizGrader().grade(quiz,
            QuizCodec.readResponse(quiz, Samples.bytes("sample-answers.json")));

    @Test
    void gradesEveryQuestion() {
        assertThat(result.parts())
                .extracting(PartResult::id, PartResult::score, PartResult::maxScore, PartResult::correctness)
                .containsExactly(
                        tuple("q1", 0.5, 2.0, Correctness.PARTIAL),
                        tuple("q2", 0.5, 1.0, Correctness.PARTIAL),
                        tuple("q3", 1.0, 1.0, Correctness.CORRECT),
                        tuple("q4", 0.5, 1.0, Correctness.PARTIAL),
                        tuple("q5", 0.8, 1.0, Correctness.PARTIAL),
                        tuple("q6", 2.0, 3.0, Correctness.PARTIAL),
                        tuple("q7", 0.333333, 1.0, Correctness.PARTIAL),
                        tuple("q8", 2.0, 2.0, Correctness.CORRECT));
        assertThat(result.score()).isEqualTo(7.633333);
        assertThat(result.maxScore()).isEqualTo(12.0);
    }

    @Test
    void returnsTheFeedbackOfTheChosenAnswers() {
        assertThat(result.parts().get(0).feedback())
                .containsExactly("France's second city.", "Paris has been the capital since 987.");
        assertThat(result.parts().get(1).feedback()).containsExactly("2 is the only even prime.", "4 = 2 x 2.");
        assertThat(result.parts().get(2).feedback()).containsExactly("Yes: about 300,000 km/s against 343 m/s.");
        assertThat(result.parts().get(3).feedback()).containsExactly("Roughly: give two decimals.");
        assertThat(result.parts().get(4).feedback()).containsExactly("Singular: mitochondrion.");
    }

    @Test
    void encodesTheResultAsJson() throws IOException {
        JsonNode json = QuizCodec.mapper().readTree(QuizCodec.writeResult(result));

        assertThat(json.get("score").doubleValue()).isEqualTo(7.633333);
        assertThat(json.get("maxScore").doubleValue()).isEqualTo(12.0);
        assertThat(json.at("/parts/2/correctness").asText()).isEqualTo("correct");
        assertThat(json.at("/parts/0/correctness").asText()).isEqualTo("partial");
        assertThat(json.at("/parts/0/feedback/0").asText()).isEqualTo("France's second city.");
        assertThat(json.at("/evidence/rawFractions/q2").doubleValue()).isEqualTo(0.5);
        assertThat(json.get("feedback").asText()).isEqualTo("2 correct, 6 partially correct, 0 incorrect, 0 unanswered");
    }

    @Test
    void resultJsonReadsBackIntoTheSameRecord() throws IOException {
        GradeResult decoded = QuizCodec.mapper().readValue(QuizCodec.writeResult(result), GradeResult.class);

        assertThat(decoded.parts()).isEqualTo(result.parts());
        assertThat(decoded.score()).isEqualTo(result.score());
    }

    @Test
    void aVariantGradesTheSame() {
        Quiz variant = quiz.variantFor(1234);
        GradeResult variantResult = new QuizGrader().grade(variant,
                QuizCodec.readResponse(variant, Samples.bytes("sample-answers.json")));

        assertThat(variantResult.score()).isEqualTo(result.score());
    }
}
