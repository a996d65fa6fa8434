package dev.assay.engine.peer;

import dev.assay.engine.store.Database;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * reviews:next under concurrency: many learners at once against two nodes sharing one database. Checked in the
 * database afterwards: nobody reviewed their own submission, no submission went past k + extra, every one reached
 * it, and a learner asking on both nodes at the same moment holds one lease, not two.
 */
class PeerAssignmentConcurrencyTest {
    static TestNode a;
    static TestNode b;
    static Api platformA;
    static Api platformB;
    static ExecutorService pool;

    @BeforeAll
    static void start() throws Exception {
        a = TestNode.start();
        b = TestNode.startSharing(a);
        platformA = a.newPlatform("peer-concurrency");
        platformB = new Api(b.baseUrl(), platformA.token());
        pool = Executors.newFixedThreadPool(24);
    }

    @AfterAll
    static void stop() throws Exception {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        b.close();
        a.close();
    }

    @Test
    void concurrent_reviewers_on_two_nodes_never_get_their_own_or_a_submission_twice() throws Exception {
        List<String> names = PeerFixtures.learners("c", 30);
        String id = PeerFixtures.assessmentWithSubmissions(platformA, "peer-conc", names);
        int k = 3;
        int extra = 1;
        assertThat(platformA.put("/v1/assessments/" + id + "/peer-review",
                PeerFixtures.config(k, extra, false, Instant.now().plus(Duration.ofDays(2)))).status()).isEqualTo(200);
        Map<String, Api[]> clients = new HashMap<>();
        for (String n : names) {
            Api onA = PeerFixtures.learner(platformA, n);
            clients.put(n, new Api[]{onA, new Api(b.baseUrl(), onA.token())});
        }

        // Everyone asks on both nodes at the same moment: one lease each, whichever node answers.
        List<CompletableFuture<String[]>> twin = new ArrayList<>();
        for (String n : names) {
            var x = CompletableFuture.supplyAsync(() -> lease(clients.get(n)[0], id), pool);
            var y = CompletableFuture.supplyAsync(() -> lease(clients.get(n)[1], id), pool);
            twin.add(x.thenCombine(y, (p, q) -> new String[]{p, q}));
        }
        for (var f : twin) {
            String[] pair = f.get(60, TimeUnit.SECONDS);
            assertThat(pair[0]).isNotNull().isEqualTo(pair[1]);
        }

        // Then every learner reviews as fast as they can, alternating nodes, until nothing is left for them. A
        // learner past the reviews required is told 204 while the last room is kept for those who still owe, and
        // comes back later: the second round, when nobody owes, fills what the first kept back.
        AtomicInteger reviews = new AtomicInteger();
        for (int round = 0; round < 2; round++) {
            List<CompletableFuture<Void>> work = new ArrayList<>();
            for (String n : names) {
                work.add(CompletableFuture.runAsync(() -> reviewUntilNothingLeft(clients.get(n), id, reviews), pool));
            }
            CompletableFuture.allOf(work.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
        }

        Database.PgLocation pg = a.pg();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
            String of = "'" + id + "'::uuid";
            assertThat(count(c, """
                    SELECT count(*) FROM peer_reviews r JOIN submissions s ON s.id = r.submission_id
                    WHERE r.reviewer_id = s.learner_id""")).as("own submissions reviewed").isZero();
            assertThat(count(c, """
                    SELECT count(*) FROM (SELECT submission_id FROM peer_reviews WHERE assessment_id = %s
                                          GROUP BY submission_id HAVING count(*) > %d) x""".formatted(of, k + extra))).as("past k + extra").isZero();
            assertThat(count(c, """
                    SELECT count(*) FROM (SELECT submission_id, reviewer_id FROM peer_reviews
                                          GROUP BY 1, 2 HAVING count(*) > 1) x""")).isZero();
            assertThat(count(c, "SELECT count(*) FROM peer_reviews WHERE completed_at IS NULL AND assessment_id = " + of))
                    .isZero();
            assertThat(count(c, "SELECT count(DISTINCT submission_id) FROM peer_reviews WHERE assessment_id = " + of))
                    .isEqualTo(30);
            assertThat(count(c, "SELECT min(n) FROM (SELECT count(*) AS n FROM peer_reviews WHERE assessment_id = " + of
                    + " GROUP BY submission_id) x"))
                    .as("every submission reached k + extra").isEqualTo(k + extra);
        }
        assertThat(reviews.get()).isEqualTo(30 * (k + extra));
        // Both nodes served leases through the batched path (sizes are exported for operators).
        for (TestNode n : List.of(a, b)) {
            String metrics = new Api(n.baseUrl(), null).get("/metrics").body();
            assertThat(metrics).containsPattern("assay_peer_lease_batch_size_count [1-9]");
        }
    }

    @Test
    void a_configuration_changed_on_one_node_applies_at_once_on_the_other() throws Exception {
        List<String> names = PeerFixtures.learners("v", 3);
        String id = PeerFixtures.assessmentWithSubmissions(platformA, "peer-version", names);
        Instant deadline = Instant.now().plus(Duration.ofDays(2));
        assertThat(platformA.put("/v1/assessments/" + id + "/peer-review", PeerFixtures.config(1, 0, false, deadline))
                .status()).isEqualTo(200);
        // On node B, with k = 1: the first two learners review each other's submission (the oldest not their own),
        // and the third learner's own is all that is left below k for them.
        List<Api> onB = new ArrayList<>();
        for (String n : names) {
            onB.add(new Api(b.baseUrl(), PeerFixtures.learner(platformA, n).token()));
        }
        for (Api learner : onB.subList(0, 2)) {
            String lease = lease(learner, id);
            assertThat(lease).isNotNull();
            assertThat(learner.post("/v1/reviews/" + lease, PeerFixtures.review(2, 1)).status()).isEqualTo(200);
        }
        assertThat(lease(onB.get(2), id)).as("the others' submissions have their k = 1").isNull();

        // Staff raise k on node A; node B, which has k = 1 cached, hands out the second reviews straight away.
        assertThat(platformA.put("/v1/assessments/" + id + "/peer-review", PeerFixtures.config(2, 0, false, deadline))
                .status()).isEqualTo(200);
        Api.Response next = onB.get(2).post("/v1/assessments/" + id + "/reviews:next", "");
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        assertThat(next.json().get("overflow").asBoolean()).as("a second review is regular under k = 2").isFalse();
    }

    @Test
    void leases_asked_for_while_staff_keep_replacing_the_configuration_never_fail_with_a_500() throws Exception {
        List<String> names = PeerFixtures.learners("cc", 30);
        String id = PeerFixtures.assessmentWithSubmissions(platformA, "peer-churn", names);
        Instant deadline = Instant.now().plus(Duration.ofDays(2));
        String url = "/v1/assessments/" + id + "/peer-review";
        assertThat(platformA.put(url, PeerFixtures.config(3, 1, false, deadline)).status()).isEqualTo(200);
        List<Api> learners = new ArrayList<>();
        for (String n : names) {
            learners.add(PeerFixtures.learner(platformA, n));
        }
        ExecutorService threads = Executors.newFixedThreadPool(33);
        var learnersDone = new java.util.concurrent.atomic.AtomicBoolean();
        var statuses = new java.util.concurrent.ConcurrentHashMap<Integer, AtomicInteger>();
        var unexpected = new java.util.concurrent.ConcurrentLinkedQueue<String>();
        try {
            // Three staff threads replace the configuration (lease length and extra reviews alternate, the rubric
            // stays) until the learners are done, at most 200 times each, on both nodes.
            List<CompletableFuture<Void>> staff = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                Api on = t % 2 == 0 ? platformA : platformB;
                staff.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 200 && !learnersDone.get(); i++) {
                        Map<String, Object> c = new HashMap<>(PeerFixtures.config(3, i % 2, false, deadline));
                        c.put("leaseMinutes", 30 + i % 7);
                        Api.Response r = on.put(url, c);
                        if (r.status() != 200) {
                            unexpected.add("PUT " + r.status() + " " + r.body());
                        }
                    }
                }, threads));
            }
            List<CompletableFuture<Void>> asks = new ArrayList<>();
            for (int n = 0; n < learners.size(); n++) {
                Api learner = n % 2 == 0 ? learners.get(n) : new Api(b.baseUrl(), learners.get(n).token());
                asks.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 4; i++) {
                        Api.Response r = learner.post("/v1/assessments/" + id + "/reviews:next", "");
                        statuses.computeIfAbsent(r.status(), x -> new AtomicInteger()).incrementAndGet();
                        if (r.status() == 503) {
                            // The one documented 5xx: a transient state the client is told to retry.
                            if (!r.json().get("type").asText().endsWith("/config-changing") || r.header("Retry-After") == null) {
                                unexpected.add("503 without config-changing/Retry-After: " + r.body());
                            }
                        } else if (r.status() != 200 && r.status() != 204) {
                            unexpected.add("reviews:next " + r.status() + " " + r.body());
                        } else if (r.status() == 200) {
                            Api.Response done = learner.post("/v1/reviews/" + r.json().get("leaseId").asText(),
                                    PeerFixtures.review(2, 1));
                            if (done.status() >= 500) {
                                unexpected.add("review " + done.status() + " " + done.body());
                            }
                        }
                    }
                }, threads));
            }
            CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
            learnersDone.set(true);
            CompletableFuture.allOf(staff.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
        assertThat(unexpected).as("statuses " + statuses).isEmpty();
        assertThat(statuses.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(120);
        assertThat(statuses.getOrDefault(200, new AtomicInteger()).get()).as("statuses " + statuses).isPositive();
    }

    /** Leases and completes reviews, alternating between the learner's two nodes, until told 204. */
    private static void reviewUntilNothingLeft(Api[] onBothNodes, String assessment, AtomicInteger reviews) {
        for (int i = 0; ; i++) {
            Api api = onBothNodes[i % 2];
            String lease = lease(api, assessment);
            if (lease == null) {
                return;
            }
            Api.Response done = api.post("/v1/reviews/" + lease, PeerFixtures.review(2, 1));
            assertThat(done.status()).as(done.body()).isEqualTo(200);
            reviews.incrementAndGet();
        }
    }

    /** The lease id the learner gets (their held one or a new one), or null on 204. */
    private static String lease(Api api, String assessment) {
        Api.Response r = api.post("/v1/assessments/" + assessment + "/reviews:next", "");
        if (r.status() == 204) {
            return null;
        }
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("leaseId").asText();
    }

    private static long count(Connection c, String sql) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
