package dev.assay.engine.load;

import dev.assay.engine.node.Node;
import dev.assay.engine.node.NodeConfig;
import dev.assay.engine.store.Database;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.PlatformAdmin;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.NodeProcess;
import dev.assay.engine.testing.TestPostgres;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Load harness, not a test: Jobe runs per second on one node, as CodeRunner sends them (each a fresh sandbox to
 * compile, {@code py_compile}, and one to run). One node in this JVM on the test PostgreSQL; {@code --warmup} runs,
 * then {@code --runs} Python runs (read a line, print it back) over loopback HTTP, {@code --in-flight} at a time.
 * Reported: runs/s, latency percentiles, and the outcome codes (every one must be 15).
 *
 * <pre>
 * ./mvnw -B -q -pl engine test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.assay.engine.load.JobeThroughputHarness -Dexec.args="--runs 400 --in-flight 8"
 * </pre>
 */
public final class JobeThroughputHarness {
    private JobeThroughputHarness() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> opts = HarnessArgs.options(argv);
        int runs = Integer.parseInt(opts.getOrDefault("runs", "400"));
        int inFlight = Integer.parseInt(opts.getOrDefault("in-flight", "8"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "40"));
        String pgUrl = TestPostgres.freshDatabase();
        Database.PgLocation pg = Database.PgLocation.parse(pgUrl);
        NodeConfig config = NodeConfig.defaults().withPort(NodeProcess.freeHttpPort()).withPgUrl(pgUrl)
                .withClusterName(NodeProcess.uniqueClusterName())
                .withHazelcastPort(NodeProcess.freeHazelcastPorts(1).get(0))
                .withDataDir(Files.createTempDirectory("assay-jobe-load"));
        try (Node node = Node.start(config)) {
            String key = PlatformAdmin.create(pg, "load-" + UUID.randomUUID()).apiKey();
            Api jobe = new Api("http://127.0.0.1:" + node.port(), null);
            batch(jobe, key, warmup, inFlight);
            long start = System.nanoTime();
            List<long[]> results = batch(jobe, key, runs, inFlight);
            double seconds = (System.nanoTime() - start) / 1e9;
            List<Long> latencies = new ArrayList<>();
            Map<Long, Integer> outcomes = new TreeMap<>();
            results.forEach(r -> {
                latencies.add(r[0]);
                outcomes.merge(r[1], 1, Integer::sum);
            });
            Collections.sort(latencies);
            System.out.printf("""

                    Jobe runs on one node (%d cores, %d sandboxes at once)
                      %d Python runs, %d in flight: %.1f s, %.1f runs/s
                      latency ms: p50 %.0f, p90 %.0f, p99 %.0f, max %.0f
                      outcomes: %s
                    """, Runtime.getRuntime().availableProcessors(), config.graderThreads(), runs, inFlight, seconds,
                    runs / seconds, pct(latencies, 50), pct(latencies, 90), pct(latencies, 99),
                    latencies.get(latencies.size() - 1) / 1e6, outcomes);
        }
        System.exit(0);
    }

    /** Sends {@code n} runs, {@code inFlight} at a time; each result is {latency ns, outcome code}. */
    private static List<long[]> batch(Api jobe, String key, int n, int inFlight) throws Exception {
        String body = Json.write(Map.of("run_spec", Map.of("language_id", "python3",
                "sourcecode", "print(input())\n", "input", "hello\n")));
        ExecutorService pool = Executors.newFixedThreadPool(inFlight);
        try {
            List<Future<long[]>> sent = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                sent.add(pool.submit(() -> {
                    long t = System.nanoTime();
                    Api.Response r = jobe.send(jobe.request("/jobe/index.php/restapi/runs").header("X-API-KEY", key)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build());
                    long outcome = r.status() == 200 ? r.json().get("outcome").asLong() : -r.status();
                    return new long[]{System.nanoTime() - t, outcome};
                }));
            }
            List<long[]> out = new ArrayList<>();
            for (Future<long[]> f : sent) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    private static double pct(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }
}
