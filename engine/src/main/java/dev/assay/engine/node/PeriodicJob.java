package dev.assay.engine.node;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Background work run every period on one node, never overlapping itself: a run that outlasts the period makes
 * the next tick a no-op. A failed run is logged and simply tried again at the next tick (the store's claims keep
 * nodes off each other's work, so retrying is always safe).
 */
public final class PeriodicJob {
    private static final Logger LOG = Logger.getLogger(PeriodicJob.class.getName());

    private final Vertx vertx;
    private final String name;
    private final long periodMillis;
    private final Supplier<Future<?>> run;
    private long timerId = -1;
    private boolean running;

    public PeriodicJob(Vertx vertx, String name, long periodMillis, Supplier<Future<?>> run) {
        this.vertx = vertx;
        this.name = name;
        this.periodMillis = periodMillis;
        this.run = run;
    }

    public void start() {
        timerId = vertx.setPeriodic(1, periodMillis, id -> tick());
    }

    public void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void tick() {
        if (running) {
            return;
        }
        running = true;
        run.get().onComplete(ar -> {
            running = false;
            if (ar.failed()) {
                LOG.warning(name + " failed (tried again at the next tick): " + ar.cause().getMessage());
            }
        });
    }
}
