package dev.assay.graders.quiz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuizCodecDefinitionTest {

    /** The sample quiz with one change applied to its JSON. */
    private static JsonNode sampleWith(Consumer<ObjectNode> change) {
        ObjectNode json = (ObjectNode) Samples.resource("sample-quiz.json");
        change.accept(json);
        return json;
    }

    private static ObjectNode question(ObjectNode quiz, int index) {
        return (ObjectNode) quiz.withArray("questions").get(index);
    }

    private static List<Violation> errors(JsonNode json) {
        try {
            QuizCodec.readQuiz(json);
        } catch (InvalidInputException e) {
            return e.violations();
        }
        throw new AssertionError("expected the quiz to be rejected");
    }

    @Test
    void readsEveryQuestionType() {
        Quiz quiz = Samples.quiz();

        assertThat(quiz.title()).isEqualTo("Sample: one question of every type");
        assertThat(quiz.shuffle()).isTrue();
        assertThat(quiz.questions()).extracting(q -> q.getClass().getSimpleName()).containsExactly(
                "SingleChoiceQuestion", "MultipleResponseQuestion", "TrueFalseQuestion", "NumericQuestion",
                "ShortTextQuestion", "MatchingQuestion", "OrderingQuestion", "FillBlanksQuestion");
        assertThat(quiz.maxScore()).isEqualTo(12.0);
    }

    @Test
    void appliesDefaults() {
        Quiz quiz = Samples.quiz();

        assertThat(quiz.question("q2").points()).isEqualTo(1.0);
        assertThat(((MultipleResponseQuestion) quiz.question("q2")).choices().get(1).feedback()).isNull();
        NumericQuestion numeric = (NumericQuestion) quiz.question("q4");
        assertThat(numeric.answers().getFirst().fraction()).isEqualTo(1.0);
        assertThat(numeric.answers().get(2).minInclusive()).isTrue();
        assertThat(numeric.answers().get(2).maxInclusive()).isFalse();
        AcceptedText text = ((ShortTextQuestion) quiz.question("q5")).answers().getFirst();
        assertThat(text.caseSensitive()).isFalse();
        assertThat(text.regex()).isFalse();
        assertThat(((MatchingQuestion) quiz.question("q6")).allOrNothing()).isFalse();
    }

    @Test
    void roundTripsThroughJson() {
        Quiz quiz = Samples.quiz();

        JsonNode written = QuizCodec.writeQuiz(quiz);

        assertThat(QuizCodec.readQuiz(written)).isEqualTo(quiz);
        assertThat(written.at("/questions/0/type").asText()).isEqualTo("single_choice");
        assertThat(written.at("/questions/1/mode").asText()).isEqualTo("partial");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "points|\"two\"|questions[0].points|must be a number",
            "prompt|42|questions[0].prompt|must be a string",
            "id|true|questions[0].id|must be a string",
            "choices|{}|questions[0].choices|must be an array",
            "generalFeedback|[]|questions[0].generalFeedback|must be a string"})
    void wrongTypesNameTheField(String property, String value, String field, String message) {
        JsonNode json = sampleWith(quiz -> question(quiz, 0).set(property, Samples.parse(value)));

        assertThat(errors(json)).containsExactly(new Violation(field, message));
    }

    @Test
    void wrongTypeDeepInside() {
        JsonNode json = sampleWith(quiz -> ((ObjectNode) question(quiz, 0).withArray("choices").get(1))
                .put("fraction", "half"));

        assertThat(errors(json)).containsExactly(new Violation("questions[0].choices[1].fraction", "must be a number"));
    }

    @Test
    void wrongTypeInsideAGap() {
        JsonNode json = sampleWith(quiz -> ((ObjectNode) question(quiz, 7).withArray("gaps").get(1)
                .withArray("numericAnswers").get(0)).put("tolerance", "small"));

        assertThat(errors(json)).containsExactly(
                new Violation("questions[7].gaps[1].numericAnswers[0].tolerance", "must be a number"));
    }

    @Test
    void booleansAreNotStringsOrNumbers() {
        assertThat(errors(sampleWith(quiz -> question(quiz, 2).put("answer", "true"))))
                .containsExactly(new Violation("questions[2].answer", "must be a boolean"));
        assertThat(errors(sampleWith(quiz -> question(quiz, 2).put("answer", 1))))
                .containsExactly(new Violation("questions[2].answer", "must be a boolean"));
    }

    @Test
    void unknownModeListsTheKnownOnes() {
        assertThat(errors(sampleWith(quiz -> question(quiz, 1).put("mode", "most"))))
                .containsExactly(new Violation("questions[1].mode", "must be one of partial, all_or_nothing, every_decision"));
        assertThat(errors(sampleWith(quiz -> question(quiz, 6).put("mode", 0))))
                .extracting(Violation::field).containsExactly("questions[6].mode");
    }

    @Test
    void unknownProperties() {
        assertThat(errors(sampleWith(quiz -> quiz.put("colour", "blue"))))
                .containsExactly(new Violation("colour", "is not a known property (known: questions, shuffle, title)"));
        assertThat(errors(sampleWith(quiz -> ((ObjectNode) question(quiz, 4).withArray("answers").get(2))
                .put("ignoreCase", true))))
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("questions[4].answers[2].ignoreCase");
                    assertThat(v.message()).contains("caseSensitive");
                });
        assertThat(errors(sampleWith(quiz -> question(quiz, 5).put("shuffle", true))))
                .extracting(Violation::field).containsExactly("questions[5].shuffle");
    }

    @Test
    void missingOrUnknownType() {
        assertThat(errors(sampleWith(quiz -> question(quiz, 3).remove("type"))))
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("questions[3].type");
                    assertThat(v.message()).startsWith("is required (one of single_choice,");
                });
        assertThat(errors(sampleWith(quiz -> question(quiz, 3).put("type", "essay"))))
                .singleElement().satisfies(v -> {
                    assertThat(v.field()).isEqualTo("questions[3].type");
                    assertThat(v.message()).startsWith("'essay' is not a question type");
                });
    }

    @Test
    void numbersTooLargeForADoubleAreRejected() {
        JsonNode json = sampleWith(quiz -> {
            question(quiz, 2).set("points", Samples.parse("1e400"));
            ((ObjectNode) question(quiz, 3).withArray("answers").get(2)).set("max", Samples.parse("-1e400"));
        });

        assertThat(errors(json)).extracting(Violation::field)
                .containsExactly("questions[2].points", "questions[3].answers[2].max");
    }

    @Test
    void questionThatIsNotAnObject() {
        assertThat(errors(sampleWith(quiz -> quiz.withArray("questions").insert(1, 7))))
                .containsExactly(new Violation("questions[1]", "must be an object"));
    }

    @Test
    void badReferencesAreReportedAfterBinding() {
        JsonNode json = sampleWith(quiz -> {
            ((ObjectNode) question(quiz, 5).withArray("premises").get(2)).put("match", "lisbon");
            question(quiz, 7).put("text", "{{liquid}} boils at {{temperature}} °C.");
        });

        assertThat(errors(json)).containsExactly(
                new Violation("questions[5].premises[2].match", "refers to unknown option 'lisbon'"),
                new Violation("questions[7].text", "refers to undefined gap 'temperature'"),
                new Violation("questions[7].gaps[1].id", "gap 'temp' does not appear in the text"));
    }

    @Test
    void allValidationViolationsAreReportedAtOnce() {
        JsonNode json = sampleWith(quiz -> {
            question(quiz, 0).put("points", 0);
            ((ObjectNode) question(quiz, 4).withArray("answers").get(2)).put("pattern", "(unclosed");
            ((ArrayNode) question(quiz, 6).withArray("items")).add(Samples.parse("{\"id\": \"venus\", \"text\": \"V\"}"));
        });

        assertThat(errors(json)).extracting(Violation::field).containsExactly(
                "questions[0].points", "questions[4].answers[2].pattern", "questions[6].items[4].id");
    }

    @Test
    void duplicateQuestionIds() {
        assertThat(errors(sampleWith(quiz -> question(quiz, 7).put("id", "q1"))))
                .containsExactly(new Violation("questions[7].id", "duplicate id 'q1' (also questions[0])"));
    }

    @Test
    void malformedOrNonObjectJson() {
        assertThatThrownBy(() -> QuizCodec.readQuiz("{\"questions\": [".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(InvalidInputException.class, e ->
                        assertThat(e.violations().getFirst().message()).startsWith("is not well-formed JSON"));
        assertThat(errors(Samples.parse("[1, 2]"))).containsExactly(
                new Violation("", "a quiz definition must be a JSON object"));
    }

    @Test
    void duplicateKeysAreRejected() {
        byte[] json = "{\"title\": \"a\", \"title\": \"b\", \"questions\": []}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> QuizCodec.readQuiz(json))
                .isInstanceOfSatisfying(InvalidInputException.class, e ->
                        assertThat(e.violations().getFirst().message()).contains("Duplicate field 'title'"));
    }
}
