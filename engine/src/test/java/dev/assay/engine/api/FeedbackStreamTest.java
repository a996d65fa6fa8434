package dev.assay.engine.api;

import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.EventStream;
import dev.assay.engine.testing.Quizzes;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A learner's token opens an SSE stream that receives each of their results as it is stored, and nobody else's. */
class FeedbackStreamTest {
    static TestNode node;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        api = node.newPlatform("stream");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void learnerReceivesOwnResultsAsTheyAreStored() {
        String quiz = Quizzes.createQuiz(api, "stream-1", Quizzes.twoQuestions(true));
        String token = api.post("/v1/learner-tokens", Map.of("learnerId", "gus")).json().get("token").asText();

        try (EventStream stream = new EventStream(node.baseUrl() + "/v1/learners/gus/events?access_token=" + token, null)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> stream.saw("event: ready"));
            assertThat(stream.response.join().headers().firstValue("Content-Type")).hasValue("text/event-stream");

            String other = api.post("/v1/assessments/" + quiz + "/submissions",
                    Map.of("learnerId", "hal", "answers", Map.of("q1", "a"))).json().get("id").asText();
            String mine = api.post("/v1/assessments/" + quiz + "/submissions",
                    Map.of("learnerId", "gus", "answers", Map.of("q1", "a", "q2", true))).json().get("id").asText();

            await().atMost(Duration.ofSeconds(20)).until(() -> stream.results().stream().anyMatch(e -> e.data().contains(mine)));
            assertThat(stream.lines).anyMatch(l -> l.startsWith("data:") && l.contains(mine) && l.contains("\"score\":3.0"));
            assertThat(stream.saw(other)).isFalse();
        }
    }

    @Test
    void workWaitingForPeersIsStreamedWithoutTheAutomatedScoreAsItsGrade() {
        String quiz = Quizzes.createQuiz(api, "stream-peer", Quizzes.twoQuestions(true));
        Map<String, Object> peer = Map.of("rubric", Map.of("criteria", java.util.List.of(Map.of("id", "c", "levels",
                java.util.List.of(Map.of("points", 0), Map.of("points", 1))))), "reviewsPerSubmission", 1);
        assertThat(api.put("/v1/assessments/" + quiz + "/peer-review", peer).status()).isEqualTo(200);
        String token = api.post("/v1/learner-tokens", Map.of("learnerId", "pia")).json().get("token").asText();

        try (EventStream stream = new EventStream(node.baseUrl() + "/v1/learners/pia/events?access_token=" + token, null)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> stream.saw("event: ready"));
            String mine = api.post("/v1/assessments/" + quiz + "/submissions",
                    Map.of("learnerId", "pia", "answers", Map.of("q1", "a", "q2", true))).json().get("id").asText();
            await().atMost(Duration.ofSeconds(20)).until(() -> stream.results().stream().anyMatch(e -> e.data().contains(mine)));
            String data = stream.lines.stream().filter(l -> l.startsWith("data:") && l.contains(mine)).findFirst().orElseThrow();
            assertThat(data).contains("\"peerReview\":{\"status\":\"awaiting\"").doesNotContain("\"score\":3.0,\"maxScore\"");

            // Its peer grade is published (here staff's, 1 of the rubric's 1 point): the learner hears of it live.
            assertThat(api.put("/v1/submissions/" + mine + "/peer-grade", Map.of("score", 1, "reason", "checked"))
                    .status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> stream.lines.stream()
                    .anyMatch(l -> l.startsWith("data:") && l.contains(mine) && l.contains("\"peerGrade\"")));
            String graded = stream.lines.stream().filter(l -> l.startsWith("data:") && l.contains("\"peerGrade\""))
                    .findFirst().orElseThrow();
            assertThat(graded).contains("\"status\":\"overridden\"", "\"score\":3.0").doesNotContain("peerReview");

            // Staff take the override back: the stream hears that the work waits for peers again.
            long heard = stream.lines.stream().filter(l -> l.startsWith("data:") && l.contains(mine)).count();
            assertThat(api.delete("/v1/submissions/" + mine + "/peer-grade").status()).isEqualTo(204);
            await().atMost(Duration.ofSeconds(20)).until(() -> stream.lines.stream()
                    .filter(l -> l.startsWith("data:") && l.contains(mine)).count() > heard);
            String back = stream.lines.stream().filter(l -> l.startsWith("data:") && l.contains(mine))
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(back).contains("\"peerReview\":{\"status\":\"awaiting\"").doesNotContain("overridden");

            // A regrade by a new version (q2 now false: 1 of 3): told as work still waiting for peers, not as a grade.
            long before = stream.lines.stream().filter(l -> l.startsWith("data:") && l.contains(mine)).count();
            assertThat(api.post("/v1/assessments/" + quiz + "/versions", Map.of("definition", Quizzes.twoQuestions(false)))
                    .status()).isEqualTo(201);
            assertThat(api.post("/v1/assessments/" + quiz + "/regrade", Map.of()).status()).isIn(200, 201, 202);
            await().atMost(Duration.ofSeconds(20)).until(() -> stream.lines.stream()
                    .filter(l -> l.startsWith("data:") && l.contains(mine)).count() > before);
            String regraded = stream.lines.stream().filter(l -> l.startsWith("data:") && l.contains(mine))
                    .reduce((a, b) -> b).orElseThrow();
            assertThat(regraded).contains("\"regrade\":true", "\"peerReview\":{\"status\":\"awaiting\"")
                    .doesNotContain("\"maxScore\":3.0,\"regrade\"");
        }
    }

    @Test
    void aRegradeOfOverriddenWorkIsToldWithTheOverridesScore() {
        // Found in QA: the regrade's live event carried the new automated score (0) while the override (1.5) counted,
        // and a replay said 1.5.
        String quiz = Quizzes.createQuiz(api, "stream-override", Quizzes.twoQuestions(true));
        String token = api.post("/v1/learner-tokens", Map.of("learnerId", "ova")).json().get("token").asText();
        try (EventStream stream = new EventStream(node.baseUrl() + "/v1/learners/ova/events?access_token=" + token, null)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> stream.saw("event: ready"));
            String mine = api.post("/v1/assessments/" + quiz + "/submissions",
                    Map.of("learnerId", "ova", "answers", Map.of("q1", "a", "q2", true))).json().get("id").asText();
            assertThat(api.put("/v1/submissions/" + mine + "/override", Map.of("score", 1.5, "reason", "by hand"))
                    .status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(20)).until(() -> stream.results().stream()
                    .anyMatch(e -> e.data().contains(mine) && e.data().contains("\"score\":1.5")));
            int heard = stream.results().size();

            assertThat(api.post("/v1/assessments/" + quiz + "/versions", Map.of("definition", Quizzes.twoQuestions(false)))
                    .status()).isEqualTo(201);
            assertThat(api.post("/v1/assessments/" + quiz + "/regrade", Map.of()).status()).isIn(200, 201, 202);
            await().atMost(Duration.ofSeconds(30)).until(() -> stream.results().size() > heard);
            String regraded = stream.results().getLast().data();
            assertThat(regraded).contains(mine, "\"regrade\":true", "\"score\":1.5");
            String overrideEventId = stream.results().get(heard - 1).id();
            // Replayed after the override's event, the regrade is told as it was live (replays lacked the flag).
            try (EventStream again = new EventStream(node.baseUrl() + "/v1/learners/ova/events?access_token=" + token,
                    null, Map.of("Last-Event-ID", overrideEventId))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> again.saw("event: ready"));
                assertThat(again.results()).singleElement().extracting(EventStream.Event::data).isEqualTo(regraded);
            }
        }
    }

    @Test
    void reconnectingWithTheLastEventIdReplaysWhatWasMissed() {
        String quiz = Quizzes.createQuiz(api, "stream-2", Quizzes.twoQuestions(true));
        String token = api.post("/v1/learner-tokens", Map.of("learnerId", "kim")).json().get("token").asText();
        String url = node.baseUrl() + "/v1/learners/kim/events?access_token=" + token;
        String seen = api.post("/v1/assessments/" + quiz + "/submissions",
                Map.of("learnerId", "kim", "answers", Map.of("q1", "a"))).json().get("id").asText();
        // Stored while the learner's connection was down.
        String missed1 = api.post("/v1/assessments/" + quiz + "/submissions",
                Map.of("learnerId", "kim", "answers", Map.of("q1", "b"))).json().get("id").asText();
        String missed2 = api.post("/v1/assessments/" + quiz + "/submissions",
                Map.of("learnerId", "kim", "answers", Map.of("q1", "a", "q2", true))).json().get("id").asText();
        api.post("/v1/assessments/" + quiz + "/submissions", Map.of("learnerId", "lou", "answers", Map.of("q1", "a")));

        // A client from before event ids resumes with the submission id it last heard of.
        try (EventStream stream = new EventStream(url + "&lastEventId=" + seen, null)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> stream.saw("event: ready"));
            assertThat(stream.results()).hasSize(2);
            assertThat(stream.results().get(0).data()).contains(missed1);
            assertThat(stream.results().get(1).data()).contains(missed2);
        }
        // Without a last id, or with one that is not the learner's, nothing is replayed.
        try (EventStream fresh = new EventStream(url + "&lastEventId=" + java.util.UUID.randomUUID(), null)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> fresh.saw("event: ready"));
            assertThat(fresh.results()).isEmpty();
        }
    }

    @Test
    void aStreamEndsWhenItsTokenExpires() {
        String token = api.post("/v1/learner-tokens", Map.of("learnerId", "eve", "ttlSeconds", 2)).json().get("token").asText();
        try (EventStream stream = new EventStream(node.baseUrl() + "/v1/learners/eve/events?access_token=" + token, null)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> stream.saw("event: ready"));
            await().atMost(Duration.ofSeconds(20)).until(() -> stream.ended);
            assertThat(stream.lines).anyMatch(l -> l.equals("event: expired"));
        }
        // Reconnecting with the expired token is refused.
        assertThat(api.as(null).get("/v1/learners/eve/events?access_token=" + token).status()).isEqualTo(401);
    }

    @Test
    void onlyTheStreamTakesATokenInTheUrlAndNeverTheApiKey() {
        String token = api.post("/v1/learner-tokens", Map.of("learnerId", "ida")).json().get("token").asText();
        Api.Response keyInUrl = api.as(null).get("/v1/learners/ida/events?access_token=" + api.token());
        assertThat(keyInUrl.status()).isEqualTo(401);
        assertThat(keyInUrl.json().get("detail").asText()).contains("Authorization header");
        assertThat(api.as(null).get("/v1/courses?access_token=" + api.token()).status()).isEqualTo(401);
        assertThat(api.as(null).get("/v1/learners/ida/submissions?access_token=" + token).status()).isEqualTo(401);
        assertThat(api.as(token).get("/v1/learners/ida/submissions").status()).as("in the header it works").isEqualTo(200);
    }

    @Test
    void streamNeedsTheLearnersOwnToken() {
        String token = api.post("/v1/learner-tokens", Map.of("learnerId", "ida")).json().get("token").asText();

        Api.Response otherLearner = api.as(token).get("/v1/learners/jon/events");
        assertThat(otherLearner.status()).isEqualTo(403);
        Api.Response noToken = api.as(null).get("/v1/learners/ida/events");
        assertThat(noToken.status()).isEqualTo(401);
        Api.Response forged = api.as(null).get("/v1/learners/ida/events?access_token=" + token.substring(0, token.length() - 4) + "AAAA");
        assertThat(forged.status()).isEqualTo(401);
    }
}
