package dev.assay.engine.webhooks;

import dev.assay.engine.store.DeliveryStore;
import dev.assay.engine.store.DeliveryStore.Due;
import dev.assay.engine.testing.TestDatabase;
import dev.assay.engine.testing.WebhookReceiver;
import dev.assay.engine.testing.WebhookReceiver.Action;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The relay against real PostgreSQL and real loopback receivers: one that never answers, one that does. */
class WebhookRelayFairnessTest {
    private static final String PLATFORM = "00000000-0000-0000-0000-000000000001";
    private static final String SECRET = "whsec_dGVzdA==";

    TestDatabase db;
    Vertx vertx;
    DeliveryStore store;

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
        vertx = db.vertx();
        store = new DeliveryStore(db.pool());
        sql("INSERT INTO platforms(id, name, key_hash, token_secret) VALUES ('" + PLATFORM + "', 'p', 'k', 's')");
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    private void sql(String statements) throws Exception {
        db.sql(statements);
    }

    private Map<String, Integer> attemptsByEvent(UUID endpoint) throws Exception {
        Map<String, Integer> out = new java.util.HashMap<>();
        for (String row : db.column("SELECT event_id || ' ' || attempts FROM webhook_deliveries WHERE endpoint_id = '"
                + endpoint + "'")) {
            String[] parts = row.split(" ");
            out.put(parts[0], Integer.parseInt(parts[1]));
        }
        return out;
    }

    private UUID endpoint(String url) throws Exception {
        UUID id = UUID.randomUUID();
        sql("INSERT INTO webhook_endpoints(id, platform_id, url, secret) VALUES ('%s', '%s', '%s', '%s')"
                .formatted(id, PLATFORM, url, SECRET));
        return id;
    }

    /** {@code n} outcome events of distinct learners, each with a delivery to {@code endpoint} due {@code dueAt}. */
    private void deliveries(UUID endpoint, String learnerPrefix, int n, String dueAt) throws Exception {
        sql("""
                WITH e AS (
                    INSERT INTO outcome_events(id, platform_id, course_id, learner_id, version, outcome, payload)
                    SELECT gen_random_uuid(), '%2$s', 'c', '%3$s' || i, 1, 'passed', jsonb_build_object('learner', '%3$s' || i)
                    FROM generate_series(1, %4$d) i
                    RETURNING id, seq, learner_id)
                INSERT INTO webhook_deliveries(endpoint_id, event_id, seq, platform_id, course_id, learner_id, version, next_attempt_at)
                SELECT '%1$s', e.id, e.seq, '%2$s', 'c', e.learner_id, 1, %5$s FROM e
                """.formatted(endpoint, PLATFORM, learnerPrefix, n, dueAt));
    }

    @Test
    void aHangingEndpointsBacklogDoesNotHoldUpAHealthyEndpoint() throws Exception {
        try (WebhookReceiver hanging = new WebhookReceiver(); WebhookReceiver healthy = new WebhookReceiver()) {
            hanging.script(r -> new Action.Hang());
            healthy.secret(SECRET);
            UUID dead = endpoint(hanging.url());
            UUID live = endpoint(healthy.url());
            // The hanging endpoint's backlog has been due for an hour, so oldest-first alone would send it all first.
            deliveries(dead, "h", 200, "now() - interval '1 hour'");
            deliveries(live, "g", 20, "now()");
            // 8 open requests, 500 ms each for the hanging receiver: its backlog alone would take 12.5 s to get through.
            DeliveryConfig config = new DeliveryConfig(500, 60_000, 60_000, 20, 8, 50);
            String deployment = vertx.deployVerticle(new WebhookRelay(store, config)).await(10, TimeUnit.SECONDS);

            await().atMost(Duration.ofSeconds(3)).until(() -> healthy.acknowledgedCount() == 20);
            assertThat(healthy.received()).allMatch(WebhookReceiver.Received::signatureValid);

            // The hanging lane keeps its share busy; what it cannot send before its lease could run out is handed back
            // and claimed again, never sent twice (a retry is a minute away here, so any repeat would be a duplicate).
            await().atMost(Duration.ofSeconds(15)).until(() -> hanging.held().size() >= 60);
            List<String> sent = hanging.held().stream().map(WebhookReceiver.Received::id).toList();
            assertThat(sent).doesNotHaveDuplicates();

            vertx.undeploy(deployment).await(10, TimeUnit.SECONDS);
            hanging.release();
            // Stopping hands back what was queued: no delivery counts an attempt that never reached the receiver,
            // beyond the few requests that were still on their way when the relay stopped.
            java.util.Set<String> reached = hanging.held().stream().map(WebhookReceiver.Received::id)
                    .collect(Collectors.toSet());
            Map<String, Integer> attempts = attemptsByEvent(dead);
            long counted = attempts.entrySet().stream().filter(e -> e.getValue() > 0)
                    .filter(e -> !reached.contains(e.getKey())).count();
            assertThat(counted).isLessThanOrEqualTo(config.maxInFlight());
            assertThat(attempts.values()).allMatch(a -> a <= 1);
        }
    }

    @Test
    void anEndpointWhoseUrlCannotBeUsedFailsItsOwnAttemptsAndHoldsUpNoOne() throws Exception {
        // Found in QA: a port out of range made every attempt throw out of the relay's loop, each leaving an open
        // request counted; once they filled the node's share, nothing was sent to any endpoint until a restart.
        try (WebhookReceiver healthy = new WebhookReceiver()) {
            healthy.secret(SECRET);
            UUID broken = endpoint("http://127.0.0.1:99999/hook"); // stored before the API refused such URLs
            UUID live = endpoint(healthy.url());
            deliveries(broken, "b", 40, "now() - interval '1 hour'");
            // 8 open requests: the broken endpoint's 40 attempts are five times the relay's share of them.
            DeliveryConfig config = new DeliveryConfig(2_000, 60_000, 60_000, 20, 8, 50);
            String deployment = vertx.deployVerticle(new WebhookRelay(store, config)).await(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> attemptsByEvent(broken).values().stream()
                    .allMatch(a -> a == 1));
            deliveries(live, "g", 20, "now()");

            await().atMost(Duration.ofSeconds(10)).until(() -> healthy.acknowledgedCount() == 20);
            // Each broken attempt is on record with why, for staff reading the delivery log.
            assertThat(db.column("SELECT last_error FROM webhook_deliveries WHERE endpoint_id = '" + broken + "'"))
                    .hasSize(40).allSatisfy(error -> assertThat(error).contains("endpoint URL cannot be used"));
            vertx.undeploy(deployment).await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void onlyTheLatestAttemptDecidesSoALateTimeoutCannotUndoADelivery() throws Exception {
        UUID endpoint = endpoint("http://127.0.0.1:9/hooks");
        deliveries(endpoint, "r", 1, "now()");
        Due first = store.claim(10, 60_000, List.of()).await().get(0);
        // Staff replay the event while the first attempt is still waiting for its answer: a second claim.
        sql("UPDATE webhook_deliveries SET next_attempt_at = now(), attempts_before_replay = attempts");
        Due second = store.claim(10, 60_000, List.of()).await().get(0);
        assertThat(second.attempt()).isEqualTo(2);
        // The replay's attempt is answered 200 as the first one times out; both are recorded in one batch.
        store.record(List.of(
                new DeliveryStore.Attempted(first, DeliveryStore.Verdict.RETRY, null, "no answer within 10000 ms", 10_000,
                        java.time.Instant.now().plusSeconds(5)),
                new DeliveryStore.Attempted(second, DeliveryStore.Verdict.DELIVERED, 200, null, 5, null)))
                .await(10, TimeUnit.SECONDS);
        assertThat(db.column("SELECT status FROM webhook_deliveries")).containsExactly("delivered");
        assertThat(db.column("SELECT count(*) FROM webhook_attempts")).containsExactly("2"); // both are in the log
        // And in the other order, in two batches, the same.
        store.record(List.of(new DeliveryStore.Attempted(first, DeliveryStore.Verdict.RETRY, null, "late", 1,
                java.time.Instant.now().plusSeconds(5)))).await(10, TimeUnit.SECONDS);
        assertThat(db.column("SELECT status FROM webhook_deliveries")).containsExactly("delivered");
    }

    @Test
    void aClaimTakesEachEndpointsDueDeliveriesInTurn() throws Exception {
        UUID busy = endpoint("http://127.0.0.1:9/busy");
        UUID quiet = endpoint("http://127.0.0.1:9/quiet");
        deliveries(busy, "b", 50, "now() - interval '1 hour'");
        deliveries(quiet, "q", 3, "now()");
        List<Due> claimed = store.claim(6, 60_000, List.of()).await();
        assertThat(claimed).extracting(Due::endpointId).containsOnly(busy, quiet);
        assertThat(claimed.stream().filter(d -> d.endpointId().equals(quiet))).hasSize(3);
    }

    @Test
    void aHandedBackDeliveryIsDueAtOnceWithItsAttemptUncountedButOnlyWhileTheClaimIsTheLatest() throws Exception {
        UUID endpoint = endpoint("http://127.0.0.1:9/hooks");
        deliveries(endpoint, "l", 3, "now()");
        Function<Integer, List<Due>> claim = n -> store.claim(n, 60_000, List.of()).await();

        List<Due> first = claim.apply(10);
        assertThat(first).hasSize(3).allMatch(d -> d.attempt() == 1);
        assertThat(claim.apply(10)).isEmpty(); // leased for a minute

        store.release(first).await(10, TimeUnit.SECONDS);
        assertThat(attemptsByEvent(endpoint).values()).containsOnly(0);
        List<Due> second = claim.apply(10);
        assertThat(second).hasSize(3).allMatch(d -> d.attempt() == 1);

        // A hand-back from the earlier claim must not undo the later one.
        store.release(first).await(10, TimeUnit.SECONDS);
        assertThat(attemptsByEvent(endpoint).values()).containsOnly(1);
        assertThat(claim.apply(10)).isEmpty();

        // A full endpoint is left out of the claim.
        store.release(second).await(10, TimeUnit.SECONDS);
        assertThat(store.claim(10, 60_000, List.of(endpoint)).await()).isEmpty();
        assertThat(claim.apply(10)).hasSize(3);
    }
}
