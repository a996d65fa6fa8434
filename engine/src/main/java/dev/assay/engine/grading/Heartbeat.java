package dev.assay.engine.grading;

import io.vertx.core.Future;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Marks work as being graded every third of a lease until closed, so that the sweep does not hand it to the pool
 * again while it runs (see the stores' {@code claimStale}). The first beat comes after a second at most: work graded
 * faster (a quiz batch, most essays) writes nothing. A node that dies stops beating, and its work is handed out again
 * a lease later.
 */
final class Heartbeat implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Heartbeat.class.getName());
    private static final ScheduledExecutorService BEATS = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "grading-heartbeat");
        t.setDaemon(true);
        return t;
    });

    private final ScheduledFuture<?> beating;

    private Heartbeat(ScheduledFuture<?> beating) {
        this.beating = beating;
    }

    /** Starts beating: {@code touch} records the beat in the store (its failures are logged; the next beat retries). */
    static Heartbeat start(long leaseMillis, Supplier<Future<?>> touch) {
        long period = Math.max(100, leaseMillis / 3);
        return new Heartbeat(BEATS.scheduleAtFixedRate(() -> touch.get().onFailure(e ->
                LOG.warning("could not record a grading heartbeat: " + e.getMessage())), Math.min(period, 1_000), period,
                TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() {
        beating.cancel(false);
    }
}
