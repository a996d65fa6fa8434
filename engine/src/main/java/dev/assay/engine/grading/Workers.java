package dev.assay.engine.grading;

import com.hazelcast.core.HazelcastInstance;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Finds the local worker for a task that Hazelcast deserialised on this member. Tasks cannot carry the node's
 * store or graders, so each node registers its worker under its Hazelcast instance name. A member can receive
 * tasks as soon as it joins, before its node has finished starting, so a task waits briefly for the worker.
 */
public final class Workers {
    private static final Map<String, CompletableFuture<GradingWorker>> BY_INSTANCE = new ConcurrentHashMap<>();

    private Workers() {
    }

    private static CompletableFuture<GradingWorker> slot(String name) {
        return BY_INSTANCE.computeIfAbsent(name, n -> new CompletableFuture<>());
    }

    public static void register(HazelcastInstance hz, GradingWorker worker) {
        slot(hz.getName()).complete(worker);
    }

    public static void unregister(HazelcastInstance hz) {
        BY_INSTANCE.remove(hz.getName());
    }

    static GradingWorker of(HazelcastInstance hz) throws Exception {
        if (hz == null) {
            throw new IllegalStateException("task ran outside a Hazelcast member");
        }
        return slot(hz.getName()).get(60, TimeUnit.SECONDS);
    }
}
