package dev.assay.engine.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.graders.GradeResult;

import java.util.List;
import java.util.UUID;

/**
 * One kind of assessment as the engine handles it: how its definitions are validated, what a submission carries,
 * and whether it is graded inline (in the HTTP reply) or as a task on the worker pool.
 */
public sealed interface GraderKind permits QuizGrading, CodeGrading, EssayGrading, UploadGrading {

    /** The {@code kind} of assessments graded this way. */
    String name();

    /** The submission body fields that carry a learner's work of this kind (besides {@code learnerId}). */
    List<String> responseFields();

    /** What the grader reads and the store keeps, from the body's {@link #responseFields()}. */
    default JsonNode response(ObjectNode fields) {
        return fields;
    }

    /** A stored response in the shape it was submitted, for reading a submission back. */
    default ObjectNode asSubmitted(JsonNode stored) {
        return stored instanceof ObjectNode fields ? fields : JsonNodeFactory.instance.objectNode();
    }

    /** Inline kinds are graded before the submission is stored; the others are stored first and graded by a task. */
    boolean inline();

    /** Throws InvalidInputException, with field paths relative to the definition, when it cannot be used. */
    void validateDefinition(JsonNode definition);

    /**
     * Throws InvalidInputException when a response cannot be graded against this version (a choice that does not
     * exist, a file name that is not allowed), so bad work is refused before it is accepted.
     */
    void checkResponse(UUID assessmentId, int version, String definitionJson, JsonNode response);

    /** The points a response to this version is marked out of (known before any response is graded). */
    double maxScore(UUID assessmentId, int version, String definitionJson);

    /** The fewest points a response to this version can be given: 0, except on an essay's own scale (2 to 12). */
    default double minScore(UUID assessmentId, int version, String definitionJson) {
        return 0;
    }

    /** Grades one response; may block (code runs in a sandbox), so never call it on an event loop for async kinds. */
    GradeResult grade(UUID assessmentId, int version, String definitionJson, JsonNode response);
}
