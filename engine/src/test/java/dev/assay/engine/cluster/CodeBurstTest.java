package dev.assay.engine.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.store.Database;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.PlatformAdmin;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.NodeProcess;
import dev.assay.engine.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two node JVMs on loopback share one PostgreSQL database, and a burst of Python submissions arrives at one of them.
 * Every submission must be accepted and durable before its 202, spread by the durable executor over both members'
 * sandboxes, and graded exactly once with the right score. Then a second burst: once the member that does not take
 * the HTTP traffic has graded some of its first half, it is SIGKILLed while the second half is being sent. The
 * survivor must finish what the dead member had queued or was running (the durable executor's backups; the lease is
 * far longer than the test, so the sweep has no part in it), and nothing may be lost or graded twice.
 *
 * <p>"Exactly once" is checked twice over: the store holds one result row per submission (which its key makes
 * certain anyway), and the nodes' own {@code assay_grading_seconds_count{grader="code"}} counters say how many
 * gradings actually ran in a sandbox, so a task run twice shows up even though its second result was not stored.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CodeBurstTest {
    static final int BURST = 500;
    /** The burst during which a member dies. */
    static final int BURST_2 = 300;
    static final int IN_FLIGHT = 16;
    /** Far beyond the test's length: recovery after the kill must come from the durable executor. */
    static final long LEASE_MS = 600_000;
    /** Grading pool size of each node: the default, one thread per core (at least 2). */
    static final int POOL = Math.max(2, Runtime.getRuntime().availableProcessors());
    static final Pattern CODE_GRADINGS = Pattern.compile("(?m)^assay_grading_seconds_count\\{grader=\"code\",?\\} (\\S+)$");

    static final JsonNode ADDER = Json.parse("""
            {"language": "python3",
             "limits": {"cpuSeconds": 2, "wallSeconds": 5},
             "tests": [
               {"id": "small", "stdin": "2 3\\n", "expected": "5\\n", "points": 1},
               {"id": "hidden-big", "stdin": "40 2\\n", "expected": "42\\n", "points": 2, "visibility": "hidden"}
             ]}""");

    private NodeProcess a;
    private NodeProcess b;
    private Database.PgLocation pg;

    @AfterEach
    void stopNodes() {
        for (NodeProcess n : new NodeProcess[] {b, a}) {
            if (n != null) {
                n.close();
            }
        }
    }

    /** Three kinds of program, so scores differ: right (3 points), half-right (1: "small" only), wrong (0). */
    static String program(int i) {
        return "# learner " + i + "\n" + switch (i % 3) {
            case 0 -> "a, b = map(int, input().split())\nprint(a + b)\n";
            case 1 -> "print(5)\n";
            default -> "a, b = map(int, input().split())\nprint(a * b)\n";
        };
    }

    static double expectedScore(int i) {
        return switch (i % 3) {
            case 0 -> 3;
            case 1 -> 1;
            default -> 0;
        };
    }

    @Test
    void burstsOfCodeAreGradedOnceByBothMembersAndSurviveAMemberKilledMidBurst() throws Exception {
        long t0 = System.nanoTime();
        String pgUrl = TestPostgres.freshDatabase();
        pg = Database.PgLocation.parse(pgUrl);
        String cluster = NodeProcess.uniqueClusterName();
        List<Integer> hzPorts = NodeProcess.freeHazelcastPorts(2);
        CompletableFuture<NodeProcess> startB = CompletableFuture.supplyAsync(() -> startMember("b", pgUrl, cluster, hzPorts, 1));
        a = startMember("a", pgUrl, cluster, hzPorts, 0);
        b = startB.get(120, TimeUnit.SECONDS);
        a.awaitMembers(2, Duration.ofSeconds(60));
        b.awaitMembers(2, Duration.ofSeconds(60));
        assertThat(a.memberName()).isNotEqualTo(b.memberName());
        System.out.printf("two members up after %d ms%n", (System.nanoTime() - t0) / 1_000_000);

        String key = PlatformAdmin.create(pg, "burst-" + UUID.randomUUID()).apiKey();
        Api api = a.api(key);
        api.requireSandbox();
        assertThat(api.put("/v1/courses/burst", Map.of("title", "Programming")).status()).isIn(200, 201);

        // 1. A burst on a healthy cluster: both members grade, each submission runs once.
        String first = createAssessment(api, "Adder 1");
        long burstStart = System.nanoTime();
        Map<UUID, Integer> ids = submitBurst(api, first, "one-", 0, BURST);
        System.out.printf("burst 1: %d accepted in %d ms%n", ids.size(), (System.nanoTime() - burstStart) / 1_000_000);
        assertAllStored(first, ids);
        awaitAllGraded(first, BURST, Duration.ofSeconds(90));
        System.out.printf("burst 1: %d graded %d ms after the first submission%n", BURST, (System.nanoTime() - burstStart) / 1_000_000);
        Map<UUID, Result> results = verifyResults(first, ids, Set.of(a.memberName(), b.memberName()));
        long byA = count(results, a.memberName());
        long byB = count(results, b.memberName());
        System.out.printf("burst 1: graded by a %d, by b %d%n", byA, byB);
        assertThat(byA).as("member a graded some").isPositive();
        assertThat(byB).as("member b graded some").isPositive();
        assertThat(codeGradings(a) + codeGradings(b)).as("sandbox gradings run, both members").isEqualTo(BURST);
        assertThat(codeGradings(a)).as("gradings run on a").isEqualTo(byA);
        assertSomeViaApi(api, ids);

        // 2. Another burst to a. Once b has graded some of its first half, the second half starts and b is
        // SIGKILLed while it is being sent: submissions keep arriving at a while the cluster loses a member.
        String second = createAssessment(api, "Adder 2");
        long ranOnABefore = codeGradings(a);
        Map<UUID, Integer> ids2 = new HashMap<>(submitBurst(api, second, "two-", 0, BURST_2 / 2));
        AtomicReference<int[]> seen = new AtomicReference<>();
        try (Connection c = connect(); PreparedStatement progress = c.prepareStatement("""
                SELECT count(*) FILTER (WHERE g.graded_by = ?), count(*)
                FROM grading_results g JOIN submissions s ON s.id = g.submission_id
                WHERE s.assessment_id = ?::uuid""")) {
            progress.setString(1, b.memberName());
            progress.setString(2, second);
            await("member b has graded some of burst 2").atMost(Duration.ofSeconds(60))
                    .pollInSameThread().pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        try (ResultSet rs = progress.executeQuery()) {
                            rs.next();
                            int[] p = {rs.getInt(1), rs.getInt(2)};
                            seen.set(p);
                            return p[0] >= 10;
                        }
                    });
        }
        CompletableFuture<Map<UUID, Integer>> sending = CompletableFuture.supplyAsync(() -> {
            try {
                return submitBurst(api, second, "two-", BURST_2 / 2, BURST_2);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        b.kill();
        assertThat(b.isAlive()).isFalse();
        boolean stillSending = !sending.isDone();
        Thread.sleep(500); // a commit b sent just before it died is in the store by now
        Map<UUID, Result> atKill = results(second);
        long doneByBAtKill = count(atKill, b.memberName());
        System.out.printf("killed b when it had graded %d of burst 2 (%d graded in all); second half still being sent: %s; "
                + "%d graded half a second later%n", seen.get()[0], seen.get()[1], stillSending, atKill.size());
        assertThat(atKill.size()).as("b was killed mid-burst").isLessThan(BURST_2);

        ids2.putAll(sending.get(60, TimeUnit.SECONDS));
        assertAllStored(second, ids2);
        long afterKill = System.nanoTime();
        awaitAllGraded(second, BURST_2, Duration.ofSeconds(90));
        System.out.printf("burst 2: all graded %d ms after the kill%n", (System.nanoTime() - afterKill) / 1_000_000);
        Map<UUID, Result> results2 = verifyResults(second, ids2, Set.of(a.memberName(), b.memberName()));
        atKill.forEach((id, r) -> assertThat(results2.get(id)).as("result of %s, stored before the kill", id).isEqualTo(r));
        long byB2 = count(results2, b.memberName());
        long byA2 = count(results2, a.memberName());
        System.out.printf("burst 2: graded by a %d, by b %d (before it died)%n", byA2, byB2);
        assertThat(byB2).as("b graded nothing after it died").isEqualTo(doneByBAtKill).isPositive();
        assertThat(byA2).isEqualTo(BURST_2 - byB2);
        long ranOnA = codeGradings(a) - ranOnABefore;
        System.out.printf("burst 2: a ran %d gradings for %d stored results%n", ranOnA, byA2);
        // Only what b was running when it died may run a second time, on a.
        assertThat(ranOnA).as("gradings run on a in burst 2").isBetween(byA2, byA2 + POOL);
        assertThat(a.logText()).as("the sweep had no part in it").doesNotContain("re-enqueueing");
        assertSomeViaApi(api, ids2);
        assertThat(queryInt("SELECT count(*) FROM submissions WHERE status <> 'graded'")).isZero();
        assertThat(queryInt("SELECT count(*) FROM grading_results")).isEqualTo(BURST + BURST_2);
        System.out.printf("test body took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    }

    private static NodeProcess startMember(String name, String pgUrl, String cluster, List<Integer> ports, int index) {
        try {
            return NodeProcess.start(NodeProcess.Spec.member(name, pgUrl, cluster, ports, index, LEASE_MS));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String createAssessment(Api api, String title) {
        Api.Response r = api.post("/v1/courses/burst/assessments",
                Map.of("title", title, "kind", "code", "definition", ADDER));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    /** Sends submissions {@code from} to {@code to - 1}, {@link #IN_FLIGHT} at a time; every one must be answered 202. */
    private static Map<UUID, Integer> submitBurst(Api api, String assessmentId, String prefix, int from, int to)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
        try {
            List<Future<Api.Response>> replies = new ArrayList<>();
            for (int i = from; i < to; i++) {
                int n = i;
                replies.add(pool.submit(() -> api.post("/v1/assessments/" + assessmentId + "/submissions",
                        Map.of("learnerId", prefix + n, "source", program(n)),
                        Map.of("Idempotency-Key", prefix + n))));
            }
            Map<UUID, Integer> ids = new HashMap<>();
            for (int i = from; i < to; i++) {
                Api.Response r = replies.get(i - from).get(60, TimeUnit.SECONDS);
                assertThat(r.status()).as("submission %d: %s", i, r.body()).isEqualTo(202);
                UUID id = UUID.fromString(r.json().get("id").asText());
                assertThat(r.header("Location")).isEqualTo("/v1/submissions/" + id);
                assertThat(ids.put(id, i)).as("id %s answered twice", id).isNull();
            }
            return ids;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every submission answered 202 is in the store, and nothing else is. */
    private void assertAllStored(String assessmentId, Map<UUID, Integer> ids) throws SQLException {
        Set<UUID> stored = new HashSet<>();
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(
                "SELECT id, learner_id FROM submissions WHERE assessment_id = ?::uuid")) {
            st.setString(1, assessmentId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getObject(1, UUID.class));
                }
            }
        }
        assertThat(stored).as("submissions stored").hasSize(ids.size()).isEqualTo(ids.keySet());
    }

    private void awaitAllGraded(String assessmentId, int total, Duration atMost) throws SQLException {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(
                "SELECT count(*) FROM submissions WHERE assessment_id = ?::uuid AND status = 'graded'")) {
            st.setString(1, assessmentId);
            AtomicReference<Integer> graded = new AtomicReference<>(0);
            try {
                await("all graded").atMost(atMost).pollInSameThread().pollInterval(Duration.ofMillis(250)).until(() -> {
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        graded.set(rs.getInt(1));
                        return graded.get() == total;
                    }
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(graded.get() + " of " + total + " graded; node a log:\n" + a.logTail(40), e);
            }
        }
    }

    record Result(String gradedBy, java.time.OffsetDateTime gradedAt, double score) {
    }

    private Map<UUID, Result> results(String assessmentId) throws SQLException {
        Map<UUID, Result> out = new HashMap<>();
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement("""
                SELECT g.submission_id, g.graded_by, g.graded_at, g.score
                FROM grading_results g JOIN submissions s ON s.id = g.submission_id WHERE s.assessment_id = ?::uuid""")) {
            st.setString(1, assessmentId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    assertThat(out.put(id, new Result(rs.getString(2), rs.getObject(3, java.time.OffsetDateTime.class),
                            rs.getDouble(4)))).as("second result for %s", id).isNull();
                }
            }
        }
        return out;
    }

    /**
     * One result row per submission, by a member of the cluster, with the score its program deserves; the
     * submission row agrees with it, and the stored result names the two tests with their verdicts.
     */
    private Map<UUID, Result> verifyResults(String assessmentId, Map<UUID, Integer> ids, Set<String> members)
            throws SQLException {
        Map<UUID, Result> out = new HashMap<>();
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement("""
                SELECT s.id, s.status, s.graded_version, s.score, s.max_score, g.version, g.score, g.max_score,
                       g.graded_by, g.graded_at, g.result::text,
                       (SELECT count(*) FROM grading_results x WHERE x.submission_id = s.id)
                FROM submissions s LEFT JOIN grading_results g ON g.submission_id = s.id
                WHERE s.assessment_id = ?::uuid""")) {
            st.setString(1, assessmentId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    int n = ids.get(id);
                    double expected = expectedScore(n);
                    assertThat(rs.getLong(12)).as("result rows of %s", id).isEqualTo(1);
                    assertThat(rs.getString(2)).as("status of %s", id).isEqualTo("graded");
                    assertThat(rs.getInt(3)).as("graded version of %s", id).isEqualTo(1);
                    assertThat(rs.getDouble(4)).as("score of submission %d", n).isEqualTo(expected);
                    assertThat(rs.getDouble(5)).isEqualTo(3);
                    assertThat(rs.getInt(6)).isEqualTo(1);
                    assertThat(rs.getDouble(7)).as("stored result score of submission %d", n).isEqualTo(expected);
                    assertThat(rs.getDouble(8)).isEqualTo(3);
                    assertThat(rs.getString(9)).as("graded by").isIn(members);
                    JsonNode result = Json.parse(rs.getString(11));
                    assertThat(result.get("parts").findValuesAsText("id")).containsExactly("small", "hidden-big");
                    String verdicts = result.at("/evidence/tests").findValuesAsText("verdict").toString();
                    assertThat(verdicts).as("verdicts of submission %d", n).isEqualTo(switch (n % 3) {
                        case 0 -> "[accepted, accepted]";
                        case 1 -> "[accepted, wrong_answer]";
                        default -> "[wrong_answer, wrong_answer]";
                    });
                    assertThat(out.put(id, new Result(rs.getString(9), rs.getObject(10, java.time.OffsetDateTime.class),
                            rs.getDouble(7)))).isNull();
                }
            }
        }
        assertThat(out.keySet()).isEqualTo(ids.keySet());
        return out;
    }

    /** The learner-facing view agrees, for a sample of each kind of program. */
    private static void assertSomeViaApi(Api api, Map<UUID, Integer> ids) {
        ids.entrySet().stream().limit(30).forEach(e -> {
            Api.Response r = api.get("/v1/submissions/" + e.getKey());
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("status").asText()).isEqualTo("graded");
            assertThat(r.json().get("score").asDouble()).isEqualTo(expectedScore(e.getValue()));
            assertThat(r.json().get("maxScore").asDouble()).isEqualTo(3);
        });
    }

    private static long count(Map<UUID, Result> results, String member) {
        return results.values().stream().filter(r -> member.equals(r.gradedBy())).count();
    }

    /** How many code gradings this node has run in its sandbox (its Prometheus counter). */
    private static long codeGradings(NodeProcess node) {
        String metrics = new Api(node.baseUrl(), null).get("/metrics").body();
        Matcher m = CODE_GRADINGS.matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    private int queryInt(String sql) throws SQLException {
        try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }
}
