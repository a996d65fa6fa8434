package dev.assay.engine.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.node.Node;
import dev.assay.engine.node.NodeConfig;
import dev.assay.engine.store.Database;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.PlatformAdmin;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.NodeProcess;
import dev.assay.engine.testing.TestPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Load harness, not a test: how many code submissions per second the engine grades through its worker pool, end
 * to end. It starts one node (or {@code --nodes 2}, in this JVM, clustered) on the test PostgreSQL (embedded unless
 * {@code ASSAY_TEST_PG_URL} is set), creates a Python 3 assessment with {@code --tests} test cases, sends a warm-up
 * batch and waits for it, then sends {@code --submissions} correct programs over loopback HTTP ({@code --in-flight}
 * at a time) and measures from the first submission's {@code created_at} to the last {@code graded_at} (both the
 * database's clock). Each graded submission is one {@code py_compile} sandbox plus one sandbox per test.
 *
 * <pre>
 * ./mvnw -B -q -pl engine test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.assay.engine.load.CodeThroughputHarness -Dexec.args="--submissions 600 --tests 5"
 * </pre>
 * Options: {@code --submissions N} (600), {@code --tests T} (5), {@code --threads P} (grading pool size per node;
 * default the node's default, one per core), {@code --nodes 1|2} (1), {@code --in-flight C} (16),
 * {@code --warmup W} (30).
 */
public final class CodeThroughputHarness {
    private static final Pattern TIMER = Pattern.compile(
            "(?m)^assay_grading_seconds_(count|sum)\\{grader=\"code\",?\\} (\\S+)$");

    private CodeThroughputHarness() {
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> opts = HarnessArgs.options(argv);
        int submissions = Integer.parseInt(opts.getOrDefault("submissions", "600"));
        int tests = Integer.parseInt(opts.getOrDefault("tests", "5"));
        int nodes = Integer.parseInt(opts.getOrDefault("nodes", "1"));
        int inFlight = Integer.parseInt(opts.getOrDefault("in-flight", "16"));
        int warmup = Integer.parseInt(opts.getOrDefault("warmup", "30"));
        int threads = Integer.parseInt(opts.getOrDefault("threads",
                Integer.toString(NodeConfig.defaults().graderThreads())));
        int pool = Math.max(2, threads); // what HazelcastSetup makes of it

        String pgUrl = TestPostgres.freshDatabase();
        Database.PgLocation pg = Database.PgLocation.parse(pgUrl);
        List<Node> started = new ArrayList<>();
        try {
            String cluster = NodeProcess.uniqueClusterName();
            List<Integer> hzPorts = NodeProcess.freeHazelcastPorts(nodes);
            for (int i = 0; i < nodes; i++) {
                NodeConfig config = NodeConfig.defaults().withPort(NodeProcess.freeHttpPort()).withPgUrl(pgUrl)
                        .withClusterName(cluster).withHazelcastPort(hzPorts.get(i))
                        .withDataDir(Files.createTempDirectory("assay-load"))
                        .withGraderThreads(threads).withQueueLimit(100_000);
                if (nodes > 1) {
                    config = config.withCluster(hzPorts.stream().map(p -> "127.0.0.1:" + p).toList());
                }
                started.add(Node.start(config));
            }
            String base = "http://127.0.0.1:" + started.get(0).port();
            Api api = new Api(base, PlatformAdmin.create(pg, "load-" + UUID.randomUUID()).apiKey());
            JsonNode sandbox = api.get("/v1/languages").json().get("sandbox");
            if (!sandbox.path("available").asBoolean()) {
                throw new IllegalStateException("no sandbox on this machine: " + sandbox);
            }
            check(api.put("/v1/courses/load", Map.of("title", "Load")), 200, 201);
            Api.Response created = api.post("/v1/courses/load/assessments",
                    Map.of("title", "Sum", "kind", "code", "definition", definition(tests)));
            check(created, 201);
            String assessmentId = created.json().get("id").asText();

            String program = "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n";
            submit(api, assessmentId, "warm", warmup, inFlight, program);
            awaitGraded(pg, assessmentId, warmup, Duration.ofMinutes(5));
            double[] timerBefore = codeTimer(started);

            String load = loadAverage();
            long[] cpuBefore = cpuTicks(pg.port());
            long wallStart = System.nanoTime();
            submit(api, assessmentId, "load", submissions, inFlight, program);
            long sentNanos = System.nanoTime() - wallStart;
            awaitGraded(pg, assessmentId, warmup + submissions, Duration.ofMinutes(30));
            long wallNanos = System.nanoTime() - wallStart;
            long[] cpuAfter = cpuTicks(pg.port());
            double[] timerAfter = codeTimer(started);

            double seconds;
            double perfect;
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                 PreparedStatement st = c.prepareStatement("""
                         SELECT extract(epoch FROM max(graded_at) - min(created_at)), min(score), max(score), count(*)
                         FROM submissions WHERE assessment_id = ?::uuid AND learner_id LIKE 'load%'""")) {
                st.setString(1, assessmentId);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    seconds = rs.getDouble(1);
                    perfect = rs.getDouble(2);
                    if (rs.getDouble(2) != tests || rs.getDouble(3) != tests || rs.getInt(4) != submissions) {
                        throw new IllegalStateException("unexpected results: scores " + rs.getDouble(2) + ".."
                                + rs.getDouble(3) + " of " + tests + ", " + rs.getInt(4) + " rows");
                    }
                }
            }
            double perSecond = submissions / seconds;
            double gradings = timerAfter[0] - timerBefore[0];
            double meanMillis = gradings == 0 ? 0 : (timerAfter[1] - timerBefore[1]) / gradings * 1000;
            double jvmCpu = (cpuAfter[0] - cpuBefore[0]) * 1000.0 / TICKS_PER_SECOND / submissions;
            double pgCpu = (cpuAfter[1] - cpuBefore[1]) * 1000.0 / TICKS_PER_SECOND / submissions;
            System.out.printf("""

                    Code grading through the worker pool
                      machine: %d cores; load average before: %s, after: %s
                      nodes: %d (in one JVM), grading pool per node: %d, HTTP in flight: %d, warm-up: %d
                      assessment: Python 3, %d tests (1 py_compile sandbox + %d run sandboxes per submission)
                      %d submissions sent in %.2f s, all graded (score %.0f/%d) %.2f s after the first was stored (wall %.2f s)
                      graded submissions/s: %.2f
                      sandboxed test runs/s: %.1f   (sandboxes incl. compile: %.1f/s)
                      mean grading time per submission on a worker thread: %.1f ms (%d gradings)
                      CPU per graded submission outside the sandboxes: JVM %.1f ms (node%s and load generator), PostgreSQL %.1f ms
                    """,
                    Runtime.getRuntime().availableProcessors(), load, loadAverage(), nodes, pool, inFlight, warmup,
                    tests, tests, submissions, sentNanos / 1e9, perfect, tests, seconds, wallNanos / 1e9,
                    perSecond, perSecond * tests, perSecond * (tests + 1), meanMillis, (long) gradings,
                    jvmCpu, nodes > 1 ? "s" : "", pgCpu);
        } finally {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).close();
            }
        }
        System.exit(0); // the embedded PostgreSQL stops in its shutdown hook
    }

    /** {@code tests} cases, one point each: the sum of the numbers on stdin. */
    static JsonNode definition(int tests) {
        ObjectNode d = Json.object().put("language", "python3");
        d.set("limits", Json.object().put("cpuSeconds", 2).put("wallSeconds", 5));
        ArrayNode cases = d.putArray("tests");
        for (int t = 0; t < tests; t++) {
            int x = 3 * t + 1;
            int y = 7 * t + 2;
            cases.addObject().put("id", "t" + t).put("stdin", x + " " + y + "\n").put("expected", (x + y) + "\n");
        }
        return d;
    }

    private static void submit(Api api, String assessmentId, String prefix, int count, int inFlight, String program)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(inFlight);
        try {
            List<Future<Api.Response>> replies = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                replies.add(pool.submit(() -> api.post("/v1/assessments/" + assessmentId + "/submissions",
                        Map.of("learnerId", prefix + n, "source", "# " + prefix + n + "\n" + program))));
            }
            for (Future<Api.Response> f : replies) {
                check(f.get(5, TimeUnit.MINUTES), 202);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitGraded(Database.PgLocation pg, String assessmentId, int count, Duration atMost)
            throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             PreparedStatement st = c.prepareStatement(
                     "SELECT count(*) FROM submissions WHERE assessment_id = ?::uuid AND status = 'graded'")) {
            st.setString(1, assessmentId);
            while (true) {
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) >= count) {
                        return;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("only " + rs.getInt(1) + " of " + count + " graded in " + atMost);
                    }
                }
                Thread.sleep(100);
            }
        }
    }

    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    /**
     * CPU used so far, in clock ticks: {this JVM, the PostgreSQL server listening on {@code pgPort} with its
     * backends}. Linux only. The sandboxes' CPU cannot be had this way: bubblewrap's monitor process exits without
     * reaping the sandbox's init, so the program's CPU time never reaches this JVM's {@code cutime}.
     */
    static long[] cpuTicks(int pgPort) {
        long self = statTicks(ProcessHandle.current().pid());
        long pg = 0;
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            boolean postmaster = p.info().command().map(c -> c.endsWith("/postgres")).orElse(false)
                    && p.info().arguments().map(a -> List.of(a).contains(Integer.toString(pgPort))).orElse(false);
            if (postmaster) {
                pg += statTicks(p.pid());
                for (ProcessHandle d : p.descendants().toList()) {
                    pg += statTicks(d.pid());
                }
            }
        }
        return new long[] {self, pg};
    }

    /** utime + stime of a process, from /proc/PID/stat; 0 when it is gone. */
    private static long statTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state=0 ... utime=11 stime=12
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (Exception e) {
            return 0;
        }
    }

    /** The nodes' code-grading timers, added up: {count, sum of seconds}. */
    private static double[] codeTimer(List<Node> nodes) {
        double[] out = new double[2];
        for (Node node : nodes) {
            String metrics = new Api("http://127.0.0.1:" + node.port(), null).get("/metrics").body();
            Matcher m = TIMER.matcher(metrics);
            while (m.find()) {
                out["count".equals(m.group(1)) ? 0 : 1] += Double.parseDouble(m.group(2));
            }
        }
        return out;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    private static void check(Api.Response r, int... statuses) {
        for (int s : statuses) {
            if (r.status() == s) {
                return;
            }
        }
        throw new IllegalStateException("HTTP " + r.status() + ": " + r.body());
    }

}
