package dev.assay.engine.store;

import dev.assay.engine.testing.TestDatabase;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A claim that cannot finish gives up after its timeout instead of holding the relay (and the rows it has locked).
 * The case that needed it: right after an outbox surge the statistics still say nothing is pending, and the plan made
 * from them checked each learner's earlier versions by scanning every pending delivery, once per row; one such claim
 * ran for minutes. After a timeout the store refreshes the statistics, so the next claim is planned for the table as
 * it is. Here the claim is held up by a lock instead, which makes the timeout certain rather than a matter of plans.
 */
class DeliveryClaimPlanTest {
    static final Duration TIMEOUT = Duration.ofMillis(300);

    TestDatabase db;

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
        db.sql("""
                INSERT INTO platforms(id, name, key_hash, token_secret) VALUES ('00000000-0000-0000-0000-000000000001', 'p', 'k', 's');
                INSERT INTO webhook_endpoints(id, platform_id, url, secret)
                  VALUES ('00000000-0000-0000-0000-0000000000f1', '00000000-0000-0000-0000-000000000001', 'http://127.0.0.1:9/', 's');
                INSERT INTO outcome_events(id, platform_id, course_id, learner_id, version, outcome, payload)
                SELECT md5('e' || i)::uuid, '00000000-0000-0000-0000-000000000001', 'c', 'l' || i, 2, 'failed', '{}'
                FROM generate_series(1, 10) i;
                INSERT INTO webhook_deliveries(endpoint_id, event_id, seq, platform_id, course_id, learner_id, version)
                SELECT '00000000-0000-0000-0000-0000000000f1', md5('e' || i)::uuid, i,
                       '00000000-0000-0000-0000-000000000001', 'c', 'l' || i, 2
                FROM generate_series(1, 10) i;
                """);
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aClaimThatCannotFinishGivesUpAndRefreshesTheStatistics() throws Exception {
        DeliveryStore store = new DeliveryStore(db.pool(), TIMEOUT);
        SqlConnection blocker = await(db.pool().getConnection());
        try {
            await(blocker.query("BEGIN").execute());
            await(blocker.query("LOCK TABLE outcome_events IN ACCESS EXCLUSIVE MODE").execute());
            String rows = "SELECT reltuples::int FROM pg_class WHERE relname = 'webhook_deliveries'";
            assertThat(db.column(rows)).as("never analysed").containsExactly("-1");
            assertThatThrownBy(() -> await(store.claim(128, 60_000, List.of())))
                    .isInstanceOf(ExecutionException.class).hasMessageContaining("timed out");
            assertThat(db.column(rows)).as("analysed after the timeout").containsExactly("10");
            await(blocker.query("ROLLBACK").execute());
        } finally {
            blocker.close();
        }
        assertThat(await(store.claim(128, 60_000, List.of()))).as("nothing was claimed by the claim that gave up")
                .hasSize(10);
    }
}
