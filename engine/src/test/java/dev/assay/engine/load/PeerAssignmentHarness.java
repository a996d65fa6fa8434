package dev.assay.engine.load;

import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.Quizzes;
import dev.assay.engine.testing.TestNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Load harness, not a test: latency and throughput of {@code POST /v1/assessments/{id}/reviews:next} end to end
 * (HTTP on loopback, the PostgreSQL transaction with row locks) on two nodes sharing one database. {@code learners}
 * learners submit; then {@code clients} concurrent clients play them, alternating nodes: each learner asks for a
 * lease and submits the review, {@code k} times (k = 3, extra 1, no calibration). Only reviews:next calls are timed.
 *
 * <pre>
 * ./mvnw -B -q -pl engine test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.assay.engine.load.PeerAssignmentHarness -Dexec.args="400 16"
 * </pre>
 */
public final class PeerAssignmentHarness {
    private PeerAssignmentHarness() {
    }

    public static void main(String[] argv) throws Exception {
        int learners = argv.length > 0 ? Integer.parseInt(argv[0]) : 400;
        int clients = argv.length > 1 ? Integer.parseInt(argv[1]) : 16;
        int k = 3;
        try (TestNode a = TestNode.start(); TestNode b = TestNode.startSharing(a)) {
            Api platform = a.newPlatform("peer-load");
            String id = Quizzes.createQuiz(platform, "load", Quizzes.twoQuestions(true));
            List<Api[]> players = new ArrayList<>();
            for (int i = 0; i < learners; i++) {
                String learner = "l" + i;
                platform.post("/v1/assessments/" + id + "/submissions",
                        Map.of("learnerId", learner, "answers", Map.of("q1", "a", "q2", true)));
                String token = platform.post("/v1/learner-tokens", Map.of("learnerId", learner)).json().get("token").asText();
                players.add(new Api[]{new Api(a.baseUrl(), token), new Api(b.baseUrl(), token)});
            }
            var config = Map.of(
                    "rubric", Map.of("criteria", List.of(Map.of("id", "c", "levels", List.of(
                            Map.of("points", 0), Map.of("points", 1), Map.of("points", 2))))),
                    "reviewsPerSubmission", k, "extraReviews", 1, "model", "median",
                    "reviewDeadline", Instant.now().plusSeconds(86_400).toString());
            if (platform.put("/v1/assessments/" + id + "/peer-review", config).status() != 200) {
                throw new IllegalStateException("config refused");
            }
            var queue = new ConcurrentLinkedQueue<>(players);
            List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            long start = System.nanoTime();
            List<Future<?>> work = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                work.add(pool.submit(() -> {
                    Api[] player;
                    int turn = 0;
                    while ((player = queue.poll()) != null) {
                        for (int r = 0; r < k; r++) {
                            Api api = player[turn++ % 2];
                            long t0 = System.nanoTime();
                            Api.Response next = api.post("/v1/assessments/" + id + "/reviews:next", "");
                            nanos.add(System.nanoTime() - t0);
                            if (next.status() != 200) {
                                break;
                            }
                            api.post("/v1/reviews/" + next.json().get("leaseId").asText(),
                                    Map.of("scores", Map.of("c", 1)));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(30, TimeUnit.MINUTES);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            System.out.printf("learners %d, clients %d, two nodes: %d reviews:next calls (plus as many review posts) in %.1f s%n",
                    learners, clients, sorted.size(), seconds);
            System.out.printf("reviews:next latency ms: p50 %.1f, p95 %.1f, p99 %.1f, max %.1f; %.0f reviews:next + review pairs/s%n",
                    pct(sorted, 0.50), pct(sorted, 0.95), pct(sorted, 0.99), sorted.getLast() / 1e6, sorted.size() / seconds);
        }
        // exec:java waits for every non-daemon thread, and a closed node's Hazelcast can leave one behind.
        System.exit(0);
    }

    private static double pct(List<Long> sorted, double q) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size()))) / 1e6;
    }
}
