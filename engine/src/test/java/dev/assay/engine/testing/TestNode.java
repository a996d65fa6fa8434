package dev.assay.engine.testing;

import dev.assay.engine.node.Node;
import dev.assay.engine.node.NodeConfig;
import dev.assay.engine.store.Database;
import dev.assay.engine.store.PlatformAdmin;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** An in-process node on loopback with its own database and a cluster name no other test shares. */
public final class TestNode implements AutoCloseable {
    private final Node node;
    private final String pgUrl;
    private final Path dataDir;
    private boolean closed;

    private TestNode(Node node, String pgUrl, Path dataDir) {
        this.node = node;
        this.pgUrl = pgUrl;
        this.dataDir = dataDir;
    }

    public static TestNode start() throws Exception {
        return start(NodeConfig.defaults());
    }

    public static TestNode start(NodeConfig base) throws Exception {
        String pgUrl = TestPostgres.freshDatabase();
        Path dataDir = TempDirs.create("assay-node");
        NodeConfig config = base.withPort(freePort()).withPgUrl(pgUrl)
                .withClusterName("assay-test-" + UUID.randomUUID())
                .withDataDir(dataDir)
                .withHazelcastPort(5900 + (int) (Math.random() * 500));
        return new TestNode(Node.start(config), pgUrl, dataDir);
    }

    /**
     * {@code n} nodes on one fresh database in one Hazelcast cluster, as a deployment runs them (each names all
     * members; the first waits for the others only as long as Hazelcast's join does).
     */
    public static List<TestNode> startCluster(int n) throws Exception {
        String pgUrl = TestPostgres.freshDatabase();
        String cluster = NodeProcess.uniqueClusterName();
        List<Integer> ports = NodeProcess.freeHazelcastPorts(n);
        List<String> members = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        List<TestNode> nodes = new ArrayList<>();
        for (int port : ports) {
            Path dataDir = TempDirs.create("assay-node");
            NodeConfig config = NodeConfig.defaults().withPort(freePort()).withPgUrl(pgUrl).withClusterName(cluster)
                    .withDataDir(dataDir).withHazelcastPort(port).withCluster(members);
            nodes.add(new TestNode(Node.start(config), pgUrl, dataDir));
        }
        return nodes;
    }

    /** A second node on {@code other}'s database (its own cluster name: only the store is shared). */
    public static TestNode startSharing(TestNode other) throws Exception {
        return startOn(other.pgUrl, "assay-test-" + UUID.randomUUID());
    }

    /** A node on the database at {@code pgUrl} in cluster {@code clusterName} (a node restarted, say). */
    public static TestNode startOn(String pgUrl, String clusterName) throws Exception {
        Path dataDir = TempDirs.create("assay-node");
        NodeConfig config = NodeConfig.defaults().withPort(freePort()).withPgUrl(pgUrl)
                .withClusterName(clusterName)
                .withDataDir(dataDir)
                .withHazelcastPort(5900 + (int) (Math.random() * 500));
        return new TestNode(Node.start(config), pgUrl, dataDir);
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + node.port();
    }

    public Node node() {
        return node;
    }

    public String pgUrl() {
        return pgUrl;
    }

    public Database.PgLocation pg() {
        return node.pg();
    }

    /** Creates a platform the way an admin would and returns a client holding its key. */
    public Api newPlatform(String name) throws Exception {
        return new Api(baseUrl(), PlatformAdmin.create(node.pg(), name + "-" + UUID.randomUUID()).apiKey());
    }

    @Override
    public void close() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        try {
            node.close();
        } finally {
            TempDirs.delete(dataDir);
        }
    }
}
