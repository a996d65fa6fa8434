package dev.assay.engine.peer;

import dev.assay.engine.store.LeaseBatchStore;
import dev.assay.engine.store.PeerLeaseStore;
import dev.assay.engine.store.PeerLeaseStore.Ask;
import dev.assay.engine.store.PeerLeaseStore.Next;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Groups concurrent reviews:next requests of one assessment into batches ({@link LeaseBatchStore}), like a
 * database's group commit: a request arriving when no batch of its assessment is under way goes at once, alone;
 * requests arriving meanwhile wait for the next batch. Nothing waits on a timer, so a quiet course sees the latency
 * of a single statement, and a busy one pays for one transaction per batch instead of one per request.
 */
public final class LeaseBatcher {
    private static final int MAX_BATCH = 32;
    /**
     * Batches of one assessment under way at once on this node. One: a second batch in flight locks the rows just
     * after the first's, walking past them, and splits the waiting requests into more, smaller transactions. At
     * 1,000 requests/s, two in flight gave 1.4 requests a batch and a reviews:next p99 of 38-87 ms; one, 21-39 ms,
     * with less CPU in both the node and PostgreSQL (benchmarks/RESULTS.md).
     */
    private static final int MAX_IN_FLIGHT = 1;
    private static final int MAX_LANES = 10_000;

    private final LeaseBatchStore batches;
    private final PeerLeaseStore single;
    private final Map<Key, Lane> lanes = new ConcurrentHashMap<>();

    private final DistributionSummary batchSize;
    private final Counter alone;

    public LeaseBatcher(LeaseBatchStore batches, PeerLeaseStore single, MeterRegistry registry) {
        this.batches = batches;
        this.single = single;
        this.batchSize = DistributionSummary.builder("assay.peer.lease.batch.size")
                .description("reviews:next requests served per lease transaction").register(registry);
        this.alone = Counter.builder("assay.peer.lease.alone")
                .description("reviews:next requests a batch could not serve, answered by the single-request path")
                .register(registry);
    }

    private record Key(UUID assessmentId, int version) {
    }

    private record Waiting(Ask ask, Promise<Next> promise, Context context) {
    }

    /** Requests of one assessment and configuration version; guarded by its own monitor. */
    private static final class Lane {
        final ArrayDeque<Waiting> queue = new ArrayDeque<>();
        final Map<String, String> teams;
        int inFlight;

        Lane(Map<String, String> teams) {
            this.teams = teams;
        }
    }

    /** The reviewer's open lease or a new one, as {@link PeerLeaseStore#next}, batched with concurrent requests. */
    public Future<Next> next(Ask ask, Map<String, String> teams) {
        Promise<Next> promise = Promise.promise();
        if (lanes.size() > MAX_LANES) {
            lanes.values().removeIf(l -> {
                synchronized (l) {
                    return l.inFlight == 0 && l.queue.isEmpty();
                }
            });
        }
        Lane lane = lanes.computeIfAbsent(new Key(ask.assessmentId(), ask.version()), k -> new Lane(teams));
        List<Waiting> batch;
        synchronized (lane) {
            lane.queue.add(new Waiting(ask, promise, Vertx.currentContext()));
            batch = take(lane);
        }
        if (batch != null) {
            run(lane, batch);
        }
        return promise.future();
    }

    /** The next batch to send, or null when the lane is at its limit or empty; call holding the lane's monitor. */
    private static List<Waiting> take(Lane lane) {
        if (lane.inFlight >= MAX_IN_FLIGHT || lane.queue.isEmpty()) {
            return null;
        }
        lane.inFlight++;
        List<Waiting> batch = new ArrayList<>();
        while (batch.size() < MAX_BATCH && !lane.queue.isEmpty()) {
            batch.add(lane.queue.poll());
        }
        return batch;
    }

    private void run(Lane lane, List<Waiting> batch) {
        batchSize.record(batch.size());
        batches.next(batch.stream().map(Waiting::ask).toList(), lane.teams).onComplete(result -> {
            for (Waiting w : batch) {
                Next served = result.succeeded() ? result.result().get(w.ask().reviewer()) : null;
                if (served != null) {
                    complete(w, Future.succeededFuture(served));
                } else {
                    // Not served by the batch (nothing eligible among its rows, a lease taken elsewhere at the same
                    // moment, or the batch failed): the single-request path decides, waiting for rows if it must.
                    alone.increment();
                    single.next(w.ask()).onComplete(r -> complete(w, r));
                }
            }
            List<Waiting> next;
            synchronized (lane) {
                lane.inFlight--;
                next = take(lane);
            }
            if (next != null) {
                run(lane, next);
            }
        });
    }

    /** Completes on the requester's own context, so its handler continues on its event loop. */
    private static void complete(Waiting w, AsyncResult<Next> result) {
        if (w.context() == null) {
            w.promise().handle(result);
        } else {
            w.context().runOnContext(v -> w.promise().handle(result));
        }
    }
}
