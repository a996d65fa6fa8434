package dev.assay.engine.store;

import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.Quizzes;
import dev.assay.engine.testing.NodeStore;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The spare room of reviewers past the requirement, against the node's PostgreSQL: a small course is read exactly at
 * every request; a large one decides on a reading, spends it a unit per grant down to the reserve, and reads again
 * in the background once the reading is old.
 */
class SpareRoomTest {
    static NodeStore nodeStore;
    static Api platform;
    static Pool pool;

    @BeforeAll
    static void start() throws Exception {
        nodeStore = NodeStore.start();
        platform = nodeStore.node().newPlatform("spare-room");
        pool = nodeStore.pool();
    }

    @AfterAll
    static void stop() throws Exception {
        nodeStore.close();
    }

    @Test
    void a_small_course_is_read_at_every_request() throws Exception {
        UUID id = assessment("spare-small", 10);
        var spare = new SpareRoom(pool);
        // 10 learners, k + extra = 4, 3 required: room 40, owed 30, one submission's room kept: 6 spare.
        assertThat(spare.take(id, 4, 3).await(30, TimeUnit.SECONDS)).isTrue();
        setLoads(id, 4);
        assertThat(spare.take(id, 4, 3).await(30, TimeUnit.SECONDS)).as("no room left, seen at once").isFalse();
    }

    @Test
    void a_large_course_spends_a_reading_and_reads_again_when_it_is_old() throws Exception {
        int learners = SpareRoom.LARGE;
        UUID id = assessment("spare-large", learners);
        var spare = new SpareRoom(pool);
        // room 4 × 500, owed 3 × 500, less one submission's room: 496 spare. A fresh reading keeps back
        // little; what it keeps grows with its age, up to the reserve.
        long spareRoom = 4L * learners - 3L * learners - 4;
        long granted = 0;
        while (spare.take(id, 4, 3).await(30, TimeUnit.SECONDS)) {
            granted++;
            if (granted == 1) {
                // The store now has no room at all: the reading in hand still decides.
                setLoads(id, 4);
            }
        }
        // Read moments ago, the reading keeps back less than the full reserve, and at least one unit.
        assertThat(granted).isGreaterThan(spareRoom - SpareRoom.reserve(4)).isLessThan(spareRoom);

        // Room again; once the reading is old, a request starts a read in the background and later ones see it.
        setLoads(id, 0);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> spare.take(id, 4, 3).await(30, TimeUnit.SECONDS));
    }

    @Test
    void in_a_large_course_a_batch_serves_reviewers_past_the_requirement_out_of_the_reading() throws Exception {
        UUID id = assessment("spare-batch", SpareRoom.LARGE);
        var spare = new SpareRoom(pool);
        var batches = new LeaseBatchStore(pool, spare);
        // Learner 1 has given the 3 reviews required (of learners 2-4's work); learner 5 owes them all.
        for (int author = 2; author <= 4; author++) {
            pool.preparedQuery("""
                            INSERT INTO peer_reviews(id, assessment_id, submission_id, reviewer_id, expires_at, completed_at, total)
                            SELECT gen_random_uuid(), assessment_id, id, 'spare-batch-1', now() + interval '1 hour', now(), 1
                            FROM submissions WHERE assessment_id = $1 AND learner_id = $2""")
                    .execute(Tuple.of(id, "spare-batch-" + author)).await(30, TimeUnit.SECONDS);
        }
        int version = pool.preparedQuery("SELECT version FROM peer_review_configs WHERE assessment_id = $1")
                .execute(Tuple.of(id)).await(30, TimeUnit.SECONDS).iterator().next().getInteger(0);
        var policy = new dev.assay.peerreview.assignment.AssignmentPolicy(3, 1);
        java.util.function.Function<String, PeerLeaseStore.Ask> ask = learner -> new PeerLeaseStore.Ask(id, version,
                learner, List.of(learner), policy, 3, Duration.ofHours(1));

        // No reading yet: the one past the requirement is left to ask alone, the one who owes is served.
        var first = batches.next(List.of(ask.apply("spare-batch-1"), ask.apply("spare-batch-5")), Map.of())
                .await(30, TimeUnit.SECONDS);
        assertThat(first.keySet()).containsExactly("spare-batch-5");

        assertThat(spare.take(id, 4, 3).await(30, TimeUnit.SECONDS)).isTrue();
        var second = batches.next(List.of(ask.apply("spare-batch-1")), Map.of()).await(30, TimeUnit.SECONDS);
        assertThat(second.get("spare-batch-1")).isInstanceOf(PeerLeaseStore.Next.Leased.class);
    }

    /** A peer-reviewed quiz (k = 3, extra = 1, 3 required) with {@code learners} submissions, copied by SQL. */
    private static UUID assessment(String name, int learners) throws Exception {
        String id = Quizzes.createQuiz(platform, name, Quizzes.twoQuestions(true));
        assertThat(platform.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", name + "-0", "answers", Map.of("q1", "a", "q2", true))).status()).isEqualTo(201);
        var config = Map.of(
                "rubric", Map.of("criteria", List.of(Map.of("id", "c", "levels", List.of(
                        Map.of("points", 0), Map.of("points", 1), Map.of("points", 2))))),
                "reviewsPerSubmission", 3, "extraReviews", 1, "model", "median",
                "reviewDeadline", Instant.now().plusSeconds(86_400).toString());
        assertThat(platform.put("/v1/assessments/" + id + "/peer-review", config).status()).isEqualTo(200);
        UUID assessment = UUID.fromString(id);
        pool.preparedQuery("""
                        INSERT INTO submissions(id, platform_id, assessment_id, course_id, learner_id, request_hash, response,
                            status, submitted_version, graded_version, score, max_score, result, created_at, graded_at,
                            enqueued_at, dispatched_at)
                        SELECT gen_random_uuid(), platform_id, assessment_id, course_id, $3 || '-' || g, request_hash,
                            response, status, submitted_version, graded_version, score, max_score, result,
                            created_at + g * interval '1 millisecond', graded_at, enqueued_at, dispatched_at
                        FROM submissions, generate_series(1, $2) g WHERE assessment_id = $1""")
                .execute(Tuple.of(assessment, learners - 1, name)).await(60, TimeUnit.SECONDS);
        return assessment;
    }

    private static void setLoads(UUID assessment, int load) throws Exception {
        pool.preparedQuery("UPDATE peer_queue SET load = $2 WHERE assessment_id = $1")
                .execute(Tuple.of(assessment, load)).await(30, TimeUnit.SECONDS);
    }
}
