package dev.assay.engine.store;

import dev.assay.engine.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reading a course's completed essays a piece at a time: each read returns what completed since the one before,
 * including a completion whose transaction was still open during that read, and a read from the latest horizon
 * returns nothing once no transaction is open.
 */
class EssayCompletionsTest {
    TestDatabase db;
    EssayStore store;

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
        store = new EssayStore(db.pool());
        db.assessment("00000000-0000-0000-0000-0000000000e1", "essay");
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    private UUID essay(String learner) throws Exception {
        UUID id = UUID.randomUUID();
        db.sql("""
                INSERT INTO submissions(id, platform_id, assessment_id, course_id, learner_id, request_hash, response, status,
                                        submitted_version)
                VALUES ('%s', '00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000e1', 'c', '%s',
                        'h', '{"text": "t"}', 'accepted', 1)""".formatted(id, learner));
        return id;
    }

    private static String complete(UUID id) {
        return "UPDATE submissions SET status = 'graded', graded_version = 1, completed_xid = pg_current_xact_id() "
                + "WHERE id = '" + id + "'";
    }

    private EssayStore.Completed read(String after) throws Exception {
        return store.completedEssays(UUID.fromString("00000000-0000-0000-0000-000000000001"), "c", after)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void eachReadReturnsWhatCompletedSinceTheLastOneEvenWhenItCommittedLate() throws Exception {
        UUID early = essay("ann");
        UUID slow = essay("bob");
        UUID later = essay("cy");
        UUID dee = essay("dee"); // never completed
        db.sql(complete(early));

        // bob's completion is under way (its transaction open) while the first read runs.
        SqlConnection conn = db.pool().getConnection().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            Transaction tx = conn.begin().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            conn.query(complete(slow)).execute().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            EssayStore.Completed first = read(null);
            assertThat(first.ids()).containsExactly(early);
            tx.commit().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

            db.sql(complete(later));
            EssayStore.Completed second = read(first.horizon());
            assertThat(second.ids()).as("what completed since, bob's late commit included").contains(slow, later);

            // A read may repeat what completed while any transaction of the server was open (another test's, say):
            // the horizon is the oldest open one. Once none is, a read from the latest horizon returns nothing.
            AtomicReference<String> horizon = new AtomicReference<>(second.horizon());
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                EssayStore.Completed next = read(horizon.get());
                assertThat(next.ids()).as("only what the reads before returned").isSubsetOf(second.ids())
                        .doesNotContain(dee);
                horizon.set(next.horizon());
                return next.ids().isEmpty();
            });
        } finally {
            conn.close();
        }
    }
}
