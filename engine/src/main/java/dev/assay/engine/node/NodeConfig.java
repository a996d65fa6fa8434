package dev.assay.engine.node;

import dev.assay.engine.webhooks.DeliveryConfig;

import java.nio.file.Path;
import java.util.List;

/**
 * Everything a node needs to start. {@code pgUrl == null} means "embedded PostgreSQL in {@code dataDir}".
 * Without {@code cluster} the node still runs Hazelcast, as a cluster of one that joins nobody, so the
 * worker pool and its durability work the same way on a laptop as in production.
 */
public record NodeConfig(
        String host,
        int port,
        Path dataDir,
        String pgUrl,
        boolean cluster,
        List<String> members,
        String clusterName,
        int hazelcastPort,
        long bodyLimitBytes,
        int graderThreads,
        long leaseMillis,
        int queueLimit,
        DeliveryConfig delivery) {

    public static final long DEFAULT_BODY_LIMIT = 1024 * 1024;

    public static NodeConfig defaults() {
        return new NodeConfig("127.0.0.1", 8080, Path.of("data"), null, false, List.of(), "assay", 5701,
                DEFAULT_BODY_LIMIT, Runtime.getRuntime().availableProcessors(), 60_000, 2_000, DeliveryConfig.DEFAULT);
    }

    public NodeConfig withPort(int p) {
        return new NodeConfig(host, p, dataDir, pgUrl, cluster, members, clusterName, hazelcastPort, bodyLimitBytes, graderThreads, leaseMillis, queueLimit, delivery);
    }

    public NodeConfig withHost(String h) {
        return new NodeConfig(h, port, dataDir, pgUrl, cluster, members, clusterName, hazelcastPort, bodyLimitBytes, graderThreads, leaseMillis, queueLimit, delivery);
    }

    public NodeConfig withDataDir(Path d) {
        return new NodeConfig(host, port, d, pgUrl, cluster, members, clusterName, hazelcastPort, bodyLimitBytes, graderThreads, leaseMillis, queueLimit, delivery);
    }

    public NodeConfig withPgUrl(String u) {
        return new NodeConfig(host, port, dataDir, u, cluster, members, clusterName, hazelcastPort, bodyLimitBytes, graderThreads, leaseMillis, queueLimit, delivery);
    }

    public NodeConfig withCluster(List<String> m) {
        return new NodeConfig(host, port, dataDir, pgUrl, true, List.copyOf(m), clusterName, hazelcastPort, bodyLimitBytes, graderThreads, leaseMillis, queueLimit, delivery);
    }

    public NodeConfig withClusterName(String n) {
        return new NodeConfig(host, port, dataDir, pgUrl, cluster, members, n, hazelcastPort, bodyLimitBytes, graderThreads, leaseMillis, queueLimit, delivery);
    }

    public NodeConfig withHazelcastPort(int p) {
        return new NodeConfig(host, port, dataDir, pgUrl, cluster, members, clusterName, p, bodyLimitBytes, graderThreads, leaseMillis, queueLimit, delivery);
    }

    public NodeConfig withBodyLimit(long b) {
        return new NodeConfig(host, port, dataDir, pgUrl, cluster, members, clusterName, hazelcastPort, b, graderThreads, leaseMillis, queueLimit, delivery);
    }

    public NodeConfig withQueueLimit(int q) {
        return new NodeConfig(host, port, dataDir, pgUrl, cluster, members, clusterName, hazelcastPort, bodyLimitBytes, graderThreads, leaseMillis, q, delivery);
    }

    /** Gradings this node runs at once (the durable executor's pool size; at least 2). */
    public NodeConfig withGraderThreads(int t) {
        return new NodeConfig(host, port, dataDir, pgUrl, cluster, members, clusterName, hazelcastPort, bodyLimitBytes, t, leaseMillis, queueLimit, delivery);
    }

    public NodeConfig withLeaseMillis(long l) {
        return new NodeConfig(host, port, dataDir, pgUrl, cluster, members, clusterName, hazelcastPort, bodyLimitBytes, graderThreads, l, queueLimit, delivery);
    }

    /** How outcome events are delivered to webhooks (timeouts, backoff, attempts). */
    public NodeConfig withDelivery(DeliveryConfig d) {
        return new NodeConfig(host, port, dataDir, pgUrl, cluster, members, clusterName, hazelcastPort, bodyLimitBytes, graderThreads, leaseMillis, queueLimit, d);
    }
}
