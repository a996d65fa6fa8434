package dev.assay.engine.grading;

import dev.assay.engine.store.RegradeStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.UUID;

/** Starts a regrade: records it and its items durably, then hands the items to the worker pool. */
public final class RegradeService {
    private final Vertx vertx;
    private final RegradeStore regrades;
    private final TaskDispatcher dispatcher;

    public RegradeService(Vertx vertx, RegradeStore regrades, TaskDispatcher dispatcher) {
        this.vertx = vertx;
        this.regrades = regrades;
        this.dispatcher = dispatcher;
    }

    /** Idempotent: asking again for the same version returns the regrade already recorded. */
    public Future<RegradeStore.Created> start(UUID platformId, UUID assessmentId, int toVersion) {
        return regrades.create(platformId, assessmentId, toVersion).compose(created -> {
            if (!created.isNew()) {
                return Future.succeededFuture(created);
            }
            return regrades.pendingSubmissions(created.regradeId())
                    .compose(ids -> vertx.executeBlocking(() -> dispatcher.dispatch(created.regradeId(), ids), false))
                    .map(created);
        });
    }
}
