package dev.assay.engine.peer;

import dev.assay.engine.store.LeaseBatchStore;
import dev.assay.engine.store.PeerLeaseStore.Ask;
import dev.assay.engine.store.PeerLeaseStore.Lease;
import dev.assay.engine.store.PeerLeaseStore.Next;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.NodeStore;
import dev.assay.peerreview.assignment.AssignmentPolicy;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batched lease transaction on its own, against the node's PostgreSQL: several reviewers served at once get
 * different submissions in the policy's order, never their own or a team-mate's, loads are written, a reviewer who
 * holds a lease gets it back, and a stale configuration version is reported instead of served.
 */
class LeaseBatchTest {
    static NodeStore nodeStore;
    static Api platform;
    static Pool pool;

    @BeforeAll
    static void start() throws Exception {
        nodeStore = NodeStore.start();
        platform = nodeStore.node().newPlatform("lease-batch");
        pool = nodeStore.pool();
    }

    @AfterAll
    static void stop() throws Exception {
        nodeStore.close();
    }

    @Test
    void one_transaction_serves_several_reviewers_in_the_policys_order() throws Exception {
        List<String> names = PeerFixtures.learners("b", 6);
        String id = PeerFixtures.assessmentWithSubmissions(platform, "batch", names);
        assertThat(platform.put("/v1/assessments/" + id + "/peer-review",
                PeerFixtures.config(2, 0, false, Instant.now().plus(Duration.ofDays(1)))).status()).isEqualTo(200);
        UUID assessment = UUID.fromString(id);
        int version = version(assessment);
        // b0 and b1 are a team: neither may get the other's submission.
        Map<String, String> teams = Map.of("b0", "t", "b1", "t");
        var store = new LeaseBatchStore(pool, new dev.assay.engine.store.SpareRoom(pool));
        List<Ask> asks = new ArrayList<>();
        for (String n : List.of("b0", "b1", "b2", "b3", "b3")) { // b3 asks twice in the same batch
            List<String> excluded = teams.containsKey(n) ? List.of("b0", "b1") : List.of(n);
            asks.add(new Ask(assessment, version, n, excluded, new AssignmentPolicy(2, 0), 2, Duration.ofHours(1)));
        }

        Map<String, Next> served = store.next(asks, teams).await(30, TimeUnit.SECONDS);

        assertThat(served.keySet()).containsExactlyInAnyOrder("b0", "b1", "b2", "b3");
        Map<String, UUID> submissionOf = submissionsByLearner(assessment);
        Set<UUID> given = new HashSet<>();
        for (var e : served.entrySet()) {
            Lease lease = ((Next.Leased) e.getValue()).lease();
            assertThat(lease.reviewerId()).isEqualTo(e.getKey());
            given.add(lease.submissionId());
            assertThat(lease.overflow()).isFalse();
        }
        // Four reviewers, four different submissions (all at load 0 before), the oldest first: b0's team takes b2's
        // and b3's, so b2 and b3 take b0's and b1's (or each other's in the order the policy gives).
        assertThat(given).hasSize(4);
        UUID forB0 = ((Next.Leased) served.get("b0")).lease().submissionId();
        UUID forB1 = ((Next.Leased) served.get("b1")).lease().submissionId();
        assertThat(Set.of(forB0, forB1)).doesNotContain(submissionOf.get("b0"), submissionOf.get("b1"));
        assertThat(forB0).isEqualTo(submissionOf.get("b2"));
        assertThat(forB1).isEqualTo(submissionOf.get("b3"));
        assertThat(((Next.Leased) served.get("b2")).lease().submissionId()).isEqualTo(submissionOf.get("b0"));
        assertThat(((Next.Leased) served.get("b3")).lease().submissionId()).isEqualTo(submissionOf.get("b1"));
        assertThat(loads(assessment)).isEqualTo(Map.of(submissionOf.get("b0"), 1, submissionOf.get("b1"), 1,
                submissionOf.get("b2"), 1, submissionOf.get("b3"), 1, submissionOf.get("b4"), 0, submissionOf.get("b5"), 0));

        // Asking again: the same leases come back, and no load moves.
        Map<String, Next> again = store.next(asks, teams).await(30, TimeUnit.SECONDS);
        for (String n : List.of("b0", "b1", "b2", "b3")) {
            assertThat(((Next.Leased) again.get(n)).lease().id()).isEqualTo(((Next.Leased) served.get(n)).lease().id());
        }
        assertThat(loads(assessment).values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);

        // A batch under an old configuration version is told so, and nothing is written.
        var stale = List.of(new Ask(assessment, version - 1, "b4", List.of("b4"), new AssignmentPolicy(2, 0),
                2, Duration.ofHours(1)));
        assertThat(store.next(stale, teams).await(30, TimeUnit.SECONDS).get("b4")).isInstanceOf(Next.StaleConfig.class);
        assertThat(loads(assessment).values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
    }

    private static int version(UUID assessment) throws Exception {
        return pool.preparedQuery("SELECT version FROM peer_review_configs WHERE assessment_id = $1")
                .execute(Tuple.of(assessment)).await(10, TimeUnit.SECONDS).iterator().next().getInteger(0);
    }

    private static Map<String, UUID> submissionsByLearner(UUID assessment) throws Exception {
        var out = new java.util.HashMap<String, UUID>();
        pool.preparedQuery("SELECT learner_id, id FROM submissions WHERE assessment_id = $1").execute(Tuple.of(assessment))
                .await(10, TimeUnit.SECONDS).forEach(r -> out.put(r.getString(0), r.getUUID(1)));
        return out;
    }

    private static Map<UUID, Integer> loads(UUID assessment) throws Exception {
        var out = new java.util.HashMap<UUID, Integer>();
        pool.preparedQuery("SELECT submission_id, load FROM peer_queue WHERE assessment_id = $1").execute(Tuple.of(assessment))
                .await(10, TimeUnit.SECONDS).forEach(r -> out.put(r.getUUID(0), r.getInteger(1)));
        return out;
    }
}
