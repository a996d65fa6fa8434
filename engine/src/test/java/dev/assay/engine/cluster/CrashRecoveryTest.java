package dev.assay.engine.cluster;

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole cluster dies: a single node JVM is SIGKILLed in the middle of a regrade, taking the durable executor's
 * queue with it. A new node started on the same database must find the unfinished items through the lease sweep
 * and finish them, and every submission must end regraded exactly once.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class CrashRecoveryTest {
    static final int VIA_API = 300;
    static final int BULK_COPIES = 11;
    static final int TOTAL = VIA_API * (1 + BULK_COPIES);
    static final long LEASE_MS = 2000;

    private NodeProcess first;
    private NodeProcess second;

    @AfterEach
    void stopNodes() {
        NodeProcess.closeAll(second, first);
    }

    @Test
    void aNodeStartedAfterACrashFinishesTheRegradeExactlyOnce() throws Exception {
        String pgUrl = TestPostgres.freshDatabase();
        Database.PgLocation pg = Database.PgLocation.parse(pgUrl);
        first = NodeProcess.start(NodeProcess.Spec.standalone("first", pgUrl, LEASE_MS));

        String key = PlatformAdmin.create(pg, "crash-" + UUID.randomUUID()).apiKey();
        RegradeWorkload work = RegradeWorkload.create(pg, List.of(first.api(key)), "crash-course");
        work.submitViaApi("learner", VIA_API, 6, 1);
        assertThat(work.bulkCopies(BULK_COPIES)).isEqualTo(VIA_API * BULK_COPIES);
        work.publishFlippedKey();

        AtomicReference<RegradeWorkload.Progress> seen = new AtomicReference<>();
        CompletableFuture<Api.Response> request;
        RegradeWorkload.Progress atKill;
        try (RegradeWorkload.ProgressProbe probe = work.probe(first.memberName())) {
            request = CompletableFuture.supplyAsync(
                    () -> first.api(key).post("/v1/assessments/" + work.assessmentId + "/regrade", Map.of()));
            await("the first node has done some items").atMost(Duration.ofSeconds(60))
                    .pollInSameThread().pollInterval(Duration.ofMillis(2))
                    .until(() -> {
                        RegradeWorkload.Progress p = probe.read();
                        seen.set(p);
                        if (p.done() == TOTAL) {
                            throw new AssertionError("the regrade finished before the node could be killed: " + p);
                        }
                        return p.done() >= 40;
                    });
            first.kill();
            atKill = probe.read();
        }
        // The regrade and its items were committed before any task ran; the reply may have been lost with the node.
        try {
            Api.Response reply = request.get(60, TimeUnit.SECONDS);
            assertThat(reply.status()).as(reply.body()).isEqualTo(202);
        } catch (ExecutionException e) {
            System.out.println("the regrade request was not answered before the kill: " + e.getCause());
        }
        UUID regradeId = UUID.fromString(work.queryString("SELECT id::text FROM regrades WHERE assessment_id = ?::uuid",
                work.assessmentId));
        assertThat(work.queryInt("SELECT total FROM regrades WHERE id = ?::uuid", regradeId.toString())).isEqualTo(TOTAL);
        Map<UUID, RegradeWorkload.Item> doneAtKill = work.items(regradeId);
        doneAtKill.values().removeIf(i -> !i.done());
        System.out.printf("killed the node at %s; after the kill %d of %d items done%n", seen.get(), atKill.done(), TOTAL);
        assertThat(atKill.done()).as("killed mid-way").isPositive().isLessThan(TOTAL);
        assertThat(atKill.doneBy()).isEqualTo(atKill.done());

        long restartAt = System.nanoTime();
        second = NodeProcess.start(NodeProcess.Spec.standalone("second", pgUrl, LEASE_MS));
        Api api = second.api(key);
        await("regrade completed by the new node").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    Api.Response r = api.get("/v1/regrades/" + regradeId + "?limit=1");
                    return r.status() == 200 && "completed".equals(r.json().get("status").asText());
                });
        System.out.printf("regrade completed %d ms after the new node was launched%n", (System.nanoTime() - restartAt) / 1_000_000);

        work.verifyStore(regradeId, TOTAL, List.of(first.memberName(), second.memberName()));
        work.verifyReport(api, regradeId, TOTAL);
        Map<UUID, RegradeWorkload.Item> after = work.items(regradeId);
        doneAtKill.forEach((id, item) -> assertThat(after.get(id)).as("item %s", id).isEqualTo(item));
        assertThat(work.progress(regradeId, first.memberName()).doneBy()).isEqualTo(doneAtKill.size());
        assertThat(work.progress(regradeId, second.memberName()).doneBy()).isEqualTo(TOTAL - doneAtKill.size());
        assertThat(second.logText()).as("the new node's sweep re-enqueued the unfinished items")
                .contains("re-enqueueing");

        Api.Response again = api.post("/v1/assessments/" + work.assessmentId + "/regrade", Map.of());
        assertThat(again.json().get("id").asText()).isEqualTo(regradeId.toString());
        assertThat(work.items(regradeId)).isEqualTo(after);
    }
}
