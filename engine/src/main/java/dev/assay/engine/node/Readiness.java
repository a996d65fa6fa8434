package dev.assay.engine.node;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.cluster.ClusterState;
import com.hazelcast.core.HazelcastInstance;
import dev.assay.engine.store.Json;
import dev.assay.graders.code.SandboxStatus;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;

/**
 * Ready means: the store answers a query and this member is running in an active cluster. The sandbox is reported
 * too, since code grading depends on it.
 */
public final class Readiness {
    private final Pool pool;
    private final HazelcastInstance hazelcast;
    private final SandboxStatus sandbox;

    public Readiness(Pool pool, HazelcastInstance hazelcast, SandboxStatus sandbox) {
        this.pool = pool;
        this.hazelcast = hazelcast;
        this.sandbox = sandbox;
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
