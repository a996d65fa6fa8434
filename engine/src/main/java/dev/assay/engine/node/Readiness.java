package dev.assay.engine.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.cluster.ClusterState;
import com.hazelcast.core.HazelcastInstance;
import dev.assay.engine.store.Json;
import dev.assay.graders.code.SandboxStatus;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

import java.util.function.Supplier;

/**
 * Ready means: the store answers a query and this member is running in an active cluster, the one cluster using
 * the store (a node of a second cluster on the same store, started later, is not ready: {@link ClusterPresence}).
 * The sandbox is reported too, since code grading depends on it.
 */
public final class Readiness {
    private final Pool pool;
    private final HazelcastInstance hazelcast;
    private final SandboxStatus sandbox;
    private final Supplier<ClusterPresence.State> presence;

    public Readiness(Pool pool, HazelcastInstance hazelcast, SandboxStatus sandbox, Supplier<ClusterPresence.State> presence) {
        this.pool = pool;
        this.hazelcast = hazelcast;
        this.sandbox = sandbox;
        this.presence = presence;
    }

    public record Report(boolean ready, ObjectNode body) {
    }

    public Future<Report> check() {
        boolean clusterUp;
        String clusterDetail;
        try {
            clusterUp = hazelcast.getLifecycleService().isRunning()
                    && hazelcast.getCluster().getClusterState() == ClusterState.ACTIVE;
            clusterDetail = clusterUp ? hazelcast.getCluster().getMembers().size() + " member(s)" : "not active";
            ClusterPresence.State others = presence.get();
            if (clusterUp && !others.strangers().isEmpty()) {
                String who = others.strangers().stream().map(s -> s.address() + " (HTTP " + s.http() + ", cluster '"
                        + s.clusterName() + "')").collect(java.util.stream.Collectors.joining(", "));
                clusterUp = !others.outvoted();
                clusterDetail += (others.outvoted()
                        ? "; not the cluster of this store: nodes of a cluster started earlier use it too: "
                        : "; nodes outside this cluster use its store: ")
                        + who + "; check --cluster-name and --members";
            }
        } catch (RuntimeException e) {
            clusterUp = false;
            clusterDetail = "unavailable";
        }
        boolean cluster = clusterUp;
        String detail = clusterDetail;
        return pool.query("SELECT 1").execute().timeout(2, java.util.concurrent.TimeUnit.SECONDS)
                .map(r -> true).otherwise(false)
                .map(store -> {
                    ObjectNode body = Json.object().put("status", store && cluster ? "UP" : "DOWN");
                    ObjectNode checks = body.putObject("checks");
                    checks.putObject("store").put("status", store ? "UP" : "DOWN");
                    checks.putObject("cluster").put("status", cluster ? "UP" : "DOWN").put("detail", detail);
                    // Without a sandbox the node still grades quizzes, so it stays ready; it refuses code instead.
                    checks.putObject("sandbox").put("status", sandbox.available() ? "UP" : "DOWN")
                            .put("detail", sandbox.available() ? "bubblewrap " + sandbox.version() : sandbox.reason());
                    return new Report(store && cluster, body);
                });
    }
}
