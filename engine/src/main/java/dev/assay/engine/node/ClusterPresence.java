package dev.assay.engine.node;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Finds nodes that share this node's store without being in its cluster. Every node records itself in the store
 * each {@link #PERIOD_MS}; a recently renewed record of a node that is not, and never was, a member of this node's
 * cluster is a stranger (a member that died or was split off is Hazelcast's business, not a misconfiguration). Of
 * two clusters on one store, the one first seen on it is the cluster (by cluster name, over the records of the last
 * day, so that restarting the real cluster's nodes does not hand the store to a stray node; by the members' start
 * when the names are the same); a node of the other is not ready, so that a load balancer stops sending it work,
 * and says why.
 */
public final class ClusterPresence {
    static final long PERIOD_MS = 3_000;
    private static final Logger LOG = Logger.getLogger(ClusterPresence.class.getName());

    /** A node outside this cluster, as its record says. */
    public record Stranger(String clusterName, String address, String http, OffsetDateTime startedAt) {
    }

    /** What readiness reports: the strangers seen, and whether this node's cluster is the newer of the two. */
    public record State(List<Stranger> strangers, boolean outvoted) {
        static final State NONE = new State(List.of(), false);
    }

    private final Pool pool;
    private final HazelcastInstance hazelcast;
    private final String clusterName;
    private final String http;
    private final OffsetDateTime startedAt = OffsetDateTime.now();
    private final PeriodicJob job;
    /** Every member this node has seen in its cluster. */
    private final Set<UUID> members = new HashSet<>();
    private final Set<UUID> reported = new HashSet<>();
    private volatile State state = State.NONE;

    public ClusterPresence(Vertx vertx, Pool pool, HazelcastInstance hazelcast, String clusterName, String http) {
        this.pool = pool;
        this.hazelcast = hazelcast;
        this.clusterName = clusterName;
        this.http = http;
        this.job = new PeriodicJob(vertx, "cluster presence", PERIOD_MS, this::beat);
    }

    public void start() {
        job.start();
    }

    public void stop() {
        job.stop();
    }

    public State state() {
        return state;
    }

    private Future<?> beat() {
        Member self = hazelcast.getCluster().getLocalMember();
        Set<UUID> current = new HashSet<>();
        hazelcast.getCluster().getMembers().forEach(m -> current.add(m.getUuid()));
        return pool.withTransaction(c -> c.preparedQuery("""
                                INSERT INTO cluster_nodes (member_id, cluster_name, address, http, started_at, seen_at)
                                VALUES ($1, $2, $3, $4, $5, now())
                                ON CONFLICT (member_id) DO UPDATE SET seen_at = now()""")
                        .execute(Tuple.of(self.getUuid(), clusterName, self.getAddress().getHost() + ":"
                                + self.getAddress().getPort(), http, startedAt))
                        // Records of nodes gone for a day are of no more use.
                        .compose(v -> c.query("DELETE FROM cluster_nodes WHERE seen_at < now() - interval '1 day'").execute())
                        .compose(v -> c.query("""
                                SELECT member_id, cluster_name, address, http, started_at,
                                       seen_at > now() - make_interval(secs => %d) AS fresh
                                FROM cluster_nodes""".formatted(3 * PERIOD_MS / 1000)).execute()))
                .map(rows -> {
                    judge(rows, current);
                    return null;
                });
    }

    private void judge(Iterable<Row> rows, Set<UUID> current) {
        members.addAll(current);
        Map<String, OffsetDateTime> firstStarted = new HashMap<>();
        OffsetDateTime ourMembers = null;
        for (Row r : rows) {
            OffsetDateTime started = r.getOffsetDateTime("started_at");
            firstStarted.merge(r.getString("cluster_name"), started, (a, b) -> a.isBefore(b) ? a : b);
            if (current.contains(r.getUUID("member_id"))) {
                ourMembers = ourMembers == null || started.isBefore(ourMembers) ? started : ourMembers;
            }
        }
        List<Stranger> strangers = new ArrayList<>();
        boolean outvoted = false;
        Set<UUID> foreign = new HashSet<>();
        for (Row r : rows) {
            UUID id = r.getUUID("member_id");
            if (!r.getBoolean("fresh") || members.contains(id)) {
                continue; // gone, ours, or once ours (it died, or is being split off: Hazelcast's business)
            }
            foreign.add(id);
            Stranger s = new Stranger(r.getString("cluster_name"), r.getString("address"), r.getString("http"),
                    r.getOffsetDateTime("started_at"));
            strangers.add(s);
            boolean sameName = s.clusterName().equals(clusterName);
            OffsetDateTime theirs = sameName ? s.startedAt() : firstStarted.get(s.clusterName());
            OffsetDateTime ours = sameName ? ourMembers : firstStarted.get(clusterName);
            outvoted |= ours != null && theirs.isBefore(ours);
            if (reported.add(id)) {
                LOG.severe("node " + s.address() + " (HTTP " + s.http() + ", cluster '" + s.clusterName() + "') uses this "
                        + "node's store but is not in its cluster ('" + clusterName + "'): check --cluster-name and "
                        + "--members on both");
            }
        }
        reported.retainAll(foreign);
        state = strangers.isEmpty() ? State.NONE : new State(List.copyOf(strangers), outvoted);
    }
}
