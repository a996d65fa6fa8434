package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.node.NodeConfig;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.Quizzes;
import dev.assay.engine.testing.TestNode;
import dev.assay.engine.testing.WebhookReceiver;
import dev.assay.engine.testing.WebhookReceiver.Action;
import dev.assay.engine.webhooks.DeliveryConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Course outcomes delivered to certification over real HTTP on loopback: the outbox, the signed relay with its
 * retries, timeouts and 410 handling, the delivery log and replay, deadlines, and the pull listings.
 */
class OutcomeWebhookTest {
    static TestNode node;
    /** A platform of its own per test, so each test's receiver sees only its own events. */
    Api api;

    @BeforeEach
    void platform() throws Exception {
        api = node.newPlatform("outcomes");
    }

    @BeforeAll
    static void start() throws Exception {
        // Short timeouts and backoff so retries happen within the test; the logic is the production one.
        node = TestNode.start(NodeConfig.defaults().withDelivery(DeliveryConfig.DEFAULT
                .withTimeout(400).withBackoff(100, 400).withMaxAttempts(6).withPoll(50)));
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    /** The quiz alone decides; a learner's latest attempt counts, so submitting again can pass or fail them. */
    private static Map<String, Object> onlyQuizPolicy(String quiz) {
        return Map.of("categories", List.of(Map.of("id", "quiz", "weight", 100, "assessments", List.of(quiz))),
                "passMark", 60, "attempts", "latest");
    }

    private void submit(String quiz, String learner, boolean right) {
        Map<String, Object> answers = right ? Map.of("q1", "a", "q2", true) : Map.of("q1", "b", "q2", false);
        Api.Response r = api.post("/v1/assessments/" + quiz + "/submissions", Map.of("learnerId", learner, "answers", answers));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private String register(WebhookReceiver receiver) {
        // The tests share a platform: earlier tests' endpoints, whose receivers are gone, would otherwise get every
        // later event too and keep the relay busy retrying them (620 learners' worth in one test).
        api.get("/v1/webhooks").json().get("items").forEach(w -> {
            if (w.get("enabled").asBoolean()) {
                assertThat(api.patch("/v1/webhooks/" + w.get("id").asText(), Map.of("enabled", false)).status())
                        .isEqualTo(200);
            }
        });
        Api.Response hook = api.post("/v1/webhooks", Map.of("url", receiver.url(), "description", "certificates"));
        assertThat(hook.status()).as(hook.body()).isEqualTo(201);
        assertThat(hook.json().get("secret").asText()).startsWith("whsec_");
        receiver.secret(hook.json().get("secret").asText());
        return hook.json().get("id").asText();
    }

    @Test
    void outcomesArriveSignedInVersionOrderThroughFailuresAndTimeouts() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String hook = register(receiver);
            // Each event is refused once (500), then left unanswered past the timeout, then taken.
            Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
            receiver.script(r -> switch (seen.computeIfAbsent(r.id(), k -> new AtomicInteger()).incrementAndGet()) {
                case 1 -> new Action.Status(500);
                case 2 -> new Action.Hang();
                default -> WebhookReceiver.OK;
            });
            String quiz = Quizzes.createQuiz(api, "oc-1", Quizzes.twoQuestions(true));
            assertThat(api.put("/v1/courses/oc-1/grading-policy", onlyQuizPolicy(quiz)).status()).isEqualTo(200);

            submit(quiz, "ada", true);   // 3/3: passed, version 1
            submit(quiz, "ada", false);  // 0/3: failed, version 2
            submit(quiz, "ada", true);   // passed again, version 3

            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.acknowledged().size() == 3);
            receiver.release();
            List<WebhookReceiver.Received> acked = receiver.acknowledged();
            assertThat(acked).allMatch(WebhookReceiver.Received::signatureValid);
            assertThat(acked.stream().map(r -> r.data().get("version").asLong())).containsExactly(1L, 2L, 3L);
            assertThat(acked.stream().map(r -> r.data().get("outcome").asText())).containsExactly("passed", "failed", "passed");
            assertThat(acked.get(1).data().get("revokesPass").asBoolean()).isTrue();
            assertThat(acked.get(0).json().get("type").asText()).isEqualTo("course.outcome.changed");
            assertThat(acked).allMatch(r -> r.id().equals(r.data().get("id").asText()));
            // Never a later version before an earlier one was acknowledged, retries included.
            List<Long> firstSeen = new ArrayList<>();
            receiver.received().forEach(r -> {
                long v = r.data().get("version").asLong();
                if (!firstSeen.contains(v)) {
                    firstSeen.add(v);
                }
            });
            assertThat(firstSeen).containsExactly(1L, 2L, 3L);

            // The delivery log has every attempt: refused, timed out, delivered.
            String first = acked.get(0).id();
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    "delivered".equals(api.get("/v1/webhooks/" + hook + "/deliveries/" + first).json().path("status").asText()));
            JsonNode delivery = api.get("/v1/webhooks/" + hook + "/deliveries/" + first).json();
            assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
            JsonNode log = delivery.get("attemptLog");
            assertThat(log.get(0).get("statusCode").asInt()).isEqualTo(500);
            assertThat(log.get(1).get("statusCode").isNull()).isTrue();
            assertThat(log.get(1).get("error").asText()).contains("Timeout");
            assertThat(log.get(2).get("statusCode").asInt()).isEqualTo(204);
            JsonNode page = api.get("/v1/webhooks/" + hook + "/deliveries?status=delivered").json();
            assertThat(page.get("items")).hasSize(3);

            // Pull: the current outcome, and the event log filtered by status.
            JsonNode outcomes = api.get("/v1/courses/oc-1/outcomes").json().get("items");
            assertThat(outcomes).hasSize(1);
            assertThat(outcomes.get(0).get("outcome").asText()).isEqualTo("passed");
            assertThat(outcomes.get(0).get("version").asInt()).isEqualTo(3);
            JsonNode events = api.get("/v1/courses/oc-1/outcome-events").json().get("items");
            assertThat(events).hasSize(3);
            assertThat(api.get("/v1/courses/oc-1/outcome-events?status=failed").json().get("items")).hasSize(1);
            assertThat(api.get("/v1/courses/oc-1/outcome-events?since=" + Instant.now().plusSeconds(60)).json()
                    .get("items")).isEmpty();
            JsonNode paged = api.get("/v1/courses/oc-1/outcome-events?limit=2").json();
            assertThat(paged.get("items")).hasSize(2);
            JsonNode rest = api.get(paged.get("next").asText()).json();
            assertThat(rest.get("items")).hasSize(1);
            assertThat(rest.at("/items/0/data/version").asInt()).isEqualTo(3);
            assertThat(api.get("/v1/courses/oc-1/learners/ada/grade").json().get("outcomeVersion").asInt()).isEqualTo(3);
        }
    }

    @Test
    void anEndpointThatAnswers410IsDisabledUntilReenabledAndReplayed() {
        try (WebhookReceiver gone = new WebhookReceiver()) {
            String hook = register(gone);
            gone.script(r -> new Action.Status(410));
            String quiz = Quizzes.createQuiz(api, "oc-410", Quizzes.twoQuestions(true));
            assertThat(api.put("/v1/courses/oc-410/grading-policy", onlyQuizPolicy(quiz)).status()).isEqualTo(200);
            submit(quiz, "bo", true);

            await().atMost(Duration.ofSeconds(15)).until(() -> !api.get("/v1/webhooks/" + hook).json().get("enabled").asBoolean());
            JsonNode endpoint = api.get("/v1/webhooks/" + hook).json();
            assertThat(endpoint.get("disabledReason").asText()).contains("410");
            assertThat(endpoint.has("secret")).isFalse();
            int before = gone.received().size();
            submit(quiz, "bo", false); // new events: kept for the disabled endpoint as stopped, not sent
            submit(quiz, "cy", true);
            assertThat(api.get("/v1/courses/oc-410/outcome-events").json().get("items")).hasSize(3);
            assertThat(api.get("/v1/webhooks/" + hook + "/deliveries?status=stopped").json().get("items")).hasSize(3);
            assertThat(gone.received()).hasSize(before);

            // Replaying a disabled endpoint is refused; once re-enabled the stopped deliveries go, in version order.
            assertThat(api.post("/v1/webhooks/" + hook + "/replay", Map.of()).status()).isEqualTo(409);
            gone.script(r -> WebhookReceiver.OK);
            assertThat(api.patch("/v1/webhooks/" + hook, Map.of("enabled", true)).status()).isEqualTo(200);
            Api.Response replay = api.post("/v1/webhooks/" + hook + "/replay", Map.of("statuses", List.of("stopped")));
            assertThat(replay.status()).as(replay.body()).isEqualTo(202);
            assertThat(replay.json().get("queued").asInt()).isEqualTo(3);
            await().atMost(Duration.ofSeconds(15)).until(() -> gone.acknowledged().size() == 3);
            assertThat(gone.acknowledged()).allMatch(WebhookReceiver.Received::signatureValid);
            assertThat(gone.acknowledged().stream().filter(r -> r.data().get("learnerId").asText().equals("bo"))
                    .map(r -> r.data().get("version").asLong())).containsExactly(1L, 2L);
        }
    }

    @Test
    void eventsRaisedWhileAnEndpointIsDisabledAreDeliveredInOrderOnceReenabledAndReplayed() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String hook = register(receiver);
            String quiz = Quizzes.createQuiz(api, "oc-off", Quizzes.twoQuestions(true));
            assertThat(api.put("/v1/courses/oc-off/grading-policy", onlyQuizPolicy(quiz)).status()).isEqualTo(200);
            submit(quiz, "di", true);   // version 1
            submit(quiz, "di", false);  // version 2
            // Recorded as delivered, not only answered: disabling stops whatever is still pending.
            await().atMost(Duration.ofSeconds(15)).until(() -> api.get("/v1/webhooks/" + hook
                    + "/deliveries?status=delivered").json().get("items").size() == 2);

            assertThat(api.patch("/v1/webhooks/" + hook, Map.of("enabled", false)).status()).isEqualTo(200);
            submit(quiz, "di", true);   // version 3, raised while disabled
            submit(quiz, "di", false);  // version 4
            assertThat(api.get("/v1/courses/oc-off/outcome-events").json().get("items")).hasSize(4);
            // Kept for the endpoint, not sent while it is disabled.
            JsonNode stopped = api.get("/v1/webhooks/" + hook + "/deliveries?status=stopped").json().get("items");
            assertThat(stopped).hasSize(2);
            assertThat(receiver.received()).hasSize(2);

            assertThat(api.patch("/v1/webhooks/" + hook, Map.of("enabled", true)).status()).isEqualTo(200);
            Api.Response replay = api.post("/v1/webhooks/" + hook + "/replay", Map.of());
            assertThat(replay.status()).as(replay.body()).isEqualTo(202);
            assertThat(replay.json().get("queued").asInt()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.acknowledged().size() == 4);
            assertThat(receiver.acknowledged().stream().map(r -> r.data().get("version").asLong()))
                    .containsExactly(1L, 2L, 3L, 4L);
            assertThat(receiver.received().stream().map(r -> r.data().get("version").asLong()))
                    .containsExactly(1L, 2L, 3L, 4L);
        }
    }

    @Test
    void aReplayKeepsCountingAttemptsAndGetsAFullRetryBudget() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String hook = register(receiver);
            receiver.script(r -> new Action.Status(500));
            String quiz = Quizzes.createQuiz(api, "oc-again", Quizzes.twoQuestions(true));
            assertThat(api.put("/v1/courses/oc-again/grading-policy", onlyQuizPolicy(quiz)).status()).isEqualTo(200);
            submit(quiz, "eve", true);
            String delivery = "/v1/webhooks/" + hook + "/deliveries/";
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    api.get("/v1/webhooks/" + hook + "/deliveries?status=failed").json().get("items").size() == 1);
            String event = api.get("/v1/webhooks/" + hook + "/deliveries?status=failed").json().at("/items/0/eventId").asText();
            assertThat(api.get(delivery + event).json().get("attempts").asInt()).isEqualTo(6);

            // Replayed and refused again: six more attempts (the whole budget), numbered on from 7.
            assertThat(api.post(delivery + event + "/replay", Map.of()).status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                JsonNode d = api.get(delivery + event).json();
                return "failed".equals(d.get("status").asText()) && d.get("attempts").asInt() > 6;
            });
            JsonNode d = api.get(delivery + event).json();
            assertThat(d.get("attempts").asInt()).isEqualTo(12);
            List<Integer> numbers = new ArrayList<>();
            d.get("attemptLog").forEach(a -> numbers.add(a.get("attempt").asInt()));
            assertThat(numbers).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
            assertThat(d.get("lastError").asText()).contains("gave up after 6 attempts");

            // Replayed once more and taken: attempt 13.
            receiver.script(r -> WebhookReceiver.OK);
            assertThat(api.post(delivery + event + "/replay", Map.of()).status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    "delivered".equals(api.get(delivery + event).json().get("status").asText()));
            JsonNode done = api.get(delivery + event).json();
            assertThat(done.get("attempts").asInt()).isEqualTo(13);
            assertThat(done.at("/attemptLog/12/attempt").asInt()).isEqualTo(13);
        }
    }

    @Test
    void aFailedDeliveryIsNotReplayedAfterALaterVersionTheEndpointHas() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String hook = register(receiver);
            // Version 1 is refused until the relay gives up; version 2 is then taken.
            receiver.script(r -> r.data().get("version").asLong() == 1 ? new Action.Status(500) : WebhookReceiver.OK);
            String quiz = Quizzes.createQuiz(api, "oc-stale", Quizzes.twoQuestions(true));
            assertThat(api.put("/v1/courses/oc-stale/grading-policy", onlyQuizPolicy(quiz)).status()).isEqualTo(200);
            submit(quiz, "fay", true);  // version 1: passed
            submit(quiz, "fay", false); // version 2: failed
            // Recorded as delivered, not only answered, and version 1 as failed.
            await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/v1/webhooks/" + hook
                    + "/deliveries?status=delivered").json().get("items").size() == 1
                    && api.get("/v1/webhooks/" + hook + "/deliveries?status=failed").json().get("items").size() == 1);
            String first = api.get("/v1/webhooks/" + hook + "/deliveries?status=failed").json().at("/items/0/eventId").asText();
            assertThat(receiver.acknowledged().getFirst().data().get("outcome").asText()).isEqualTo("failed");

            // Sent now, "passed" would arrive after "failed" and the receiver would keep it.
            receiver.script(r -> WebhookReceiver.OK);
            Api.Response one = api.post("/v1/webhooks/" + hook + "/deliveries/" + first + "/replay", Map.of());
            assertThat(one.status()).as(one.body()).isEqualTo(409);
            assertThat(one.json().get("field").asText()).isEqualTo("eventId");
            Api.Response failed = api.post("/v1/webhooks/" + hook + "/replay", Map.of());
            assertThat(failed.status()).isEqualTo(202);
            assertThat(failed.json().get("queued").asInt()).isZero();
            assertThat(failed.json().get("superseded").asInt()).isEqualTo(1);
            assertThat(api.get("/v1/webhooks/" + hook + "/deliveries/" + first).json().get("status").asText())
                    .isEqualTo("failed");

            // Replayed with the delivered version, both go again, in order: the receiver ends on "failed".
            Api.Response both = api.post("/v1/webhooks/" + hook + "/replay",
                    Map.of("statuses", List.of("failed", "delivered")));
            assertThat(both.json().get("queued").asInt()).isEqualTo(2);
            // Every answer taken, repeats of an id included (acknowledged() keeps an id's first).
            java.util.function.Supplier<List<Long>> taken = () -> receiver.received().stream()
                    .filter(r -> r.answered() == 200 || r.answered() == 204).map(r -> r.data().get("version").asLong()).toList();
            await().atMost(Duration.ofSeconds(15)).until(() -> taken.get().size() == 3);
            assertThat(taken.get()).containsExactly(2L, 1L, 2L);
        }
    }

    @Test
    void aPassedDeadlineTurnsMissingWorkIntoAFailAndMovingItLaterReopensIt() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            register(receiver);
            String a = Quizzes.createQuiz(api, "oc-due", Quizzes.twoQuestions(true));
            String b = Quizzes.createQuiz(api, "oc-due", Quizzes.twoQuestions(true));
            Map<String, Object> policy = Map.of("categories", List.of(
                            Map.of("id", "a", "weight", 50, "assessments", List.of(a)),
                            Map.of("id", "b", "weight", 50, "assessments", List.of(b))),
                    "passMark", 60);
            assertThat(api.put("/v1/courses/oc-due/grading-policy", policy).status()).isEqualTo(200);
            submit(a, "di", true);
            JsonNode grade = api.get("/v1/courses/oc-due/learners/di/grade").json();
            assertThat(grade.get("outcome").asText()).isEqualTo("pending"); // b is missing but still open

            Api.Response due = api.put("/v1/assessments/" + b + "/deadline", Map.of("dueAt", Instant.now().minusSeconds(60).toString()));
            assertThat(due.status()).as(due.body()).isEqualTo(200);
            assertThat(due.json().get("dueAt").asText()).isNotEmpty();
            assertThat(api.get("/v1/courses/oc-due/learners/di/grade").json().get("outcome").asText()).isEqualTo("failed");
            // The stored grade follows through the outcome sweep, and with it the event.
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.acknowledged().size() == 1);

            Map<String, Object> later = new java.util.HashMap<>();
            later.put("dueAt", Instant.now().plusSeconds(3600).toString());
            assertThat(api.put("/v1/assessments/" + b + "/deadline", later).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.acknowledged().size() == 2);
            List<WebhookReceiver.Received> acked = receiver.acknowledged();
            assertThat(acked.get(0).data().get("outcome").asText()).isEqualTo("failed");
            assertThat(acked.get(1).data().get("outcome").asText()).isEqualTo("pending");
            assertThat(acked.get(1).data().get("change").asText()).isEqualTo("reopened");
        }
    }

    @Test
    void aNewPolicyRecomputesEveryLearnersStoredOutcomeInBatches() throws Exception {
        int learners = 620; // more than one batch of the outcome sweep (500)
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            register(receiver);
            String quiz = Quizzes.createQuiz(api, "oc-policy", Quizzes.twoQuestions(true));
            assertThat(api.put("/v1/courses/oc-policy/grading-policy", onlyQuizPolicy(quiz)).status()).isEqualTo(200);
            var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            try {
                List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
                for (int i = 0; i < learners; i++) {
                    String learner = "p-" + i;
                    // 2 of 3 points: 66.7%, a pass at 60
                    sent.add(pool.submit(() -> assertThat(api.post("/v1/assessments/" + quiz + "/submissions",
                            Map.of("learnerId", learner, "answers", Map.of("q1", "a", "q2", false))).status()).isEqualTo(201)));
                }
                for (var f : sent) {
                    f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.acknowledged().size() == learners);

            // A pass mark of 70 fails them all: one event each, version 2, from the sweep's batches.
            Map<String, Object> stricter = Map.of("categories",
                    List.of(Map.of("id", "quiz", "weight", 100, "assessments", List.of(quiz))), "passMark", 70);
            assertThat(api.put("/v1/courses/oc-policy/grading-policy", stricter).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(60)).until(() -> receiver.acknowledged().size() == 2 * learners);
            List<WebhookReceiver.Received> second = receiver.acknowledged().subList(learners, 2 * learners);
            assertThat(second).allMatch(r -> r.data().get("outcome").asText().equals("failed")
                    && r.data().get("version").asInt() == 2 && r.data().get("policyVersion").asInt() == 2);
            assertThat(api.get("/v1/courses/oc-policy/outcomes?status=failed&limit=200").json().get("items")).hasSize(200);
        }
    }

    @Test
    void aRegradeEmitsTheOutcomesItChangesButNotOverAStaffOverride() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            register(receiver);
            String quiz = Quizzes.createQuiz(api, "oc-regrade", Quizzes.twoQuestions(true));
            Map<String, Object> policy = Map.of("categories",
                    List.of(Map.of("id", "quiz", "weight", 100, "assessments", List.of(quiz))), "passMark", 80);
            assertThat(api.put("/v1/courses/oc-regrade/grading-policy", policy).status()).isEqualTo(200);
            for (String learner : List.of("r1", "r2", "r3")) {
                submit(quiz, learner, true); // 3/3: passed
            }
            String overridden = api.get("/v1/learners/r3/submissions").json().at("/items/0/id").asText();
            assertThat(api.put("/v1/submissions/" + overridden + "/override", Map.of("score", 3, "reason", "viva")).status())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.acknowledged().size() == 3);

            // The new key makes q2 wrong for everyone: 2/3 = 66.7%, below 80.
            assertThat(api.post("/v1/assessments/" + quiz + "/versions", Map.of("definition", Quizzes.twoQuestions(false)))
                    .status()).isEqualTo(201);
            assertThat(api.post("/v1/assessments/" + quiz + "/regrade", Map.of()).status()).isIn(200, 201, 202);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.acknowledged().size() == 5);
            List<WebhookReceiver.Received> regraded = receiver.acknowledged().subList(3, 5);
            assertThat(regraded.stream().map(r -> r.data().get("learnerId").asText())).containsExactlyInAnyOrder("r1", "r2");
            assertThat(regraded).allMatch(r -> r.data().get("outcome").asText().equals("failed")
                    && r.data().get("version").asInt() == 2);
            // The overridden submission keeps its score, with the regraded result stored beneath it.
            Api.Response r3 = api.get("/v1/submissions/" + overridden);
            assertThat(r3.json().get("score").asDouble()).isEqualTo(3.0);
            assertThat(r3.json().get("gradedVersion").asInt()).isEqualTo(2);
            assertThat(api.get("/v1/courses/oc-regrade/learners/r3/grade").json().get("outcome").asText()).isEqualTo("passed");
        }
    }

    @Test
    void aStaffOverrideChangesTheOutcomeUntilRemoved() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            register(receiver);
            String quiz = Quizzes.createQuiz(api, "oc-override", Quizzes.twoQuestions(true));
            assertThat(api.put("/v1/courses/oc-override/grading-policy", onlyQuizPolicy(quiz)).status()).isEqualTo(200);
            Api.Response wrong = api.post("/v1/assessments/" + quiz + "/submissions",
                    Map.of("learnerId", "ed", "answers", Map.of("q1", "b", "q2", false)));
            String submission = wrong.json().get("id").asText();

            Api.Response set = api.put("/v1/submissions/" + submission + "/override",
                    Map.of("score", 3, "reason", "the key was wrong for this cohort", "by", "staff-7"));
            assertThat(set.status()).as(set.body()).isEqualTo(200);
            assertThat(set.json().get("score").asDouble()).isEqualTo(3.0);
            assertThat(set.json().at("/override/by").asText()).isEqualTo("staff-7");
            // The learner sees the score and the reason written for them, not who set it.
            String token = api.post("/v1/learner-tokens", Map.of("learnerId", "ed")).json().get("token").asText();
            var learnerView = api.as(token).get("/v1/submissions/" + submission).json();
            assertThat(learnerView.at("/override/reason").asText()).isEqualTo("the key was wrong for this cohort");
            assertThat(learnerView.at("/override/by").isMissingNode()).isTrue();
            assertThat(api.get("/v1/courses/oc-override/learners/ed/grade").json().get("outcome").asText()).isEqualTo("passed");

            Api.Response cleared = api.send(api.request("/v1/submissions/" + submission + "/override").DELETE().build());
            assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
            assertThat(cleared.json().get("score").asDouble()).isZero();
            assertThat(cleared.json().has("override")).isFalse();

            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.acknowledged().size() == 3);
            assertThat(receiver.acknowledged().stream().map(r -> r.data().get("outcome").asText()))
                    .containsExactly("failed", "passed", "failed");

            assertThat(field(api.put("/v1/submissions/" + submission + "/override", Map.of("score", 4, "reason", "x"))))
                    .isEqualTo("score");
            assertThat(field(api.put("/v1/submissions/" + submission + "/override", Map.of("score", 1)))).isEqualTo("reason");
            assertThat(api.put("/v1/submissions/" + java.util.UUID.randomUUID() + "/override",
                    Map.of("score", 1, "reason", "x")).status()).isEqualTo(404);
        }
    }

    @Test
    void badWebhookAndOutcomeRequestsNameTheField() {
        assertThat(field(api.post("/v1/webhooks", Map.of("url", "ftp://example.test/x")))).isEqualTo("url");
        // Found in QA: accepted, then every attempt threw in the relay (see WebhookRelayFairnessTest).
        assertThat(field(api.post("/v1/webhooks", Map.of("url", "http://127.0.0.1:99999/hook")))).isEqualTo("url");
        assertThat(field(api.post("/v1/webhooks", Map.of("url", "http://127.0.0.1:0/hook")))).isEqualTo("url");
        assertThat(field(api.post("/v1/webhooks", Map.of("description", "no url")))).isEqualTo("url");
        assertThat(field(api.post("/v1/webhooks", Map.of("url", "http://127.0.0.1:9/x", "secret", "mine")))).isEqualTo("secret");
        assertThat(api.get("/v1/webhooks/" + java.util.UUID.randomUUID()).status()).isEqualTo(404);
        assertThat(api.get("/v1/webhooks/not-a-uuid").status()).isEqualTo(404);
        Quizzes.createQuiz(api, "oc-bad", Quizzes.twoQuestions(true));
        assertThat(field(api.get("/v1/courses/oc-bad/outcomes?status=won"))).isEqualTo("status");
        // Read as "passed" alone before (found in QA): a parameter is given once.
        assertThat(field(api.get("/v1/courses/oc-bad/outcomes?status=passed&status=failed"))).isEqualTo("status");
        assertThat(field(api.get("/v1/courses/oc-bad/outcome-events?since=yesterday"))).isEqualTo("since");
        assertThat(api.get("/v1/courses/no-such-course/outcomes").status()).isEqualTo(404);
        String quiz = Quizzes.createQuiz(api, "oc-bad", Quizzes.twoQuestions(true));
        assertThat(field(api.put("/v1/assessments/" + quiz + "/deadline", Map.of("dueAt", "tomorrow")))).isEqualTo("dueAt");
        assertThat(field(api.put("/v1/assessments/" + quiz + "/deadline", Map.of()))).isEqualTo("dueAt");
        assertThat(field(api.put("/v1/assessments/" + quiz + "/deadline", Map.of("dueAt", "+99999-01-01T00:00:00Z"))))
                .isEqualTo("dueAt");
    }

    private String field(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.header("content-type")).startsWith("application/problem+json");
        return r.json().at("/errors/0/field").asText();
    }

    @Test
    void aRotatedSecretKeepsSigningBesideTheNewOneUntilItsOverlapEnds() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String hook = register(receiver);
            String original = receiver.secret();
            String quiz = Quizzes.createQuiz(api, "oc-rotate", Quizzes.twoQuestions(true));
            assertThat(api.put("/v1/courses/oc-rotate/grading-policy", onlyQuizPolicy(quiz)).status()).isEqualTo(200);

            Api.Response rotated = api.patch("/v1/webhooks/" + hook, Map.of("rotateSecret", true));
            assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
            String second = rotated.json().get("secret").asText();
            Instant until = Instant.parse(rotated.json().get("previousSecretUntil").asText());
            assertThat(until).isBetween(Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));

            // The receiver has not deployed the new secret yet: deliveries still verify with the old one...
            submit(quiz, "rot1", true);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.acknowledged().size() == 1);
            assertThat(receiver.acknowledged().get(0).signatureValid()).isTrue();
            // ...and with the new one once it has.
            receiver.secret(second);
            submit(quiz, "rot2", true);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.acknowledged().size() == 2);
            assertThat(receiver.acknowledged().get(1).signatureValid()).isTrue();

            // Rotated again within the overlap: both secrets rotated out still sign, the first as well.
            Api.Response again = api.patch("/v1/webhooks/" + hook, Map.of("rotateSecret", true));
            assertThat(again.status()).isEqualTo(200);
            receiver.secret(original);
            submit(quiz, "rot2b", true);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.acknowledged().size() == 3);
            assertThat(receiver.acknowledged().get(2).signatureValid()).as("the secret rotated out first").isTrue();
            receiver.secret(second);

            // A leaked secret is rotated without overlap: every one before stops signing at once.
            Api.Response cut = api.patch("/v1/webhooks/" + hook, Map.of("rotateSecret", true, "previousSecretHours", 0));
            assertThat(cut.json().get("previousSecretUntil").isNull()).isTrue();
            submit(quiz, "rot3", true);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.acknowledged().size() == 4);
            assertThat(receiver.acknowledged().get(3).signatureValid()).as("signed by the new secret only").isFalse();
            receiver.secret(cut.json().get("secret").asText());
            submit(quiz, "rot4", true);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.acknowledged().size() == 5);
            assertThat(receiver.acknowledged().get(4).signatureValid()).isTrue();

            assertThat(field(api.patch("/v1/webhooks/" + hook, Map.of("previousSecretHours", 2))))
                    .isEqualTo("previousSecretHours");
            assertThat(field(api.patch("/v1/webhooks/" + hook, Map.of("rotateSecret", true, "previousSecretHours", 999))))
                    .isEqualTo("previousSecretHours");
        }
    }
}
