package dev.assay.engine.grading;

import dev.assay.engine.store.RegradeStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.UUID;
import java.util.logging.Logger;

/** Starts a regrade: records it and its items durably, then hands the items to the worker pool. */
public final class RegradeService {
    private static final Logger LOG = Logger.getLogger(RegradeService.class.getName());
    private final Vertx vertx;
    private final RegradeStore regrades;
    private final TaskDispatcher dispatcher;

    public RegradeService(Vertx vertx, RegradeStore regrades, TaskDispatcher dispatcher) {
        this.vertx = vertx;
        this.regrades = regrades;
        this.dispatcher = dispatcher;
    }

    /**
     * Idempotent: asking again for the same version returns the regrade already recorded. Completes once the
     * regrade and its items are stored; handing a large regrade's thousands of batches to the pool continues in the
     * background (the items are durable, and the sweep re-enqueues any the hand-off missed).
     */
    public Future<RegradeStore.Created> start(UUID platformId, UUID assessmentId, int toVersion) {
        return regrades.create(platformId, assessmentId, toVersion).onSuccess(created -> {
            if (created.isNew()) {
                regrades.pendingSubmissions(created.regradeId())
                        .compose(ids -> vertx.executeBlocking(() -> dispatcher.dispatch(created.regradeId(), ids), false))
                        .onFailure(e -> LOG.warning("regrade " + created.regradeId() + " could not be handed to the pool "
                                + "now; the sweep re-enqueues its items after their lease: " + e.getMessage()));
            }
        });
    }
}
