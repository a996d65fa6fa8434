package dev.assay.engine.node;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.Callable;

/**
 * Blocking work (a sandboxed run, an HTTP call to an LMS) on a virtual thread of its own, its result handed back on
 * the caller's Vert.x context: such work can wait for seconds, and on the worker pool it would hold a thread the
 * node's other blocking work needs.
 */
public final class VirtualThreads {
    private VirtualThreads() {
    }

    public static <T> Future<T> run(Vertx vertx, String name, Callable<T> work) {
        Context context = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        Thread.ofVirtual().name(name).start(() -> {
            try {
                T result = work.call();
                context.runOnContext(v -> promise.complete(result));
            } catch (Throwable e) {
                context.runOnContext(v -> promise.fail(e));
            }
        });
        return promise.future();
    }

    /**
     * When to try a delivery again after its {@code attempt}-th failure: 5 s, doubling, at most an hour apart; null
     * once {@code maxAttempts} are used up (give up).
     */
    public static java.time.Instant retryAt(int attempt, int maxAttempts) {
        if (attempt >= maxAttempts) {
            return null;
        }
        return java.time.Instant.now().plusSeconds(Math.min(3_600, 5L << Math.min(20, Math.max(0, attempt - 1))));
    }
}
