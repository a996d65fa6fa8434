package dev.assay.engine.grading;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.store.Json;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * Result notifications on the (clustered) event bus. Best effort by design: the store is the record, the stream
 * is a convenience, so a learner who missed an event finds the result by listing their submissions.
 */
public final class ResultEvents {
    private final Vertx vertx;

    public ResultEvents(Vertx vertx) {
        this.vertx = vertx;
    }

    public static String address(UUID platformId, String learnerId) {
        return "assay.results." + platformId + "." + learnerId;
    }

    public void publish(UUID platformId, String learnerId, ObjectNode event) {
        vertx.eventBus().publish(address(platformId, learnerId), Json.write(event));
    }

    public MessageConsumer<String> subscribe(UUID platformId, String learnerId, Consumer<String> onEvent) {
        return vertx.eventBus().<String>consumer(address(platformId, learnerId), m -> onEvent.accept(m.body()));
    }
}
