package dev.assay.engine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.store.Json;

import java.util.Map;

/** Quiz definitions and helpers shared by the engine tests. */
public final class Quizzes {
    private Quizzes() {
    }

    /** Two questions: a single choice with a negative distractor and a true/false whose key is {@code skyIsBlue}. */
    public static JsonNode twoQuestions(boolean skyIsBlue) {
        return Json.parse("""
                {"title": "Warm-up",
                 "questions": [
                   {"type": "single_choice", "id": "q1", "prompt": "2+2?", "points": 2,
                    "choices": [{"id": "a", "text": "4", "fraction": 1, "feedback": "Right: 2+2 is 4"},
                                {"id": "b", "text": "5", "fraction": -0.5, "feedback": "No: that is 2+3"}]},
                   {"type": "true_false", "id": "q2", "prompt": "The sky is blue", "answer": %s,
                    "feedbackTrue": "You said true", "feedbackFalse": "You said false"}
                 ]}""".formatted(skyIsBlue));
    }

    /** Creates a course and a quiz assessment in it; returns the assessment id. */
    public static String createQuiz(Api api, String courseId, JsonNode definition) {
        Api.Response course = api.put("/v1/courses/" + courseId, Map.of("title", "Course " + courseId));
        if (course.status() != 200) {
            throw new IllegalStateException("course: " + course.body());
        }
        Api.Response created = api.post("/v1/courses/" + courseId + "/assessments",
                Map.of("title", "Quiz", "kind", "quiz", "definition", definition));
        if (created.status() != 201) {
            throw new IllegalStateException("assessment: " + created.body());
        }
        return created.json().get("id").asText();
    }
}
