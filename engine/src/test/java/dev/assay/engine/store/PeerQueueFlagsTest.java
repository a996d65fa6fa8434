package dev.assay.engine.store;

import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.NodeStore;
import dev.assay.engine.testing.Quizzes;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The review queue's flags (V25) against the definitions the grades use ({@link LateWork}, {@link PeerWork}): after
 * every kind of change that moves them (submissions, resubmissions, late rules, deadlines, grading and routing,
 * overrides, peer-grade overrides, and a learner submitting on several connections at once), every queue row's flags
 * are what those definitions say of its submission.
 */
class PeerQueueFlagsTest {
    static NodeStore nodeStore;
    static Api platform;
    static Pool pool;

    /** What the flags must be, from the SQL the grades use rather than the queue's own copy. */
    private static final String EXPECTED = """
            SELECT q.submission_id, s.learner_id,
                   q.counts, NOT %1$s AND NOT EXISTS (
                       SELECT 1 FROM submissions n WHERE n.assessment_id = s.assessment_id AND n.learner_id = s.learner_id
                         AND (n.created_at, n.id) > (s.created_at, s.id) AND NOT %2$s) AS counts_expected,
                   q.for_peers, %3$s AS for_peers_expected,
                   q.overridden, s.override IS NOT NULL AS overridden_expected,
                   q.peer_overridden, EXISTS (SELECT 1 FROM peer_grade_overrides po WHERE po.submission_id = s.id)
                       AS peer_overridden_expected,
                   q.open
            FROM peer_queue q JOIN submissions s ON s.id = q.submission_id JOIN assessments a ON a.id = s.assessment_id
            WHERE q.assessment_id = $1""".formatted(LateWork.notCounted("a", "s"), LateWork.notCounted("a", "n"),
            PeerWork.forPeers("a", "s"));

    @BeforeAll
    static void start() throws Exception {
        nodeStore = NodeStore.start();
        platform = nodeStore.node().newPlatform("queue-flags");
        pool = nodeStore.pool();
    }

    @AfterAll
    static void stop() throws Exception {
        nodeStore.close();
    }

    @Test
    void late_rules_resubmissions_and_overrides_keep_the_flags_true_to_the_grades() throws Exception {
        UUID quiz = quiz("flags-quiz");
        OffsetDateTime due = OffsetDateTime.now(ZoneOffset.UTC).minusDays(1);
        sql("UPDATE assessments SET due_at = $2 WHERE id = $1", quiz, due);
        UUID onTime = submit(quiz, "on-time", due.minusHours(2), due, "graded", null);
        UUID replaced = submit(quiz, "twice", due.minusHours(3), due, "graded", null);
        UUID latest = submit(quiz, "twice", due.minusHours(1), due, "graded", null);
        UUID beforeLate = submit(quiz, "then-late", due.minusHours(1), due, "graded", null);
        UUID lateOne = submit(quiz, "then-late", due.plusHours(1), due, "graded", null);
        UUID onlyLate = submit(quiz, "only-late", due.plusHours(2), due, "graded", null);
        // Inserted out of order: an earlier submission arriving after a later one does not take its place.
        UUID older = submit(quiz, "twice", due.minusHours(4), due, "graded", null);
        assertFlagsAgree(quiz);
        assertThat(counting(quiz)).containsExactlyInAnyOrder(onTime, latest, lateOne, onlyLate);

        sql("UPDATE assessments SET late_submissions = 'ignore' WHERE id = $1", quiz);
        assertFlagsAgree(quiz);
        assertThat(counting(quiz)).as("late work stops counting: the one before it counts again")
                .containsExactlyInAnyOrder(onTime, latest, beforeLate);

        sql("UPDATE assessments SET due_at = $2 WHERE id = $1", quiz, due.plusDays(1));
        assertFlagsAgree(quiz);
        assertThat(counting(quiz)).as("both submissions were made before the deadline now in force, so it counts")
                .containsExactlyInAnyOrder(onTime, latest, lateOne, onlyLate);

        sql("UPDATE submissions SET override = '{\"score\": 1}' WHERE id = $1", onTime);
        sql("INSERT INTO peer_grade_overrides(submission_id, score, reason) VALUES ($1, 1, 'staff')", latest);
        assertFlagsAgree(quiz);
        assertThat(open(quiz)).as("settled work is no longer open").containsExactlyInAnyOrder(lateOne, onlyLate);

        sql("UPDATE submissions SET override = NULL WHERE id = $1", onTime);
        sql("DELETE FROM peer_grade_overrides WHERE submission_id = $1", latest);
        assertFlagsAgree(quiz);
        assertThat(open(quiz)).containsExactlyInAnyOrder(onTime, latest, lateOne, onlyLate);
        assertThat(List.of(replaced, older)).doesNotContainAnyElementsOf(open(quiz));
    }

    @Test
    void an_essay_is_open_to_peers_once_the_grader_routes_it() throws Exception {
        UUID essay = essay(quiz("flags-essay"));
        UUID scored = submit(essay, "scored", OffsetDateTime.now(ZoneOffset.UTC), null, "graded", "{\"score\": 2}");
        UUID routed = submit(essay, "routed", OffsetDateTime.now(ZoneOffset.UTC), null, "routed", "{\"reasons\": [\"off-topic\"]}");
        UUID waiting = submit(essay, "waiting", OffsetDateTime.now(ZoneOffset.UTC), null, "accepted", null);
        assertFlagsAgree(essay);
        assertThat(open(essay)).containsExactly(routed);

        // Graded as the grader does it: routed, then a staff override makes it graded with the reasons kept.
        sql("UPDATE submissions SET status = 'routed', result = '{\"reasons\": [\"low confidence\"]}' WHERE id = $1", waiting);
        assertFlagsAgree(essay);
        sql("UPDATE submissions SET status = 'graded', override = '{\"score\": 3}' WHERE id = $1", waiting);
        sql("UPDATE submissions SET peer_graded_at = now() WHERE id = $1", scored);
        assertFlagsAgree(essay);
        assertThat(open(essay)).containsExactlyInAnyOrder(routed, scored);
    }

    @Test
    void a_learner_submitting_on_several_connections_at_once_leaves_one_submission_counting() throws Exception {
        UUID quiz = quiz("flags-concurrent");
        int learners = 8;
        int each = 6;
        OffsetDateTime base = OffsetDateTime.now(ZoneOffset.UTC);
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            for (int l = 0; l < learners; l++) {
                all.add(insert(quiz, "c" + l, base.plusSeconds(i), null, "graded", null));
            }
        }
        Future.all(all).await(60, TimeUnit.SECONDS);
        assertFlagsAgree(quiz);
        assertThat(counting(quiz)).hasSize(learners);
    }

    @Test
    void an_import_of_many_learners_in_one_transaction_is_queued() throws Exception {
        UUID quiz = quiz("flags-import");
        // More learners than PostgreSQL's lock table holds locks (64 per connection by default): one lock per learner,
        // kept to the end of the transaction, would fail the import. Two rounds, so that half the learners have work
        // replaced within the same statement's transaction.
        int learners = 30_000;
        sql("""
                INSERT INTO submissions(id, platform_id, assessment_id, course_id, learner_id, request_hash, response,
                    status, submitted_version, graded_version, score, max_score, result, created_at, graded_at,
                    enqueued_at, dispatched_at)
                SELECT gen_random_uuid(), platform_id, assessment_id, course_id, 'i' || (g % $2), request_hash, response,
                    status, submitted_version, graded_version, score, max_score, result,
                    created_at + g * interval '1 millisecond', graded_at, enqueued_at, dispatched_at
                FROM submissions, generate_series(1, $2 + $2 / 2) g WHERE assessment_id = $1""", quiz, learners);
        assertFlagsAgree(quiz);
        assertThat(counting(quiz)).hasSize(learners);
    }

    /** Every queue row of the assessment has the flags the grades' definitions give; at least one row checked. */
    private static void assertFlagsAgree(UUID assessment) throws Exception {
        var rows = pool.preparedQuery(EXPECTED).execute(Tuple.of(assessment)).await(30, TimeUnit.SECONDS);
        assertThat(rows.size()).isPositive();
        for (Row r : rows) {
            String row = r.getString("learner_id") + " " + r.getUUID("submission_id");
            assertThat(r.getBoolean("counts")).as("counts of %s", row).isEqualTo(r.getBoolean("counts_expected"));
            assertThat(r.getBoolean("for_peers")).as("for_peers of %s", row).isEqualTo(r.getBoolean("for_peers_expected"));
            assertThat(r.getBoolean("overridden")).as("overridden of %s", row)
                    .isEqualTo(r.getBoolean("overridden_expected"));
            assertThat(r.getBoolean("peer_overridden")).as("peer_overridden of %s", row)
                    .isEqualTo(r.getBoolean("peer_overridden_expected"));
        }
    }

    /** The work of the assessment that counts and goes to peers, besides the seed submission. */
    private static List<UUID> counting(UUID assessment) throws Exception {
        return ids("SELECT submission_id FROM peer_queue WHERE assessment_id = $1 AND counts AND for_peers AND learner_id <> 'seed'", assessment);
    }

    /** The work of the assessment open for review, besides the seed submission. */
    private static List<UUID> open(UUID assessment) throws Exception {
        return ids("SELECT submission_id FROM peer_queue WHERE assessment_id = $1 AND open AND learner_id <> 'seed'", assessment);
    }

    private static List<UUID> ids(String sql, UUID assessment) throws Exception {
        List<UUID> out = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.of(assessment)).await(30, TimeUnit.SECONDS)
                .forEach(r -> out.add(r.getUUID(0)));
        return out;
    }

    /** A quiz with one submission through the API (learner "seed", scored), to copy rows from. */
    private static UUID quiz(String name) {
        String id = Quizzes.createQuiz(platform, name, Quizzes.twoQuestions(true));
        assertThat(platform.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "seed", "answers", Map.of("q1", "a", "q2", true))).status()).isEqualTo(201);
        return UUID.fromString(id);
    }

    /** A copy of the quiz's assessment row as an essay, with the quiz's seed submission copied to it. */
    private static UUID essay(UUID quiz) throws Exception {
        UUID id = UUID.randomUUID();
        sql("""
                INSERT INTO assessments
                SELECT (jsonb_populate_record(a, jsonb_build_object('id', $2::uuid, 'kind', 'essay'))).*
                FROM assessments a WHERE a.id = $1""", quiz, id);
        return id;
    }

    private static UUID submit(UUID assessment, String learner, OffsetDateTime at, OffsetDateTime deadline, String status,
                               String result) throws Exception {
        return insert(assessment, learner, at, deadline, status, result).await(30, TimeUnit.SECONDS);
    }

    /** A submission copied from any of the platform's, with its own learner, time, deadline, status and result. */
    private static Future<UUID> insert(UUID assessment, String learner, OffsetDateTime at, OffsetDateTime deadline,
                                       String status, String result) {
        UUID id = UUID.randomUUID();
        return pool.preparedQuery("""
                        INSERT INTO submissions(id, platform_id, assessment_id, course_id, learner_id, request_hash, response,
                            status, submitted_version, graded_version, score, max_score, result, created_at, graded_at,
                            enqueued_at, dispatched_at, deadline_at_submission)
                        SELECT $1, platform_id, $2, course_id, $3, request_hash, response, $6, submitted_version,
                            graded_version, score, max_score, $7::text::jsonb, $4, graded_at, enqueued_at, dispatched_at, $5
                        FROM submissions WHERE platform_id = (SELECT platform_id FROM assessments WHERE id = $2)
                        LIMIT 1""")
                .execute(Tuple.from(new Object[] {id, assessment, learner, at, deadline, status, result}))
                .map(rows -> {
                    assertThat(rows.rowCount()).isEqualTo(1);
                    return id;
                });
    }

    private static void sql(String sql, Object... args) throws Exception {
        pool.preparedQuery(sql).execute(Tuple.from(args)).await(30, TimeUnit.SECONDS);
    }
}
