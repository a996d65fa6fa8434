package dev.assay.engine.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.store.Database;
import dev.assay.engine.store.Json;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.Quizzes;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data a regrade test works on: a two-question quiz (see {@link Quizzes#twoQuestions}), thousands of stored
 * submissions graded against version 1 ("the sky is blue" is true), then version 2 with that key flipped. Scores
 * are computed here independently of the grader, from each stored response:
 * q1 "a" earns 2 points ("b" is clamped to 0), q2 earns 1 point when it matches the key.
 */
final class RegradeWorkload {
    private final Database.PgLocation pg;
    private final List<Api> apis;
    final String assessmentId;

    private RegradeWorkload(Database.PgLocation pg, List<Api> apis, String assessmentId) {
        this.pg = pg;
        this.apis = apis;
        this.assessmentId = assessmentId;
    }

    /** Creates the course and the version-1 quiz through the first API. */
    static RegradeWorkload create(Database.PgLocation pg, List<Api> apis, String courseId) {
        return new RegradeWorkload(pg, List.copyOf(apis), Quizzes.createQuiz(apis.get(0), courseId, Quizzes.twoQuestions(true)));
    }

    /** Nine answer patterns: q1 ∈ {a, b, unanswered} × q2 ∈ {true, false, unanswered}. */
    static Map<String, Object> answers(int i) {
        Map<String, Object> answers = new LinkedHashMap<>();
        switch (i % 3) {
            case 0 -> answers.put("q1", "a");
            case 1 -> answers.put("q1", "b");
            default -> { }
        }
        switch ((i / 3) % 3) {
            case 0 -> answers.put("q2", true);
            case 1 -> answers.put("q2", false);
            default -> { }
        }
        return answers;
    }

    static double expectedScore(JsonNode response, boolean skyIsBlue) {
        double score = "a".equals(response.path("q1").asText(null)) ? 2 : 0;
        JsonNode q2 = response.get("q2");
        if (q2 != null && q2.isBoolean() && q2.booleanValue() == skyIsBlue) {
            score += 1;
        }
        return score;
    }

    /**
     * Submits {@code count} responses through the HTTP API, {@code concurrency} at a time, spread over the APIs
     * (so over the nodes). Each has an Idempotency-Key; each must be graded inline against {@code version}.
     */
    void submitViaApi(String learnerPrefix, int count, int concurrency, int version) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<Api.Response>> replies = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                Api api = apis.get(n % apis.size());
                replies.add(pool.submit(() -> api.post("/v1/assessments/" + assessmentId + "/submissions",
                        Map.of("learnerId", learnerPrefix + n, "answers", answers(n)),
                        Map.of("Idempotency-Key", learnerPrefix + "-attempt-" + n))));
            }
            for (int i = 0; i < count; i++) {
                Api.Response r = replies.get(i).get(60, TimeUnit.SECONDS);
                assertThat(r.status()).as("submission %d: %s", i, r.body()).isEqualTo(201);
                assertThat(r.json().get("gradedVersion").asInt()).isEqualTo(version);
                assertThat(r.json().get("score").asDouble())
                        .isEqualTo(expectedScore(Json.MAPPER.valueToTree(answers(i)), version == 1));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Bulk-loads {@code copies} clones of every submission already stored for the assessment, each with its own id
     * and learner, together with its grading_results row: the same rows the API writes, thousands per second.
     */
    int bulkCopies(int copies) throws SQLException {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement("""
                WITH src AS (SELECT * FROM submissions WHERE assessment_id = ?::uuid),
                     ins AS (
                       INSERT INTO submissions(id, platform_id, assessment_id, course_id, learner_id, request_hash, response,
                                               status, submitted_version, graded_version, score, max_score, result, graded_at)
                       SELECT gen_random_uuid(), platform_id, assessment_id, course_id, 'bulk' || g || '-' || learner_id,
                              request_hash, response, status, submitted_version, graded_version, score, max_score, result, now()
                       FROM src, generate_series(1, ?) g
                       RETURNING id, graded_version, score, max_score, result)
                INSERT INTO grading_results(submission_id, version, score, max_score, result, graded_by)
                SELECT id, graded_version, score, max_score, result, 'bulk-load' FROM ins""")) {
            st.setString(1, assessmentId);
            st.setInt(2, copies);
            return st.executeUpdate();
        }
    }

    void publishFlippedKey() {
        Api.Response r = apis.get(0).post("/v1/assessments/" + assessmentId + "/versions",
                Map.of("definition", Quizzes.twoQuestions(false)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("version").asInt()).isEqualTo(2);
    }

    int submissionCount(int gradedVersion) throws SQLException {
        return queryInt("SELECT count(*) FROM submissions WHERE assessment_id = ?::uuid AND graded_version = ?",
                assessmentId, gradedVersion);
    }

    /** Done items of a regrade, in total and by one member. */
    record Progress(int done, int doneBy) {
    }

    Progress progress(UUID regradeId, String member) throws SQLException {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement("""
                SELECT count(*) FILTER (WHERE done), count(*) FILTER (WHERE done AND done_by = ?)
                FROM regrade_items WHERE regrade_id = ?""")) {
            st.setString(1, member);
            st.setObject(2, regradeId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return new Progress(rs.getInt(1), rs.getInt(2));
            }
        }
    }

    /**
     * Reads {@link Progress} of this assessment's regrade over one open connection, so a test can poll it every few
     * milliseconds, starting even before the request that starts the regrade has been answered.
     */
    ProgressProbe probe(String member) throws SQLException {
        return new ProgressProbe(connect(), assessmentId, member);
    }

    static final class ProgressProbe implements AutoCloseable {
        private final Connection connection;
        private final PreparedStatement query;

        private ProgressProbe(Connection connection, String assessmentId, String member) throws SQLException {
            this.connection = connection;
            this.query = connection.prepareStatement("""
                    SELECT count(*) FILTER (WHERE i.done), count(*) FILTER (WHERE i.done AND i.done_by = ?)
                    FROM regrade_items i JOIN regrades r ON r.id = i.regrade_id WHERE r.assessment_id = ?::uuid""");
            query.setString(1, member);
            query.setString(2, assessmentId);
        }

        Progress read() throws SQLException {
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return new Progress(rs.getInt(1), rs.getInt(2));
            }
        }

        @Override
        public void close() throws SQLException {
            connection.close();
        }
    }

    /** One regrade item as stored. */
    record Item(UUID submissionId, boolean done, String doneBy, Timestamp doneAt, Double oldScore, Double newScore) {
    }

    Map<UUID, Item> items(UUID regradeId) throws SQLException {
        Map<UUID, Item> out = new HashMap<>();
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement("""
                SELECT submission_id, done, done_by, done_at, old_score, new_score FROM regrade_items WHERE regrade_id = ?""")) {
            st.setObject(1, regradeId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getObject(1, UUID.class), new Item(rs.getObject(1, UUID.class), rs.getBoolean(2),
                            rs.getString(3), rs.getTimestamp(4), (Double) rs.getObject(5), (Double) rs.getObject(6)));
                }
            }
        }
        return out;
    }

    /**
     * Batches as the dispatcher cut them (pending ids in PostgreSQL's uuid order, 20 per task) that were finished
     * by more than one member: a task the first member was in the middle of when it died, re-run by another.
     */
    int batchesFinishedByTwoMembers(UUID regradeId) throws SQLException {
        return queryInt("""
                SELECT count(*) FROM (
                  SELECT batch FROM (
                    SELECT (row_number() OVER (ORDER BY submission_id) - 1) / 20 AS batch, done_by FROM regrade_items
                    WHERE regrade_id = ?::uuid) b
                  GROUP BY batch HAVING count(DISTINCT done_by) > 1) x""", regradeId.toString());
    }

    /**
     * Everything a finished regrade must satisfy, checked in the store: one item per regraded submission, all done
     * by a known member and consistent with the result row the same transaction wrote; exactly one version-2
     * result per submission; old and new scores right for the old and new keys; the submission itself updated.
     */
    void verifyStore(UUID regradeId, int expectedTotal, List<String> members) throws SQLException {
        try (Connection c = connect()) {
            assertThat(queryInt(c, "SELECT count(*) FROM regrade_items WHERE regrade_id = ?::uuid", regradeId.toString()))
                    .isEqualTo(expectedTotal);
            assertThat(queryInt(c, "SELECT total FROM regrades WHERE id = ?::uuid", regradeId.toString())).isEqualTo(expectedTotal);
            assertThat(queryInt(c, "SELECT count(*) FROM regrades WHERE assessment_id = ?::uuid", assessmentId)).isEqualTo(1);

            // Every submission of the assessment has exactly one version-2 result (never zero, never two).
            assertThat(queryInt(c, """
                    SELECT count(*) FROM submissions s
                    WHERE s.assessment_id = ?::uuid
                      AND (SELECT count(*) FROM grading_results g WHERE g.submission_id = s.id AND g.version = 2) <> 1""",
                    assessmentId)).as("submissions without exactly one version-2 result").isZero();
            // ...and the version-1 results written at submission time are still there, one each.
            assertThat(queryInt(c, """
                    SELECT count(*) FROM submissions s
                    WHERE s.assessment_id = ?::uuid AND s.submitted_version = 1
                      AND (SELECT count(*) FROM grading_results g WHERE g.submission_id = s.id AND g.version = 1) <> 1""",
                    assessmentId)).as("regraded submissions without exactly one version-1 result").isZero();

            try (PreparedStatement st = c.prepareStatement("""
                    SELECT s.id, s.response::text, s.graded_version, s.score, i.done, i.done_by, i.done_at, i.old_score,
                           i.new_score, g.score, g.graded_by, s.submitted_version
                    FROM submissions s
                    LEFT JOIN regrade_items i ON i.submission_id = s.id AND i.regrade_id = ?
                    LEFT JOIN grading_results g ON g.submission_id = s.id AND g.version = 2
                    WHERE s.assessment_id = ?::uuid""")) {
                st.setObject(1, regradeId);
                st.setString(2, assessmentId);
                int regraded = 0;
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        UUID id = rs.getObject(1, UUID.class);
                        JsonNode response = Json.parse(rs.getString(2));
                        double v1 = expectedScore(response, true);
                        double v2 = expectedScore(response, false);
                        assertThat(rs.getInt(3)).as("graded version of %s", id).isEqualTo(2);
                        assertThat(rs.getDouble(4)).as("current score of %s", id).isEqualTo(v2);
                        assertThat(rs.getDouble(10)).as("version-2 result of %s", id).isEqualTo(v2);
                        if (rs.getInt(12) == 2) {
                            assertThat(rs.getObject(5)).as("a version-2 submission is not part of the regrade").isNull();
                            continue;
                        }
                        regraded++;
                        assertThat(rs.getBoolean(5)).as("item %s done", id).isTrue();
                        assertThat(rs.getString(6)).as("item %s done by", id).isIn(members);
                        assertThat(rs.getTimestamp(7)).as("item %s done at", id).isNotNull();
                        assertThat(rs.getObject(8)).as("old score of %s", id).isEqualTo(v1);
                        assertThat(rs.getObject(9)).as("new score of %s", id).isEqualTo(v2);
                        // The item and the result row were written by one transaction, so by the same member.
                        assertThat(rs.getString(11)).as("result of %s graded by", id).isEqualTo(rs.getString(6));
                    }
                }
                assertThat(regraded).isEqualTo(expectedTotal);
            }
        }
    }

    /**
     * The regrade as the API reports it, every page: status, counts, and each item's old and new score
     * against the scores expected from its stored response.
     */
    void verifyReport(Api api, UUID regradeId, int expectedTotal) throws SQLException {
        Map<UUID, JsonNode> responses = new HashMap<>();
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(
                "SELECT id, response::text FROM submissions WHERE assessment_id = ?::uuid")) {
            st.setString(1, assessmentId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    responses.put(rs.getObject(1, UUID.class), Json.parse(rs.getString(2)));
                }
            }
        }
        Api.Response head = api.get("/v1/regrades/" + regradeId + "?limit=1");
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.json().get("status").asText()).isEqualTo("completed");
        assertThat(head.json().get("total").asInt()).isEqualTo(expectedTotal);
        assertThat(head.json().get("done").asInt()).isEqualTo(expectedTotal);

        int changed = 0;
        int seen = 0;
        Map<UUID, Boolean> unique = new HashMap<>();
        for (int offset = 0; ; offset += 200) {
            Api.Response page = api.get("/v1/regrades/" + regradeId + "?limit=200&offset=" + offset);
            assertThat(page.status()).isEqualTo(200);
            JsonNode items = page.json().get("items");
            for (JsonNode item : items) {
                UUID id = UUID.fromString(item.get("submissionId").asText());
                JsonNode response = Objects.requireNonNull(responses.get(id), "report names an unknown submission");
                double v1 = expectedScore(response, true);
                double v2 = expectedScore(response, false);
                assertThat(item.get("done").asBoolean()).isTrue();
                assertThat(item.get("oldScore").asDouble()).as("reported old score of %s", id).isEqualTo(v1);
                assertThat(item.get("newScore").asDouble()).as("reported new score of %s", id).isEqualTo(v2);
                assertThat(unique.put(id, true)).as("item %s reported twice", id).isNull();
                changed += v1 != v2 ? 1 : 0;
                seen++;
            }
            if (items.size() < 200) {
                break;
            }
        }
        assertThat(seen).isEqualTo(expectedTotal);
        assertThat(head.json().get("changed").asInt()).isEqualTo(changed);
        assertThat(changed).as("the new key changes some scores and leaves others").isBetween(1, expectedTotal - 1);
    }

    int queryInt(String sql, Object... args) throws SQLException {
        try (Connection c = connect()) {
            return queryInt(c, sql, args);
        }
    }

    String queryString(String sql, Object... args) throws SQLException {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static int queryInt(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }
}
