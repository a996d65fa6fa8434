package dev.assay.engine.api;

import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.Quizzes;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Staff fix an answer key and regrade while learners keep submitting: every submission ends up graded against the
 * new version, whether it was stored before the version (the regrade finds it) or after (graded against it).
 * QA saw 4 of 376 keep their old score: checked against the old version, they committed after the regrade's
 * snapshot.
 */
class RegradeRaceTest {
    static TestNode node;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        api = node.newPlatform("regrade-race");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void submissionsDuringANewVersionAndItsRegradeAllEndOnTheNewVersion() throws Exception {
        String quiz = Quizzes.createQuiz(api, "race", Quizzes.twoQuestions(true));
        List<String> ids = new CopyOnWriteArrayList<>();
        AtomicInteger sent = new AtomicInteger();
        ExecutorService learners = Executors.newFixedThreadPool(6);
        for (int t = 0; t < 6; t++) {
            int thread = t;
            learners.submit(() -> {
                for (int i = 0; i < 40; i++) {
                    Api.Response r = api.post("/v1/assessments/" + quiz + "/submissions",
                            Map.of("learnerId", "l" + thread + "-" + i, "answers", Map.of("q1", "a", "q2", true)));
                    assertThat(r.status()).as(r.body()).isEqualTo(201);
                    ids.add(r.json().get("id").asText());
                    sent.incrementAndGet();
                }
            });
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> sent.get() >= 40);
        // The sky is not blue after all: q2 flips, and with it everyone's score.
        assertThat(api.post("/v1/assessments/" + quiz + "/versions", Map.of("definition", Quizzes.twoQuestions(false)))
                .status()).isEqualTo(201);
        Api.Response regrade = api.post("/v1/assessments/" + quiz + "/regrade", Map.of());
        assertThat(regrade.status()).as(regrade.body()).isIn(200, 201, 202);
        String regradeId = regrade.json().get("id").asText();
        learners.shutdown();
        assertThat(learners.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        assertThat(ids).hasSize(240);

        await().atMost(Duration.ofSeconds(60)).until(() ->
                "completed".equals(api.get("/v1/regrades/" + regradeId + "?limit=1").json().path("status").asText()));
        for (String id : ids) {
            var s = api.get("/v1/submissions/" + id).json();
            assertThat(s.get("gradedVersion").asInt()).as(s.toString()).isEqualTo(2);
            assertThat(s.get("score").asDouble()).as(s.toString()).isEqualTo(2.0);
        }
    }
}
