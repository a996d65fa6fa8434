package dev.assay.engine.store;

import dev.assay.engine.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which accepted submissions the sweep hands to the pool again: never-dispatched ones after one lease even while
 * the pool is busy, dispatched ones only once the pool has stopped making progress, and anything after ten leases.
 */
class SubmissionSweepTest {
    static final long LEASE_MS = 1_000_000; // 1,000 s: "an hour ago" is past one lease but not ten

    TestDatabase db;
    SubmissionStore store;

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
        store = new SubmissionStore(db.pool(), new dev.assay.engine.store.CourseGradeStore());
        db.assessment("00000000-0000-0000-0000-0000000000a1", "code");
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    private void sql(String statements) throws Exception {
        db.sql(statements);
    }

    private UUID submission(String status, String enqueuedAgo, String dispatchedAgo) throws Exception {
        UUID id = UUID.randomUUID();
        sql("""
                INSERT INTO submissions(id, platform_id, assessment_id, course_id, learner_id, request_hash, response, status,
                                        submitted_version, enqueued_at, dispatched_at)
                VALUES ('%s', '00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', 'c', 'l',
                        'h', '{}', '%s', 1, now() - interval '%s', %s)""".formatted(id, status, enqueuedAgo,
                dispatchedAgo == null ? "NULL" : "now() - interval '" + dispatchedAgo + "'"));
        return id;
    }

    private List<UUID> claim() throws Exception {
        return store.leases().claimStale(LEASE_MS, 100).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void neverDispatchedWorkIsReclaimedEvenWhileThePoolIsBusy() throws Exception {
        UUID lostHandOff = submission("accepted", "1 hour", null);
        UUID queued = submission("accepted", "1 hour", "1 hour");
        UUID ancient = submission("accepted", "3 hours", "3 hours");
        UUID fresh = submission("accepted", "1 second", null);
        submission("graded", "3 hours", null);
        UUID busy = submission("graded", "1 minute", null);
        sql("INSERT INTO grading_results(submission_id, version, score, max_score, result, graded_by) "
                + "VALUES ('" + busy + "', 1, 1, 1, '{}', 'member-a')"); // the pool stored a result just now

        assertThat(claim()).containsExactlyInAnyOrder(lostHandOff, ancient);
        assertThat(claim()).as("a claim renews the lease").isEmpty();

        sql("UPDATE grading_results SET graded_at = now() - interval '2 hours'"); // the pool went quiet
        assertThat(claim()).containsExactly(queued);
        assertThat(claim()).doesNotContain(fresh);
    }

    @Test
    void workAWorkerIsGradingIsLeftAloneUntilItsHeartbeatIsALeaseOld() throws Exception {
        UUID beating = submission("accepted", "3 hours", "3 hours");
        UUID stopped = submission("accepted", "3 hours", "3 hours");
        store.leases().heartbeat(beating).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        sql("UPDATE submissions SET grading_heartbeat_at = now() - interval '2 hours' WHERE id = '" + stopped + "'");

        assertThat(claim()).as("the worker that beat two hours ago is gone").containsExactly(stopped);
        sql("UPDATE submissions SET grading_heartbeat_at = now() - interval '1 hour', enqueued_at = now() - interval '3 hours'"
                + " WHERE id = '" + beating + "'");
        assertThat(claim()).containsExactly(beating);
    }

    @Test
    void regradeItemsAWorkerIsRegradingAreLeftAloneUntilTheirHeartbeatIsALeaseOld() throws Exception {
        UUID first = submission("graded", "3 hours", null);
        UUID second = submission("graded", "3 hours", null);
        UUID regrade = UUID.randomUUID();
        sql("""
                INSERT INTO regrades(id, platform_id, assessment_id, to_version, total)
                  VALUES ('%1$s', '00000000-0000-0000-0000-000000000001', '00000000-0000-0000-0000-0000000000a1', 2, 2);
                INSERT INTO regrade_items(regrade_id, submission_id, enqueued_at) VALUES
                  ('%1$s', '%2$s', now() - interval '1 hour'), ('%1$s', '%3$s', now() - interval '1 hour');
                """.formatted(regrade, first, second));
        RegradeStore regrades = new RegradeStore(db.pool(), new CourseGradeStore());
        regrades.heartbeat(regrade, List.of(first)).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertThat(regrades.claimStale(LEASE_MS, 100).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .extracting(RegradeStore.ItemKey::submissionId).containsExactly(second);
    }
}
