package dev.assay.graders.quiz;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.assay.graders.GradeResult;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;

import java.io.IOException;
import java.util.List;

/**
 * JSON in and out of the quiz grader. Reading is strict (unknown properties, wrong types, duplicate keys and
 * unknown ids are all errors) and every error is an {@link InvalidInputException} naming the field.
 * Definition paths are relative to the quiz object ({@code questions[2].choices[1].fraction}, {@code ""} for
 * the object itself); response paths start with {@code answers}.
 */
public final class QuizCodec {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // Jackson turns numbers and booleans into strings unless told not to; "id": 5 is a mistake.
            .withCoercionConfig(LogicalType.Textual, config -> config
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private static final ObjectWriter RESULT_WRITER = MAPPER.writerFor(GradeResult.class);

    private QuizCodec() {
    }

    /**
     * The mapper configured as this codec reads and writes; share it (e.g. to encode {@link GradeResult}s)
     * but do not reconfigure it.
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A valid quiz from its JSON definition. */
    public static Quiz readQuiz(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new InvalidInputException("", "a quiz definition must be a JSON object");
        }
        rejectNonObjectQuestions(json.get("questions"));
        Quiz quiz;
        try {
            quiz = MAPPER.readerFor(Quiz.class).readValue(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(List.of(JsonErrors.toViolation(e)));
        } catch (IOException e) {
            throw new IllegalStateException("reading a JSON tree does no I/O", e);
        }
        List<Violation> violations = quiz.validate();
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return quiz;
    }

    /** Jackson would report a number in place of a question as a missing "type"; say what is wrong instead. */
    private static void rejectNonObjectQuestions(JsonNode questions) {
        if (questions == null || !questions.isArray()) {
            return;
        }
        for (int i = 0; i < questions.size(); i++) {
            JsonNode question = questions.get(i);
            if (!question.isObject() && !question.isNull()) {
                throw new InvalidInputException("questions[" + i + "]", "must be an object");
            }
        }
    }

    /** A valid quiz from JSON bytes. */
    public static Quiz readQuiz(byte[] json) {
        return readQuiz(parse(json, ""));
    }

    public static JsonNode writeQuiz(Quiz quiz) {
        return MAPPER.valueToTree(quiz);
    }

    /**
     * A learner's response from its answers object, e.g. {@code {"q1": "a", "q2": ["a", "c"], "q3": true}};
     * questions left out (or given as null) are unanswered.
     */
    public static QuizResponse readResponse(Quiz quiz, JsonNode answers) {
        ResponseReader.Result result = ResponseReader.read(quiz, answers);
        if (!result.violations().isEmpty()) {
            throw new InvalidInputException(result.violations().list());
        }
        return result.response();
    }

    /** A learner's response from the JSON bytes of its answers object. */
    public static QuizResponse readResponse(Quiz quiz, byte[] answers) {
        return readResponse(quiz, parse(answers, "answers"));
    }

    public static byte[] writeResult(GradeResult result) {
        try {
            return RESULT_WRITER.writeValueAsBytes(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a grade result is always encodable", e);
        }
    }

    private static JsonNode parse(byte[] json, String field) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(field, "is not well-formed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading a byte array does no I/O", e);
        }
    }
}
