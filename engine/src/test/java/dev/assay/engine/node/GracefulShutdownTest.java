package dev.assay.engine.node;

import dev.assay.engine.store.Database;
import dev.assay.engine.store.PlatformAdmin;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.NodeProcess;
import dev.assay.engine.testing.Quizzes;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node on its embedded PostgreSQL stopped with SIGTERM while platforms keep submitting: requests either complete
 * or find no server, never a 500 (PostgreSQL used to stop under requests still being served), and the node takes
 * its PostgreSQL down with it.
 */
class GracefulShutdownTest {

    /** Whether the process runs: an exited one its new parent has not reaped yet is a zombie, not running. */
    private static boolean running(long pid) throws java.io.IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String text = Files.readString(stat);
        return text.charAt(text.lastIndexOf(')') + 2) != 'Z';
    }

    @Test
    void sigtermUnderLoadAnswersNo500AndLeavesNoPostgresBehind() throws Exception {
        NodeProcess node = NodeProcess.start(NodeProcess.Spec.standalone("sigterm", null, 60_000));
        try {
            Database.PgLocation pg = Database.runningEmbedded(node.dataDir());
            assertThat(pg).as("the node's embedded PostgreSQL").isNotNull();
            Path pidFile = node.dataDir().resolve("pg").resolve("postmaster.pid");
            long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            String key = PlatformAdmin.create(pg, "shutdown").apiKey();
            Api api = node.api(key);
            String quiz = Quizzes.createQuiz(api, "shutdown-course", Quizzes.twoQuestions(true));

            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            List<String> fivehundreds = new CopyOnWriteArrayList<>();
            AtomicInteger stored = new AtomicInteger();
            List<Thread> clients = new java.util.ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int client = c;
                clients.add(Thread.ofVirtual().start(() -> {
                    // Bounded: each client stops at its first refused connection, or after 5,000 requests.
                    for (int i = 0; i < 5_000; i++) {
                        Api.Response r;
                        try {
                            r = api.post("/v1/assessments/" + quiz + "/submissions",
                                    Map.of("learnerId", "l" + client + "-" + i, "answers", Map.of("q1", "a")));
                        } catch (IllegalStateException gone) {
                            return; // the server is gone: what a platform retries later
                        }
                        statuses.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
                        if (r.status() == 201) {
                            stored.incrementAndGet();
                        } else if (r.status() >= 500 && r.status() != 503) {
                            fivehundreds.add(r.status() + " " + r.body());
                        }
                    }
                }));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> stored.get() >= 100);
            node.close(); // SIGTERM, then waits for the process to end
            for (Thread t : clients) {
                t.join(Duration.ofSeconds(60));
            }
            assertThat(fivehundreds).as("statuses %s", statuses).isEmpty();
            await("the embedded PostgreSQL stopped with the node").atMost(Duration.ofSeconds(10))
                    .until(() -> !running(postmaster));
            // An operator tells a clean stop from a crash by the log's last lines.
            assertThat(java.nio.file.Files.readString(node.log())).contains("Assay is stopping", "Assay stopped");
        } finally {
            node.kill();
        }
    }
}
