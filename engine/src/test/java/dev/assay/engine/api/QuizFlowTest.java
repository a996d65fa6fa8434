package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.Quizzes;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The quiz path end to end over real HTTP: define, submit, get graded feedback, revise, list. */
class QuizFlowTest {
    static TestNode node;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        api = node.newPlatform("flow");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void submissionIsGradedInlineWithPerQuestionFeedback() {
        String id = Quizzes.createQuiz(api, "flow-1", Quizzes.twoQuestions(true));

        Api.Response r = api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "ann", "answers", Map.of("q1", "b", "q2", true)));

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.header("Location")).isEqualTo("/v1/submissions/" + r.json().get("id").asText());
        JsonNode body = r.json();
        assertThat(body.get("status").asText()).isEqualTo("graded");
        assertThat(body.get("gradedVersion").asInt()).isEqualTo(1);
        assertThat(body.get("score").asDouble()).isEqualTo(1.0); // q1 clamps -0.5 to 0, q2 earns its 1 point
        assertThat(body.get("maxScore").asDouble()).isEqualTo(3.0);
        JsonNode q1 = body.at("/result/parts/0");
        assertThat(q1.get("id").asText()).isEqualTo("q1");
        assertThat(q1.get("correctness").asText()).isEqualTo("incorrect");
        assertThat(q1.get("feedback").toString()).contains("No: that is 2+3");
        JsonNode q2 = body.at("/result/parts/1");
        assertThat(q2.get("correctness").asText()).isEqualTo("correct");
        assertThat(q2.get("feedback").toString()).contains("You said true");

        Api.Response again = api.get("/v1/submissions/" + body.get("id").asText());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("score").asDouble()).isEqualTo(1.0);
        assertThat(again.json().get("answers").get("q1").asText()).isEqualTo("b");
    }

    @Test
    void repeatedIdempotencyKeyReturnsTheFirstResultAndNeverASecondSubmission() {
        String id = Quizzes.createQuiz(api, "flow-2", Quizzes.twoQuestions(true));
        Map<String, Object> body = Map.of("learnerId", "bob", "answers", Map.of("q1", "a"));
        Map<String, String> key = Map.of("Idempotency-Key", "attempt-1");

        Api.Response first = api.post("/v1/assessments/" + id + "/submissions", body, key);
        Api.Response second = api.post("/v1/assessments/" + id + "/submissions", body, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(second.json().get("id")).isEqualTo(first.json().get("id"));
        assertThat(api.get("/v1/learners/bob/submissions?assessmentId=" + id).json().get("items")).hasSize(1);

        // The same body spelt differently (members in another order at any depth) is the same request.
        Map<String, String> key2 = Map.of("Idempotency-Key", "attempt-2");
        Api.Response both = api.post("/v1/assessments/" + id + "/submissions",
                "{\"learnerId\": \"bob\", \"answers\": {\"q1\": \"a\", \"q2\": true}}", key2);
        Api.Response respelt = api.post("/v1/assessments/" + id + "/submissions",
                "{\"answers\": {\"q2\": true, \"q1\": \"a\"}, \"learnerId\": \"bob\"}", key2);
        assertThat(respelt.status()).as(respelt.body()).isEqualTo(200);
        assertThat(respelt.json().get("id")).isEqualTo(both.json().get("id"));

        Api.Response different = api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "bob", "answers", Map.of("q1", "b")), key);
        assertThat(different.status()).isEqualTo(422);
        assertThat(different.json().get("field").asText()).isEqualTo("Idempotency-Key");
    }

    @Test
    void newVersionIsRecordedAndSubmissionsNameTheVersionTheyWereGradedAgainst() {
        String id = Quizzes.createQuiz(api, "flow-3", Quizzes.twoQuestions(true));
        Api.Response v1 = api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "cy", "answers", Map.of("q2", false)));
        assertThat(v1.json().get("score").asDouble()).isZero();

        Api.Response revised = api.post("/v1/assessments/" + id + "/versions", Map.of("definition", Quizzes.twoQuestions(false)));
        Api.Response backwards = api.post("/v1/assessments/" + id + "/regrade", Map.of("version", 1));
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.json().get("field").asText()).isEqualTo("version");
        assertThat(revised.status()).isEqualTo(201);
        assertThat(revised.json().get("version").asInt()).isEqualTo(2);
        assertThat(api.get("/v1/assessments/" + id).json().get("version").asInt()).isEqualTo(2);
        assertThat(api.get("/v1/assessments/" + id + "/versions/1").json().at("/definition/questions/1/answer").asBoolean()).isTrue();

        Api.Response v2 = api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "cy", "answers", Map.of("q2", false)));
        assertThat(v2.json().get("gradedVersion").asInt()).isEqualTo(2);
        assertThat(v2.json().get("score").asDouble()).isEqualTo(1.0);

        JsonNode list = api.get("/v1/learners/cy/submissions").json().get("items");
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("id")).isEqualTo(v2.json().get("id")); // newest first
        assertThat(api.get("/v1/courses/flow-3/assessments").json().get("items")).hasSize(1);
    }

    @Test
    void aPlatformNeverSeesAnotherPlatformsData() throws Exception {
        String id = Quizzes.createQuiz(api, "flow-4", Quizzes.twoQuestions(true));
        String submission = api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "dee", "answers", Map.of("q1", "a"))).json().get("id").asText();
        Api other = node.newPlatform("other");

        assertThat(other.get("/v1/assessments/" + id).status()).isEqualTo(404);
        assertThat(other.get("/v1/submissions/" + submission).status()).isEqualTo(404);
        assertThat(other.get("/v1/courses/flow-4").status()).isEqualTo(404);
        assertThat(other.get("/v1/learners/dee/submissions").json().get("items")).isEmpty();
        assertThat(other.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "x", "answers", Map.of())).status()).isEqualTo(404);
        assertThat(other.post("/v1/assessments/" + id + "/regrade", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void learnerTokenReadsOnlyThatLearnersOwnResults() {
        String id = Quizzes.createQuiz(api, "flow-5", Quizzes.twoQuestions(true));
        String mine = api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "eve", "answers", Map.of("q1", "a"))).json().get("id").asText();
        String theirs = api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "fay", "answers", Map.of("q1", "a"))).json().get("id").asText();
        Api.Response minted = api.post("/v1/learner-tokens", Map.of("learnerId", "eve", "ttlSeconds", 600));
        assertThat(minted.status()).isEqualTo(201);
        Api eve = api.as(minted.json().get("token").asText());

        assertThat(eve.get("/v1/submissions/" + mine).status()).isEqualTo(200);
        assertThat(eve.get("/v1/submissions/" + theirs).status()).isEqualTo(404);
        assertThat(eve.get("/v1/learners/eve/submissions").json().get("items")).hasSize(1);
        assertThat(eve.get("/v1/learners/fay/submissions").status()).isEqualTo(403);
        assertThat(eve.get("/v1/assessments/" + id).status()).isEqualTo(403);
        assertThat(eve.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "eve", "answers", Map.of())).status()).isEqualTo(403);
        assertThat(eve.post("/v1/learner-tokens", Map.of("learnerId", "fay")).status()).isEqualTo(403);
    }

    @Test
    void learnerViewShowsTheLearnersVariantWithoutTheAnswerKey() {
        String id = Quizzes.createQuiz(api, "flow-6", Quizzes.twoQuestions(true));
        Api.Response forPlatform = api.get("/v1/assessments/" + id + "/learner-view?learnerId=gil");
        assertThat(forPlatform.status()).isEqualTo(200);
        assertThat(forPlatform.json().get("questions")).hasSize(2);
        assertThat(forPlatform.body()).contains("\"2+2?\"").doesNotContain("fraction", "Right: 2+2 is 4", "\"answer\"");

        String token = api.post("/v1/learner-tokens", Map.of("learnerId", "gil")).json().get("token").asText();
        Api.Response forLearner = api.as(token).get("/v1/assessments/" + id + "/learner-view");
        assertThat(forLearner.json().get("questions")).isEqualTo(forPlatform.json().get("questions"));
        assertThat(api.as(token).get("/v1/assessments/" + id + "/learner-view?learnerId=hal").status()).isEqualTo(200);
        assertThat(api.as(token).get("/v1/assessments/" + id + "/learner-view?learnerId=hal").json().get("learnerId").asText())
                .as("a learner token always shows its own learner").isEqualTo("gil");
        assertThat(api.get("/v1/assessments/" + id + "/learner-view").status()).isEqualTo(400);
    }

    @Test
    void noLearnerIsShownTheOrderingKeyAndDecomposedAccentsAreAccepted() throws Exception {
        String id = Quizzes.createQuiz(api, "flow-7", new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"title": "Café", "shuffle": true, "questions": [
                  {"type": "ordering", "id": "o", "prompt": "Breakfast first", "items": [
                    {"id": "coffee", "text": "Coffee"}, {"id": "lunch", "text": "Lunch"}, {"id": "dinner", "text": "Dinner"}]},
                  {"type": "short_text", "id": "t", "prompt": "Order a coffee", "answers": [{"pattern": "café crème"}]}]}"""));
        java.util.Set<java.util.List<String>> shown = new java.util.HashSet<>();
        for (int learner = 0; learner < 40; learner++) {
            JsonNode view = api.get("/v1/assessments/" + id + "/learner-view?learnerId=l" + learner).json();
            for (JsonNode question : view.get("questions")) {
                if (question.get("id").asText().equals("o")) {
                    java.util.List<String> order = question.get("items").findValuesAsText("id");
                    assertThat(order).as("learner l%d", learner).isNotEqualTo(java.util.List.of("coffee", "lunch", "dinner"))
                            .containsExactlyInAnyOrder("coffee", "lunch", "dinner");
                    shown.add(order);
                }
            }
        }
        assertThat(shown).as("every order but the key").hasSize(5);

        Api.Response r = api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "mac", "answers", Map.of("t", "cafe\u0301 cre\u0300me")));

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("score").doubleValue()).as(r.body()).isEqualTo(1.0);
    }
}
