package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.Quizzes;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Which of a learner's submissions counts when they submit more than once (the policy's {@code attempts}), and that
 * submitting again never reopens a decided outcome while the new work is graded, over real HTTP.
 */
class AttemptsPolicyTest {
    static TestNode node;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        api = node.newPlatform("attempts");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    /** One category holding {@code assessments}, pass mark 50, and {@code attempts} when not null. */
    private static Map<String, Object> policy(String attempts, String... assessments) {
        Map<String, Object> p = new HashMap<>(Map.of(
                "categories", List.of(Map.of("id", "all", "weight", 100, "assessments", List.of(assessments))),
                "passMark", 50));
        if (attempts != null) {
            p.put("attempts", attempts);
        }
        return p;
    }

    /** Submits to the two-question quiz (3 points): q1 "a" earns 2 points, q2 true earns 1. */
    private static String quiz(String assessment, String learner, Map<String, Object> answers) {
        Api.Response r = api.post("/v1/assessments/" + assessment + "/submissions",
                Map.of("learnerId", learner, "answers", answers));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static JsonNode grade(String course, String learner) {
        Api.Response r = api.get("/v1/courses/" + course + "/learners/" + learner + "/grade");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void theHighestGradedAttemptCountsByDefaultAndALaterWorseOneCannotTakeAPassAway() {
        String q = Quizzes.createQuiz(api, "at-1", Quizzes.twoQuestions(true));
        Api.Response put = api.put("/v1/courses/at-1/grading-policy", policy(null, q));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().at("/policy/attempts").asText()).as("the default is written out").isEqualTo("highest");

        quiz(q, "ann", Map.of("q1", "a", "q2", true)); // 3 of 3
        assertThat(grade("at-1", "ann").get("outcome").asText()).isEqualTo("passed");
        String worse = quiz(q, "ann", Map.of("q1", "b")); // -1, clamped to 0
        JsonNode after = grade("at-1", "ann");
        assertThat(after.get("outcome").asText()).isEqualTo("passed");
        assertThat(after.get("total").asDouble()).isCloseTo(100, within(1e-6));

        // Any attempt may turn out the best, so staff may mark any in time: raising the later one to full marks
        // changes nothing here; lowering it changes nothing either.
        Api.Response override = api.put("/v1/submissions/" + worse + "/override", Map.of("score", 1, "reason", "r"));
        assertThat(override.status()).as(override.body()).isEqualTo(200);
        assertThat(grade("at-1", "ann").get("total").asDouble()).isCloseTo(100, within(1e-6));
    }

    @Test
    void withLatestTheLastGradedAttemptCountsEvenWhenLowerAndOnlyItMayBeOverridden() {
        String q = Quizzes.createQuiz(api, "at-2", Quizzes.twoQuestions(true));
        assertThat(api.put("/v1/courses/at-2/grading-policy", policy("latest", q)).status()).isEqualTo(200);

        String first = quiz(q, "bo", Map.of("q1", "a", "q2", true));
        assertThat(grade("at-2", "bo").get("outcome").asText()).isEqualTo("passed");
        String second = quiz(q, "bo", Map.of("q2", true)); // 1 of 3
        JsonNode after = grade("at-2", "bo");
        assertThat(after.get("outcome").asText()).isEqualTo("failed");
        assertThat(after.get("total").asDouble()).isCloseTo(100.0 / 3, within(1e-6));

        Api.Response stale = api.put("/v1/submissions/" + first + "/override", Map.of("score", 3, "reason", "r"));
        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        assertThat(stale.json().at("/errors/0/field").asText()).isEqualTo("submission");
        assertThat(stale.json().get("detail").asText()).contains(second).contains("latest");

        // Switching the policy to highest recomputes the grade from the best attempt.
        assertThat(api.put("/v1/courses/at-2/grading-policy", policy("highest", q)).status()).isEqualTo(200);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> "passed".equals(grade("at-2", "bo").get("outcome").asText()));
    }

    @Test
    void workStillBeingGradedNeverDisplacesAGradedAttempt() {
        api.put("/v1/courses/at-3", Map.of("title", "Course at-3"));
        Api.Response created = api.post("/v1/courses/at-3/assessments", Map.of("title", "Report", "kind", "upload",
                "definition", Map.of("title", "Lab report", "points", 10)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String report = created.json().get("id").asText();
        // With latest too: the new work counts only once it is graded.
        assertThat(api.put("/v1/courses/at-3/grading-policy", policy("latest", report)).status()).isEqualTo(200);

        String first = upload(report, "cy", "First draft");
        assertThat(grade("at-3", "cy").get("outcome").asText()).as("awaiting review").isEqualTo("pending");
        assertThat(api.put("/v1/submissions/" + first + "/override", Map.of("score", 8, "reason", "marked"))
                .status()).isEqualTo(200);
        JsonNode passed = grade("at-3", "cy");
        assertThat(passed.get("outcome").asText()).isEqualTo("passed");
        int version = passed.get("outcomeVersion").asInt();

        String second = upload(report, "cy", "Second draft");
        JsonNode meanwhile = grade("at-3", "cy");
        assertThat(meanwhile.get("outcome").asText()).as("the pass stands while the new work waits for review")
                .isEqualTo("passed");
        assertThat(meanwhile.get("outcomeVersion").asInt()).as("no event was raised").isEqualTo(version);
        assertThat(meanwhile.get("total").asDouble()).isCloseTo(80, within(1e-6));
        // Staff may still correct the work that counts meanwhile (it will count until the new one is graded).
        Api.Response corrected = api.put("/v1/submissions/" + first + "/override", Map.of("score", 9, "reason", "re-marked"));
        assertThat(corrected.status()).as(corrected.body()).isEqualTo(200);
        assertThat(grade("at-3", "cy").get("total").asDouble()).isCloseTo(90, within(1e-6));

        assertThat(api.put("/v1/submissions/" + second + "/override", Map.of("score", 3, "reason", "marked"))
                .status()).isEqualTo(200);
        assertThat(grade("at-3", "cy").get("outcome").asText()).as("graded, the latest counts").isEqualTo("failed");
    }

    private static String upload(String assessment, String learner, String text) {
        Api.Response r = api.post("/v1/assessments/" + assessment + "/submissions",
                Map.of("learnerId", learner, "text", text));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("status").asText()).isEqualTo("routed");
        return r.json().get("id").asText();
    }

    @Test
    void anUnknownAttemptsValueIsRefusedNamingTheField() {
        String q = Quizzes.createQuiz(api, "at-4", Quizzes.twoQuestions(true));
        Api.Response bad = api.put("/v1/courses/at-4/grading-policy", policy("best", q));
        assertThat(bad.status()).as(bad.body()).isBetween(400, 422);
        assertThat(bad.json().at("/errors/0/field").asText()).isEqualTo("attempts");
        assertThat(bad.json().at("/errors/0/message").asText()).contains("highest").contains("latest");
    }
}
