package dev.assay.engine.grading;

import dev.assay.engine.store.SubmissionStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.UUID;

/**
 * Hands accepted submissions to the worker pool and records the hand-off. A submission whose hand-off was never
 * recorded (its node died between commit and hand-off, or the executor refused it) is re-enqueued by the sweep after
 * one lease, however busy the pool is; one that was handed off waits until the pool stops making progress.
 */
public final class SubmissionQueue {
    private final Vertx vertx;
    private final TaskDispatcher dispatcher;
    private final SubmissionStore submissions;

    public SubmissionQueue(Vertx vertx, TaskDispatcher dispatcher, SubmissionStore submissions) {
        this.vertx = vertx;
        this.dispatcher = dispatcher;
        this.submissions = submissions;
    }

    public Future<Integer> enqueue(List<UUID> ids) {
        // Submitting may block briefly on the cluster, so it runs off the event loop.
        return vertx.executeBlocking(() -> dispatcher.dispatchSubmissions(ids), false)
                .compose(taken -> taken.isEmpty() ? Future.succeededFuture(0)
                        : submissions.leases().markDispatched(taken).map(taken.size()));
    }
}
