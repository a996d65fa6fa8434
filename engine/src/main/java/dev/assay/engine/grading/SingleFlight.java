package dev.assay.engine.grading;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Runs one piece of work per key at a time on this node: a call made while the key's work is under way waits for it
 * and gets its result instead of running it again. The key is forgotten as soon as the work ends, succeeded or
 * failed, so nothing is cached: the next call runs the work afresh (a failure can be retried at once).
 */
final class SingleFlight<K, V> {
    private final Map<K, Future<V>> running = new ConcurrentHashMap<>();

    Future<V> run(K key, Supplier<Future<V>> work) {
        Promise<V> mine = Promise.promise();
        Future<V> flight = mine.future();
        Future<V> joined = running.putIfAbsent(key, flight);
        if (joined != null) {
            return onCallersContext(joined);
        }
        start(work).onComplete(result -> {
            // Forgotten before anyone hears the result, so a caller that retries on a failure starts a new run.
            running.remove(key, flight);
            mine.handle(result);
        });
        return onCallersContext(flight);
    }

    private static <V> Future<V> start(Supplier<Future<V>> work) {
        try {
            return work.get();
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /**
     * The result on the caller's own context: the work completes on its first caller's event loop, and a caller
     * from another event loop continues on its own.
     */
    private static <V> Future<V> onCallersContext(Future<V> flight) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return flight;
        }
        Promise<V> answer = Promise.promise();
        flight.onComplete(result -> context.runOnContext(v -> answer.handle(result)));
        return answer.future();
    }
}
