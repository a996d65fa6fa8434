package dev.assay.engine.peer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.Quizzes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A course with one assessment whose submissions peers review, and learner clients. */
final class PeerFixtures {
    private PeerFixtures() {
    }

    /** Two criteria (0/2/4 and 0/1/2 points, total 0–6) and one required comment. */
    static Map<String, Object> config(int k, int extra, boolean calibration, Instant reviewDeadline) {
        var c = new LinkedHashMap<String, Object>();
        c.put("rubric", Map.of(
                "criteria", List.of(
                        Map.of("id", "ideas", "prompt", "Are the ideas clear?", "levels", List.of(
                                Map.of("points", 0, "description", "no"), Map.of("points", 2, "description", "partly"),
                                Map.of("points", 4, "description", "yes"))),
                        Map.of("id", "style", "prompt", "Well written?", "levels", List.of(
                                Map.of("points", 0, "description", "no"), Map.of("points", 1, "description", "mostly"),
                                Map.of("points", 2, "description", "yes")))),
                "comments", List.of(Map.of("id", "feedback", "prompt", "What would improve it?", "required", true,
                        "minLength", 5, "maxLength", 500))));
        c.put("reviewsPerSubmission", k);
        c.put("reviewsRequired", k);
        c.put("extraReviews", extra);
        c.put("reviewDeadline", reviewDeadline.toString());
        c.put("leaseMinutes", 30);
        c.put("model", "pg1");
        if (calibration) {
            c.put("calibration", Map.of("required", true, "tolerance", 1, "maxAttempts", 2, "examples", List.of(
                    Map.of("id", "ex1", "content", "A sample essay", "scores", Map.of("ideas", 2, "style", 1)),
                    Map.of("id", "ex2", "content", "Another", "scores", Map.of("ideas", 4, "style", 2)))));
        }
        return c;
    }

    /** {@code config} with the "style" criterion on another scale (0/1/2/3): a change to how reviews score. */
    /**
     * {@code config} letting learners without a submission of their own review (the default is submitters only),
     * for tests whose reviewers stand apart from the authors.
     */
    static Map<String, Object> anyoneReviews(Map<String, Object> config) {
        var c = new LinkedHashMap<String, Object>(config);
        c.put("reviewersMustSubmit", false);
        return c;
    }

    static Map<String, Object> rescaled(Map<String, Object> config) {
        return withRubric(config, List.of(0, 2, 4), List.of(0, 1, 2, 3), "Are the ideas clear?");
    }

    /** {@code config} with new prompts and level descriptions only: the same scores mean the same. */
    static Map<String, Object> reworded(Map<String, Object> config) {
        return withRubric(config, List.of(0, 2, 4), List.of(0, 1, 2), "Is the argument easy to follow?");
    }

    private static Map<String, Object> withRubric(Map<String, Object> config, List<Integer> ideas, List<Integer> style,
                                                  String ideasPrompt) {
        var c = new LinkedHashMap<>(config);
        c.put("rubric", Map.of(
                "criteria", List.of(
                        Map.of("id", "ideas", "prompt", ideasPrompt, "levels",
                                ideas.stream().map(p -> Map.of("points", p, "description", "level " + p)).toList()),
                        Map.of("id", "style", "prompt", "Well written?", "levels",
                                style.stream().map(p -> Map.of("points", p, "description", "level " + p)).toList())),
                "comments", List.of(Map.of("id", "feedback", "prompt", "What would you change?", "required", false,
                        "maxLength", 1000))));
        return c;
    }

    /** Creates course + assessment; each learner submits once. Returns the assessment id. */
    static String assessmentWithSubmissions(Api api, String course, List<String> learners) {
        String id = Quizzes.createQuiz(api, course, Quizzes.twoQuestions(true));
        for (String learner : learners) {
            Api.Response r = api.post("/v1/assessments/" + id + "/submissions",
                    Map.of("learnerId", learner, "answers", Map.of("q1", "a", "q2", true)));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        return id;
    }

    static Api learner(Api platform, String learnerId) {
        Api.Response r = platform.post("/v1/learner-tokens", Map.of("learnerId", learnerId));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return platform.as(r.json().get("token").asText());
    }

    static List<String> learners(String prefix, int n) {
        var out = new ArrayList<String>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    static Map<String, Object> review(int ideas, int style) {
        return Map.of("scores", Map.of("ideas", ideas, "style", style), "comments", Map.of("feedback", "More examples, please"));
    }

    static List<String> fields(Api.Response r) {
        var out = new ArrayList<String>();
        JsonNode errors = r.json().get("errors");
        if (errors != null) {
            errors.forEach(e -> out.add(e.get("field").asText()));
        }
        return out;
    }
}
