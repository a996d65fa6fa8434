package dev.assay.engine.load;

import dev.assay.engine.auth.LearnerTokens;
import dev.assay.engine.store.Database;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.Quizzes;
import dev.assay.engine.testing.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Load harness, not a test: {@code POST /v1/assessments/{id}/reviews:next} at a fixed arrival rate, end to end (HTTP
 * on loopback to two nodes of one Hazelcast cluster sharing one PostgreSQL, the lease statement, its commit flushed
 * to disk).
 *
 * <p>The course: {@code --submissions} open submissions of a peer-reviewed assessment (k = 3, extra 1). One is
 * submitted through the API; the rest are copies of its stored row under other learners' names, written with SQL
 * because posting 100,000 submissions would only measure submission. Then requests arrive open-loop at
 * {@code --rate} per second for {@code --seconds}, alternating nodes, each from a different learner asking for their
 * first review, so every request takes a new lease (the costly path: lock, insert, commit). Latency runs from the
 * moment a request was due, not when it left, so a stalled server cannot hide its queue (no coordinated omission).
 *
 * <pre>
 * ./mvnw -B -q -pl engine test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.assay.engine.load.PeerAssignmentHarness \
 *     -Dexec.args="--submissions 100000 --rate 1000 --seconds 30"
 * </pre>
 */
public final class PeerAssignmentHarness {
    private PeerAssignmentHarness() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = HarnessArgs.options(argv);
        int submissions = Integer.parseInt(args.getOrDefault("submissions", "100000"));
        int rate = Integer.parseInt(args.getOrDefault("rate", "1000"));
        int seconds = Integer.parseInt(args.getOrDefault("seconds", "30"));
        int warmup = Integer.parseInt(args.getOrDefault("warmup", "5"));
        // Percent of requests from learners who already gave the reviews required (extra reviews: the spare-room path).
        int pastShare = Integer.parseInt(args.getOrDefault("past-share", "0"));
        // Submissions no lease may take, besides the open ones: an earlier submission of this many learners, replaced
        // by their later one. They wait at load 0 at the queue's front, as resubmissions, essays the grader scored and
        // late work that does not count do in a real course.
        int closed = Integer.parseInt(args.getOrDefault("closed", "0"));
        int total = rate * (warmup + seconds);
        if (total > submissions - 1) {
            throw new IllegalArgumentException("each request is a different learner: rate x (warmup + seconds) must stay "
                    + "below --submissions");
        }
        List<TestNode> cluster = TestNode.startCluster(2);
        try (TestNode a = cluster.get(0); TestNode b = cluster.get(1)) {
            Api platform = a.newPlatform("peer-load");
            String id = Quizzes.createQuiz(platform, "load", Quizzes.twoQuestions(true));
            check(platform.post("/v1/assessments/" + id + "/submissions",
                    Map.of("learnerId", "l0", "answers", Map.of("q1", "a", "q2", true))).status(), 201, "submission");
            var config = Map.of(
                    "rubric", Map.of("criteria", List.of(Map.of("id", "c", "levels", List.of(
                            Map.of("points", 0), Map.of("points", 1), Map.of("points", 2))))),
                    "reviewsPerSubmission", 3, "extraReviews", 1, "model", "median",
                    "reviewDeadline", Instant.now().plusSeconds(86_400).toString());
            check(platform.put("/v1/assessments/" + id + "/peer-review", config).status(), 200, "peer-review config");
            Database.PgLocation pg = a.pg();
            long t0 = System.nanoTime();
            byte[] secret = seed(pg, UUID.fromString(id), submissions, closed);
            System.out.printf("seeded %,d open submissions and %,d replaced ones in %.1f s%n", submissions, closed,
                    (System.nanoTime() - t0) / 1e9);
            if (pastShare > 0) {
                int past = seedGivenReviews(pg, UUID.fromString(id), submissions, total, pastShare);
                System.out.printf("%,d of the %,d learners asking have given the 3 reviews required%n", past, total);
            }
            UUID platformId = LearnerTokens.claimedPlatform(platform.post("/v1/learner-tokens",
                    Map.of("learnerId", "l0")).json().get("token").asText()).orElseThrow();
            String[] tokens = new String[total];
            Instant expiry = Instant.now().plusSeconds(3_600);
            for (int i = 0; i < total; i++) {
                tokens[i] = LearnerTokens.mint(platformId, secret, "l" + (i + 1), expiry);
            }
            run(List.of(a, b), id, tokens, rate, warmup, seconds);
        }
        // exec:java waits for every non-daemon thread, and a closed node's Hazelcast can leave one behind.
        System.exit(0);
    }

    /**
     * Copies the one real submission to learners l1..l(n-1), a millisecond apart, and to learners l1..l(closed) a day
     * earlier (replaced by the first copies); returns the token secret.
     */
    private static byte[] seed(Database.PgLocation pg, UUID assessment, int submissions, int closed) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
            copy(c, assessment, submissions - 1, 0);
            copy(c, assessment, closed, -86_400);
            c.createStatement().execute("VACUUM ANALYZE submissions");
            try (ResultSet rs = c.createStatement().executeQuery("""
                    SELECT p.token_secret FROM platforms p JOIN assessments a ON a.platform_id = p.id
                    WHERE a.id = '%s'""".formatted(assessment))) {
                rs.next();
                return rs.getBytes(1);
            }
        }
    }

    /** Copies learner l0's submission to learners l1..ln, a millisecond apart from {@code shift} seconds after it. */
    private static void copy(Connection c, UUID assessment, int n, int shift) throws Exception {
        try (PreparedStatement st = c.prepareStatement("""
                INSERT INTO submissions(id, platform_id, assessment_id, course_id, learner_id, request_hash, response,
                    status, submitted_version, graded_version, score, max_score, result, created_at, graded_at,
                    enqueued_at, dispatched_at)
                SELECT gen_random_uuid(), platform_id, assessment_id, course_id, 'l' || g, request_hash, response,
                    status, submitted_version, graded_version, score, max_score, result,
                    created_at + ? * interval '1 second' + g * interval '1 millisecond', graded_at, enqueued_at,
                    dispatched_at
                FROM submissions, generate_series(1, ?) g WHERE assessment_id = ? AND learner_id = 'l0'""")) {
            st.setInt(1, shift);
            st.setInt(2, n);
            st.setObject(3, assessment);
            st.executeUpdate();
        }
    }

    /**
     * Learner l(i + 1) behind request i has given 3 completed reviews when {@code i % 100 < share}: of submissions
     * at the end of the queue (learners no request comes from), three each, with their loads raised to match.
     */
    private static int seedGivenReviews(Database.PgLocation pg, UUID assessment, int submissions, int requests, int share)
            throws Exception {
        long asking = java.util.stream.IntStream.range(0, requests).filter(i -> i % 100 < share).count();
        if (submissions - 1 - 3 * asking <= requests) {
            throw new IllegalArgumentException("--past-share needs more --submissions: the reviewed ones must lie beyond the learners asking");
        }
        int reviewers = 0;
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
            c.setAutoCommit(false);
            try (PreparedStatement st = c.prepareStatement("""
                    INSERT INTO peer_reviews(id, assessment_id, submission_id, reviewer_id, expires_at, completed_at,
                                             scores, comments, total)
                    SELECT gen_random_uuid(), s.assessment_id, s.id, ?, now() + interval '1 hour', now(),
                           '{"c": 1}', '{}', 1
                    FROM submissions s WHERE s.assessment_id = ? AND s.learner_id = ?""")) {
                int next = submissions - 1;
                for (int i = 0; i < requests; i++) {
                    if (i % 100 >= share) {
                        continue;
                    }
                    for (int j = 0; j < 3; j++) {
                        st.setString(1, "l" + (i + 1));
                        st.setObject(2, assessment);
                        st.setString(3, "l" + next--);
                        st.addBatch();
                    }
                    reviewers++;
                }
                st.executeBatch();
            }
            try (PreparedStatement st = c.prepareStatement("""
                    UPDATE peer_queue q SET load = x.n
                    FROM (SELECT submission_id, count(*) AS n FROM peer_reviews WHERE assessment_id = ?
                          GROUP BY submission_id) x
                    WHERE q.submission_id = x.submission_id""")) {
                st.setObject(1, assessment);
                st.executeUpdate();
            }
            c.commit();
            c.setAutoCommit(true);
            c.createStatement().execute("VACUUM ANALYZE peer_reviews");
            c.createStatement().execute("VACUUM ANALYZE peer_queue");
        }
        return reviewers;
    }

    private static void run(List<TestNode> nodes, String id, String[] tokens, int rate, int warmup, int seconds)
            throws Exception {
        Vertx vertx = Vertx.vertx();
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(128));
        long[] latency = new long[tokens.length];
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger empty = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(tokens.length);
        long period = 1_000_000_000L / rate;
        long start = System.nanoTime() + 100_000_000L;
        CpuMeter.Reading cpuFrom = null;
        for (int i = 0; i < tokens.length; i++) {
            long due = start + i * period;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (i == rate * warmup) {
                cpuFrom = CpuMeter.read();
            }
            int n = i;
            TestNode node = nodes.get(i % nodes.size());
            vertx.runOnContext(v -> send(client, node, id, tokens[n]).onComplete(r -> {
                latency[n] = System.nanoTime() - due;
                if (r.failed()) {
                    failures.incrementAndGet();
                } else if (r.result() == 204) {
                    empty.incrementAndGet();
                } else if (r.result() != 200) {
                    failures.incrementAndGet();
                }
                done.countDown();
            }));
        }
        long sent = System.nanoTime();
        CpuMeter.Reading cpuTo = CpuMeter.read();
        if (!done.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("requests did not finish");
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        StringBuilder windows = new StringBuilder("p99 per 5 s window (ms):");
        for (int from = 0; from < latency.length; from += rate * 5) {
            long[] w = Arrays.copyOfRange(latency, from, Math.min(latency.length, from + rate * 5));
            Arrays.sort(w);
            windows.append(String.format(" %.0f", pct(w, 0.99)));
        }
        System.out.println(windows);
        long[] measured = Arrays.copyOfRange(latency, rate * warmup, latency.length);
        Arrays.sort(measured);
        System.out.printf("%d requests due at %d/s over %d s (after %d s warm-up) on %d nodes; all sent %.1f s late at most,"
                        + " finished in %.1f s%n", measured.length, rate, seconds, warmup, nodes.size(),
                Math.max(0, (sent - start) / 1e9 - (tokens.length - 1) / (double) rate), elapsed);
        System.out.printf("reviews:next latency ms: p50 %.1f, p90 %.1f, p99 %.1f, p99.9 %.1f, max %.1f; failures %d, 204s %d%n",
                pct(measured, 0.50), pct(measured, 0.90), pct(measured, 0.99), pct(measured, 0.999),
                measured[measured.length - 1] / 1e6, failures.get(), empty.get());
        if (cpuFrom != null) {
            System.out.println(cpuTo.since(cpuFrom, (long) rate * seconds));
        }
        client.close();
        vertx.close();
    }

    private static Future<Integer> send(HttpClient client, TestNode node, String id, String token) {
        java.net.URI uri = java.net.URI.create(node.baseUrl());
        return client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(uri.getPort())
                        .setURI("/v1/assessments/" + id + "/reviews:next").putHeader("Authorization", "Bearer " + token))
                .compose(req -> req.send().compose(resp -> resp.body().map(body -> resp.statusCode())));
    }

    private static double pct(long[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))] / 1e6;
    }

    private static void check(int status, int expected, String what) {
        if (status != expected) {
            throw new IllegalStateException(what + ": HTTP " + status);
        }
    }

}
