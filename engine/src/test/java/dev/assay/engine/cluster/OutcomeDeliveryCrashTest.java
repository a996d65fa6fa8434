package dev.assay.engine.cluster;

import dev.assay.engine.store.Database;
import dev.assay.engine.store.PlatformAdmin;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.NodeProcess;
import dev.assay.engine.testing.Quizzes;
import dev.assay.engine.testing.TestPostgres;
import dev.assay.engine.testing.WebhookReceiver;
import dev.assay.engine.testing.WebhookReceiver.Action;
import dev.assay.engine.testing.WebhookReceiver.Received;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The delivery guarantee under failure: a real receiver on loopback refuses, times out and answers 410 at chosen
 * moments, and the engine JVM is SIGKILLed while outcome events are committed but not yet delivered. A new node on
 * the same database must deliver every committed event, each learner's in version order, with valid signatures,
 * and nothing that was not committed.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class OutcomeDeliveryCrashTest {
    static final int LEARNERS = 12;
    static final String[] WEBHOOK_TIMING = {"--webhook-timeout-ms", "1000", "--webhook-backoff-ms", "200",
            "--webhook-max-backoff-ms", "800", "--webhook-attempts", "100"};

    private NodeProcess first;
    private NodeProcess second;

    @AfterEach
    void stopNodes() {
        NodeProcess.closeAll(second, first);
    }

    @Test
    void everyCommittedOutcomeArrivesInOrderAcrossFailuresAndACrash() throws Exception {
        String pgUrl = TestPostgres.freshDatabase();
        Database.PgLocation pg = Database.PgLocation.parse(pgUrl);
        first = NodeProcess.start(NodeProcess.Spec.standalone("outbox-first", pgUrl, 2000).withArgs(WEBHOOK_TIMING));
        String key = PlatformAdmin.create(pg, "outbox-" + UUID.randomUUID()).apiKey();
        Api api = first.api(key);

        try (WebhookReceiver certification = new WebhookReceiver(); WebhookReceiver leaving = new WebhookReceiver()) {
            certification.secret(register(api, certification));
            leaving.secret(register(api, leaving));
            // The certification receiver refuses every 4th request and leaves every 7th unanswered (timeout).
            AtomicInteger requests = new AtomicInteger();
            AtomicReference<Action> mode = new AtomicReference<>();
            certification.script(r -> {
                if (mode.get() != null) {
                    return mode.get();
                }
                int n = requests.incrementAndGet();
                return n % 4 == 0 ? new Action.Status(500) : n % 7 == 0 ? new Action.Hang() : WebhookReceiver.OK;
            });
            // The other endpoint takes three events, then answers 410 Gone for good.
            AtomicInteger taken = new AtomicInteger();
            leaving.script(r -> taken.incrementAndGet() <= 3 ? WebhookReceiver.OK : new Action.Status(410));

            String quiz = Quizzes.createQuiz(api, "outbox", Quizzes.twoQuestions(true));
            Api.Response policy = api.put("/v1/courses/outbox/grading-policy", Map.of(
                    "categories", List.of(Map.of("id", "quiz", "weight", 100, "assessments", List.of(quiz))),
                    "passMark", 60, "attempts", "latest"));
            assertThat(policy.status()).as(policy.body()).isEqualTo(200);

            // Each learner passes, fails, passes (the latest attempt counts): three outcome events, versions 1 to 3.
            for (int round = 0; round < 3; round++) {
                for (int l = 0; l < LEARNERS; l++) {
                    submit(api, quiz, "learner-" + l, round % 2 == 0);
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> certification.acknowledged().size() == LEARNERS * 3);
            // By now the other endpoint has answered 410 and been disabled. Requests already in flight to it when
            // the first 410 came may still land; after it is disabled nothing more may, crash and restart included.
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/v1/webhooks").json().get("items")
                    .findValuesAsText("enabled").contains("false"));
            int sentToGone = leaving.received().size();

            // Now the receiver stops answering: the next events commit but cannot be delivered. Kill the node while
            // deliveries of these are in flight.
            mode.set(new Action.Hang());
            for (int l = 0; l < LEARNERS; l++) {
                submit(api, quiz, "learner-" + l, false); // version 4: failed
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> certification.held().stream()
                    .anyMatch(r -> r.data().get("version").asLong() == 4));
            first.kill();

            mode.set(null);
            certification.release();
            second = NodeProcess.start(NodeProcess.Spec.standalone("outbox-second", pgUrl, 2000).withArgs(WEBHOOK_TIMING));
            Map<String, String> committed = committedEvents(pg);
            assertThat(committed).hasSize(LEARNERS * 4);
            await().atMost(Duration.ofSeconds(120)).until(() -> certification.acknowledged().size() == committed.size());

            // Every committed event arrived, with the committed body and a valid signature; nothing else arrived.
            List<Received> all = certification.received();
            assertThat(all).allMatch(Received::signatureValid);
            assertThat(all).allSatisfy(r -> assertThat(committed).containsKey(r.id()));
            assertThat(all).allSatisfy(r -> assertThat(r.body()).isEqualTo(committed.get(r.id())));
            Set<String> acked = new HashSet<>();
            certification.acknowledged().forEach(r -> acked.add(r.id()));
            assertThat(acked).isEqualTo(committed.keySet());

            // Each learner's events were first sent in version order 1, 2, 3, 4 (retries repeat, never reorder).
            Map<String, List<Long>> order = new HashMap<>();
            Set<String> firstSends = new HashSet<>();
            for (Received r : all) {
                if (firstSends.add(r.id())) {
                    order.computeIfAbsent(r.data().get("learnerId").asText(), k -> new ArrayList<>())
                            .add(r.data().get("version").asLong());
                }
            }
            assertThat(order).hasSize(LEARNERS);
            order.values().forEach(versions -> assertThat(versions).containsExactly(1L, 2L, 3L, 4L));

            // The endpoint that answered 410 took three events and got nothing after it was disabled.
            List<Received> gone = leaving.received();
            assertThat(gone).hasSize(sentToGone);
            assertThat(gone.stream().filter(r -> r.answered() == 204)).hasSize(3);
            assertThat(gone.stream().filter(r -> r.answered() == 410)).hasSize(gone.size() - 3).isNotEmpty();
            var endpoints = second.api(key).get("/v1/webhooks").json().get("items");
            assertThat(endpoints.findValuesAsText("enabled")).containsExactlyInAnyOrder("true", "false");
        }
    }

    private static String register(Api api, WebhookReceiver receiver) {
        Api.Response hook = api.post("/v1/webhooks", Map.of("url", receiver.url()));
        assertThat(hook.status()).as(hook.body()).isEqualTo(201);
        return hook.json().get("secret").asText();
    }

    private static void submit(Api api, String quiz, String learner, boolean right) {
        Map<String, Object> answers = right ? Map.of("q1", "a", "q2", true) : Map.of("q1", "b", "q2", false);
        Api.Response r = api.post("/v1/assessments/" + quiz + "/submissions", Map.of("learnerId", learner, "answers", answers));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    /** Every outcome event the store committed, by id, with its body. */
    private static Map<String, String> committedEvents(Database.PgLocation pg) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT id, payload::text FROM outcome_events")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }
}
