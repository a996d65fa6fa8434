package dev.assay.engine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.store.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * An Assay node in a separate JVM ({@code assay serve} run from the test classpath), so a test can kill it the
 * way an operating system or an operator would: SIGKILL, no shutdown hook, no goodbye to the cluster. Everything
 * binds to 127.0.0.1; the node's output goes to a log file under {@code target/node-logs}.
 */
public final class NodeProcess implements AutoCloseable {
    private static final Pattern NODE_NAME = Pattern.compile("Assay node (\\S+) listening on");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Set<NodeProcess> RUNNING = ConcurrentHashMap.newKeySet();
    /** Ports handed out by this JVM, so two nodes of one test never get the same one before either binds it. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    static {
        // A test JVM that exits early (a failed assertion, Ctrl-C) must not leave node JVMs behind.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(NodeProcess::kill), "node-process-reaper"));
    }

    private final Spec spec;
    private final Process process;
    private final Path log;
    private final int httpPort;
    private final Path dataDir;
    private volatile String memberName;

    /** What to start. {@code memberPorts} empty means a standalone node (a cluster of one, joining nobody). */
    public record Spec(String name, String pgUrl, String clusterName, int hazelcastPort, List<Integer> memberPorts,
                       long leaseMillis, List<String> extraArgs) {
        public static Spec standalone(String name, String pgUrl, long leaseMillis) {
            return new Spec(name, pgUrl, uniqueClusterName(), freeHazelcastPorts(1).get(0), List.of(), leaseMillis, List.of());
        }

        /** The same node with further {@code assay serve} options. */
        public Spec withArgs(String... args) {
            List<String> all = new ArrayList<>(extraArgs);
            all.addAll(List.of(args));
            return new Spec(name, pgUrl, clusterName, hazelcastPort, memberPorts, leaseMillis, List.copyOf(all));
        }

        /** Member {@code index} of a cluster whose members listen on {@code memberPorts}. */
        public static Spec member(String name, String pgUrl, String clusterName, List<Integer> memberPorts, int index,
                                  long leaseMillis) {
            return new Spec(name, pgUrl, clusterName, memberPorts.get(index), List.copyOf(memberPorts), leaseMillis, List.of());
        }
    }

    private NodeProcess(Spec spec, Process process, Path log, int httpPort, Path dataDir) {
        this.spec = spec;
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.dataDir = dataDir;
    }

    /** The node's data directory (its embedded PostgreSQL lives there when the spec names no pgUrl). */
    public Path dataDir() {
        return dataDir;
    }

    public static String uniqueClusterName() {
        return "assay-it-" + ProcessHandle.current().pid() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    }

    /**
     * {@code count} Hazelcast ports that are free right now: a random base in 5800–6700 (away from Hazelcast's
     * default 5701 and from the ephemeral range), each port checked by binding it on loopback.
     */
    public static List<Integer> freeHazelcastPorts(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = 5800 + ThreadLocalRandom.current().nextInt(900 - 4 * count);
            List<Integer> ports = new ArrayList<>();
            for (int p = base; p < base + 4 * count && ports.size() < count; p++) {
                if (!HANDED_OUT.contains(p) && isFree(p)) {
                    ports.add(p);
                }
            }
            if (ports.size() == count) {
                HANDED_OUT.addAll(ports);
                return ports;
            }
        }
        throw new IllegalStateException("no free Hazelcast ports in 5800-6700");
    }

    public static int freeHttpPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (HANDED_OUT.add(s.getLocalPort())) {
                    return s.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free HTTP port");
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(false);
            s.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts the node and waits (bounded) until {@code /health/ready} answers 200. */
    public static NodeProcess start(Spec spec) throws IOException {
        int httpPort = freeHttpPort();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.net.preferIPv4Stack=true",
                // What Hazelcast asks for on modern JDKs; without it it only logs a warning and runs slower paths.
                "--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                "dev.assay.engine.cli.Main", "serve",
                "--host", "127.0.0.1",
                "--port", Integer.toString(httpPort),
                "--cluster-name", spec.clusterName(),
                "--hz-port", Integer.toString(spec.hazelcastPort()),
                "--lease-ms", Long.toString(spec.leaseMillis())));
        if (spec.pgUrl() != null) {
            command.addAll(List.of("--pg-url", spec.pgUrl()));
        }
        // Without a pgUrl the node runs its embedded PostgreSQL in here.
        Path dataDir = logDir().resolve("data-" + spec.name() + "-" + httpPort);
        command.addAll(List.of("--data-dir", dataDir.toString()));
        command.addAll(spec.extraArgs());
        if (!spec.memberPorts().isEmpty()) {
            command.add("--cluster");
            command.add("--members");
            command.add(spec.memberPorts().stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(",")));
        }
        Path log = logDir().resolve(spec.name() + "-" + httpPort + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        NodeProcess node = new NodeProcess(spec, process, log, httpPort, dataDir);
        RUNNING.add(node);
        try {
            node.awaitReady(Duration.ofSeconds(90));
        } catch (RuntimeException | Error e) {
            node.kill();
            throw new IllegalStateException("node " + spec.name() + " did not become ready; log " + log + ":\n"
                    + node.logTail(60), e);
        }
        return node;
    }

    private static Path logDir() throws IOException {
        Path dir = Path.of(System.getProperty("basedir", "."), "target", "node-logs");
        Files.createDirectories(dir);
        return dir;
    }

    private void awaitReady(Duration atMost) {
        await("node " + spec.name() + " ready").atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("node " + spec.name() + " exited with " + process.exitValue());
                    }
                    return readiness().map(r -> r.path("status").asText().equals("UP")).orElse(false);
                });
        memberName = findMemberName();
    }

    /** Waits until this node's Hazelcast member sees {@code count} members. */
    public void awaitMembers(int count, Duration atMost) {
        String expected = count + " member(s)";
        await("node " + spec.name() + " sees " + expected).atMost(atMost).pollInterval(Duration.ofMillis(200))
                .until(() -> readiness().map(r -> r.at("/checks/cluster/detail").asText().equals(expected)).orElse(false));
    }

    private Optional<JsonNode> readiness() {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(Json.parse(r.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private String findMemberName() {
        AtomicReference<String> name = new AtomicReference<>();
        // The node logs its line just before the CLI prints "listening"; both are in the file by the time it is ready.
        await("member name in " + log).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Matcher m = NODE_NAME.matcher(Files.readString(log));
            if (m.find()) {
                name.set(m.group(1));
                return true;
            }
            return false;
        });
        return name.get();
    }

    public String name() {
        return spec.name();
    }

    /** The Hazelcast member's instance name, which the store records as {@code done_by}/{@code graded_by}. */
    public String memberName() {
        return memberName;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public Api api(String token) {
        return new Api(baseUrl(), token);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    public String logTail(int lines) {
        List<String> all = logText().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /**
     * The TCP addresses this node's JVM listens on (HTTP, Hazelcast member, clustered event bus), read from
     * {@code /proc}: the sockets among the process's file descriptors that are in LISTEN state. Linux only.
     */
    public List<InetSocketAddress> listeningAddresses() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException e) {
                    // the descriptor closed while we were looking
                }
            });
        }
        List<InetSocketAddress> out = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path file = Path.of("/proc", Long.toString(pid()), "net", table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 9 && "0A".equals(f[3]) && inodes.contains(f[9])) {
                    String[] local = f[1].split(":");
                    out.add(new InetSocketAddress(procAddress(local[0]), Integer.parseInt(local[1], 16)));
                }
            }
        }
        return out;
    }

    /** {@code /proc/net/tcp*} addresses are hex, each 32-bit word in host (little-endian) byte order. */
    private static InetAddress procAddress(String hex) throws IOException {
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                int at = word * 8 + (3 - i) * 2;
                bytes[word * 4 + i] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
            }
        }
        return InetAddress.getByAddress(bytes); // an IPv4-mapped IPv6 address comes back as the IPv4 address
    }

    /** SIGKILL to the node and anything it started; returns once the process is gone. */
    public void kill() {
        // Its sandboxes die after the JVM, as with kill -9 or the OOM killer: killed first, a compile that died under
        // the still-running node was recorded as the learner's compile error (seen once in CodeBurstTest). Its other
        // children (the PostgreSQL watchdog) go first, as before, so the next start takes the server over.
        List<ProcessHandle> sandboxes = process.children().filter(NodeProcess::isSandbox)
                .flatMap(c -> java.util.stream.Stream.concat(java.util.stream.Stream.of(c), c.descendants())).toList();
        process.children().filter(c -> !isSandbox(c)).forEach(c -> {
            c.descendants().forEach(ProcessHandle::destroyForcibly);
            c.destroyForcibly();
        });
        process.destroyForcibly();
        waitFor(30);
        sandboxes.forEach(ProcessHandle::destroyForcibly); // --die-with-parent has stopped them; any left go now
        RUNNING.remove(this);
    }

    private static boolean isSandbox(ProcessHandle p) {
        return p.info().command().map(c -> c.endsWith("/bwrap")).orElse(false);
    }

    /** Stops every node given (null entries are nodes never started), in the order given. */
    public static void closeAll(NodeProcess... nodes) {
        for (NodeProcess n : nodes) {
            if (n != null) {
                n.close();
            }
        }
    }

    /** Asks the node to stop (SIGTERM runs its shutdown hook); kills it if it has not stopped in time. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            if (!waitFor(20)) {
                kill();
            }
        }
        RUNNING.remove(this);
    }

    private boolean waitFor(int seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return "node " + spec.name() + " (pid " + process.pid() + ", " + baseUrl() + ", member " + memberName + ")";
    }
}
