package dev.assay.engine.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.store.Database;
import dev.assay.engine.store.PlatformAdmin;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.NodeProcess;
import dev.assay.engine.testing.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two node JVMs on loopback share one PostgreSQL database. A regrade of thousands of stored submissions is spread
 * over both members by Hazelcast's durable executor; one member is SIGKILLed in the middle of it. The survivor must
 * take over the dead member's tasks (the durable executor's backups, not the sweep: the lease here is far longer
 * than the test), and the store must end with every submission regraded exactly once with the right scores.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ClusterRegradeTest {
    /** Submissions made through the HTTP API (both nodes), then cloned in bulk over JDBC to reach the total. */
    static final int VIA_API = 400;
    static final int BULK_COPIES = 17;
    static final int TOTAL = VIA_API * (1 + BULK_COPIES);
    /** Far beyond the test's length: recovery here must come from the durable executor, not the lease sweep. */
    static final long LEASE_MS = 600_000;

    private NodeProcess a;
    private NodeProcess b;

    @AfterEach
    void stopNodes() {
        NodeProcess.closeAll(b, a);
    }

    @Test
    void killingAMemberMidRegradeLosesNothingAndRegradesEachSubmissionOnce() throws Exception {
        String pgUrl = TestPostgres.freshDatabase();
        Database.PgLocation pg = Database.PgLocation.parse(pgUrl);
        String cluster = NodeProcess.uniqueClusterName();
        List<Integer> hzPorts = NodeProcess.freeHazelcastPorts(2);
        a = NodeProcess.start(NodeProcess.Spec.member("a", pgUrl, cluster, hzPorts, 0, LEASE_MS));
        b = NodeProcess.start(NodeProcess.Spec.member("b", pgUrl, cluster, hzPorts, 1, LEASE_MS));
        a.awaitMembers(2, Duration.ofSeconds(60));
        b.awaitMembers(2, Duration.ofSeconds(60));
        assertThat(a.memberName()).isNotEqualTo(b.memberName());
        for (NodeProcess n : List.of(a, b)) {
            // HTTP, the Hazelcast member and the clustered event bus: all on loopback, nothing on 0.0.0.0 or a NIC.
            assertThat(n.listeningAddresses()).as("%s listens on", n).hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(addr -> assertThat(addr.getAddress().isLoopbackAddress()).as("%s", addr).isTrue());
        }

        String key = PlatformAdmin.create(pg, "cluster-" + UUID.randomUUID()).apiKey();
        Api apiA = a.api(key);
        Api apiB = b.api(key);
        RegradeWorkload work = RegradeWorkload.create(pg, List.of(apiA, apiB), "cluster-course");
        work.submitViaApi("learner", VIA_API, 8, 1);
        assertThat(work.bulkCopies(BULK_COPIES)).isEqualTo(VIA_API * BULK_COPIES);
        assertThat(work.submissionCount(1)).isEqualTo(TOTAL);
        work.publishFlippedKey();
        work.submitViaApi("late", 9, 3, 2); // graded against version 2 already: not part of the regrade

        // Kill B once it has done several tasks' worth of items, well before the regrade can be over. The store is
        // watched from before the request is sent: the reply may come after the workers have started.
        AtomicReference<RegradeWorkload.Progress> seen = new AtomicReference<>();
        long startedAt;
        CompletableFuture<Api.Response> request;
        RegradeWorkload.Progress atKill;
        try (RegradeWorkload.ProgressProbe probe = work.probe(b.memberName())) {
            startedAt = System.nanoTime();
            request = CompletableFuture.supplyAsync(
                    () -> apiA.post("/v1/assessments/" + work.assessmentId + "/regrade", Map.of()));
            await("member b has done some items").atMost(Duration.ofSeconds(60))
                    .pollInSameThread().pollInterval(Duration.ofMillis(2))
                    .until(() -> {
                        RegradeWorkload.Progress p = probe.read();
                        seen.set(p);
                        if (p.done() == TOTAL) {
                            throw new AssertionError("the regrade finished before b could be killed mid-way: " + p);
                        }
                        return p.doneBy() >= 150;
                    });
            b.kill();
            atKill = probe.read(); // done only grows, so this bounds what was done at the moment of the kill
        }
        assertThat(b.isAlive()).isFalse();
        UUID regradeId = UUID.fromString(work.queryString("SELECT id::text FROM regrades WHERE assessment_id = ?::uuid",
                work.assessmentId));
        Map<UUID, RegradeWorkload.Item> doneAtKill = work.items(regradeId);
        doneAtKill.values().removeIf(i -> !i.done());
        Api.Response started = request.get(60, TimeUnit.SECONDS);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        assertThat(started.json().get("id").asText()).isEqualTo(regradeId.toString());
        assertThat(started.json().get("total").asInt()).isEqualTo(TOTAL);
        System.out.printf("killed b at %s; after the kill %d of %d items done, %d by b%n",
                seen.get(), atKill.done(), TOTAL, atKill.doneBy());
        assertThat(atKill.done()).as("b was killed mid-way").isLessThan(TOTAL);
        assertThat(atKill.doneBy()).as("b had done items before it died").isPositive();

        await("regrade completed through node a").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    Api.Response r = apiA.get("/v1/regrades/" + regradeId + "?limit=1");
                    return r.status() == 200 && "completed".equals(r.json().get("status").asText());
                });

        System.out.printf("regrade of %d submissions completed %d ms after it was started%n", TOTAL,
                (System.nanoTime() - startedAt) / 1_000_000);
        work.verifyStore(regradeId, TOTAL, List.of(a.memberName(), b.memberName()));
        work.verifyReport(apiA, regradeId, TOTAL);

        // Nothing done before the kill was done again afterwards: same member, same time, same scores.
        Map<UUID, RegradeWorkload.Item> after = work.items(regradeId);
        doneAtKill.forEach((id, item) -> assertThat(after.get(id)).as("item %s", id).isEqualTo(item));
        // The work was spread, and the survivor finished what the dead member left.
        RegradeWorkload.Progress byA = work.progress(regradeId, a.memberName());
        RegradeWorkload.Progress byB = work.progress(regradeId, b.memberName());
        assertThat(byB.doneBy()).as("b did nothing more after it died")
                .isEqualTo(doneAtKill.values().stream().filter(i -> b.memberName().equals(i.doneBy())).count());
        assertThat(byA.doneBy()).isPositive().isEqualTo(TOTAL - byB.doneBy());
        assertThat(byA.doneBy()).as("a finished items after b died").isGreaterThan(atKill.done() - atKill.doneBy());
        assertThat(a.logText()).as("the sweep had no part in it").doesNotContain("re-enqueueing");
        System.out.printf("done by a: %d, by b: %d; batches finished by both members: %d%n",
                byA.doneBy(), byB.doneBy(), work.batchesFinishedByTwoMembers(regradeId));

        // Asking again is idempotent: the same regrade, already complete, and nothing is re-done.
        int results = work.queryInt("SELECT count(*) FROM grading_results g JOIN submissions s ON s.id = g.submission_id "
                + "WHERE s.assessment_id = ?::uuid", work.assessmentId);
        Api.Response again = apiA.post("/v1/assessments/" + work.assessmentId + "/regrade", Map.of("version", 2));
        assertThat(again.status()).isEqualTo(202);
        JsonNode body = again.json();
        assertThat(body.get("id").asText()).isEqualTo(regradeId.toString());
        assertThat(body.get("status").asText()).isEqualTo("completed");
        assertThat(body.get("done").asInt()).isEqualTo(TOTAL);
        assertThat(work.items(regradeId)).isEqualTo(after);
        assertThat(work.queryInt("SELECT count(*) FROM grading_results g JOIN submissions s ON s.id = g.submission_id "
                + "WHERE s.assessment_id = ?::uuid", work.assessmentId)).isEqualTo(results);
    }
}
