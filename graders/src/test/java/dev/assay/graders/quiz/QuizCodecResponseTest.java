package dev.assay.graders.quiz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuizCodecResponseTest {

    private final Quiz quiz = Samples.quiz();

    private List<Violation> errors(String answersJson) {
        JsonNode answers = Samples.parse(answersJson);
        try {
            QuizCodec.readResponse(quiz, answers);
        } catch (InvalidInputException e) {
            return e.violations();
        }
        throw new AssertionError("expected the response to be rejected: " + answersJson);
    }

    @Test
    void readsAnAnswerOfEveryKind() {
        QuizResponse response = QuizCodec.readResponse(quiz, Samples.bytes("sample-answers.json"));

        assertThat(response.answers()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "q1", new Answer.Single("lyon"),
                "q2", new Answer.Multiple(Set.of("a", "b", "c")),
                "q3", new Answer.TrueFalse(true),
                "q4", new Answer.Numeric(9.7),
                "q5", new Answer.Text("  Mitochondria "),
                "q6", new Answer.Pairs(Map.of("fr", "paris", "de", "berlin", "it", "madrid")),
                "q7", new Answer.Sequence(List.of("mercury", "venus", "mars", "earth")),
                "q8", new Answer.Blanks(Map.of("liquid", "Water", "temp", "100"))));
    }

    @Test
    void missingAndNullAnswersAreUnanswered() {
        QuizResponse response = QuizCodec.readResponse(quiz, Samples.parse("{\"q1\": null, \"q3\": false}"));

        assertThat(response.answers()).containsOnlyKeys("q3");
    }

    @Test
    void integersAreNumbers() {
        assertThat(QuizCodec.readResponse(quiz, Samples.parse("{\"q4\": 10}")).answers().get("q4"))
                .isEqualTo(new Answer.Numeric(10));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"q1\": [\"paris\"]}|answers.q1|must be a choice id (string)",
            "{\"q1\": \"rome\"}|answers.q1|'rome' is not one of this question's choices",
            "{\"q2\": \"a\"}|answers.q2|must be an array of choice ids",
            "{\"q2\": [\"a\", \"z\"]}|answers.q2[1]|'z' is not one of this question's choices",
            "{\"q2\": [\"a\", 3]}|answers.q2[1]|must be a choice id (string)",
            "{\"q2\": [\"b\", \"b\"]}|answers.q2[1]|repeats choice 'b'",
            "{\"q3\": \"true\"}|answers.q3|must be a boolean",
            "{\"q4\": \"9.81\"}|answers.q4|must be a number",
            "{\"q5\": 42}|answers.q5|must be a string",
            "{\"q6\": [\"paris\"]}|answers.q6|must be an object mapping premise ids to option ids",
            "{\"q6\": {\"es\": \"madrid\"}}|answers.q6.es|is not one of this question's premises",
            "{\"q6\": {\"fr\": \"lisbon\"}}|answers.q6.fr|'lisbon' is not one of this question's options",
            "{\"q7\": [\"mercury\", \"pluto\"]}|answers.q7[1]|'pluto' is not one of this question's items",
            "{\"q7\": {\"mercury\": 1}}|answers.q7|must be an array of item ids",
            "{\"q8\": {\"liquid\": 100}}|answers.q8.liquid|must be a string",
            "{\"q8\": {\"gas\": \"air\"}}|answers.q8.gas|is not one of this question's gaps",
            "{\"q8\": \"water\"}|answers.q8|must be an object mapping gap ids to texts",
            "{\"q9\": \"a\"}|answers.q9|is not a question of this quiz"})
    void badAnswersNameTheirField(String answers, String field, String message) {
        assertThat(errors(answers)).containsExactly(new Violation(field, message));
    }

    @Test
    void reportsEveryProblemAtOnce() {
        assertThat(errors("{\"q1\": 1, \"q2\": [\"a\", \"x\", \"y\"], \"q3\": true, \"zz\": 0}"))
                .extracting(Violation::field)
                .containsExactly("answers.q1", "answers.q2[1]", "answers.q2[2]", "answers.zz");
    }

    @Test
    void overlongTextIsRejectedBeforeAnyPatternRunsOnIt() {
        String longText = "a".repeat(ResponseReader.MAX_TEXT_LENGTH + 1);

        assertThat(errors("{\"q5\": \"" + longText + "\"}"))
                .containsExactly(new Violation("answers.q5", "must be at most 1000 characters"));
        assertThat(errors("{\"q8\": {\"liquid\": \"" + longText + "\"}}"))
                .extracting(Violation::field).containsExactly("answers.q8.liquid");
    }

    @Test
    void answersMustBeAnObject() {
        assertThat(errors("[\"a\"]")).containsExactly(
                new Violation("answers", "must be an object mapping question ids to answers"));
    }

    @Test
    void malformedOrDuplicatedJsonBytes() {
        assertThatThrownBy(() -> QuizCodec.readResponse(quiz, "{\"q1\": ".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidInputException.class, e ->
                        assertThat(e.violations().getFirst().field()).isEqualTo("answers"));
        assertThatThrownBy(() -> QuizCodec.readResponse(quiz,
                "{\"q1\": \"paris\", \"q1\": \"lyon\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidInputException.class, e ->
                        assertThat(e.violations().getFirst().message()).contains("Duplicate field 'q1'"));
    }
}
