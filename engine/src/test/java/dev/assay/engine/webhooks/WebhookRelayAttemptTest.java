package dev.assay.engine.webhooks;

import dev.assay.engine.store.DeliveryStore.Due;
import dev.assay.engine.testing.WebhookReceiver;
import dev.assay.engine.testing.WebhookReceiver.Action;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One relay attempt against a real loopback receiver, with a pool small enough to make attempts wait. */
class WebhookRelayAttemptTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static Due due(WebhookReceiver receiver, UUID event) {
        return new Due(UUID.randomUUID(), event, 1, receiver.url(), "whsec_dGVzdA==", "{\"id\":\"" + event + "\"}");
    }

    @Test
    void anAttemptThatTimedOutWaitingForAConnectionIsNeverSentAfterwards() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            UUID slow = UUID.randomUUID();
            UUID late = UUID.randomUUID();
            // The first event holds the only connection until released; the second waits for it and times out.
            receiver.script(r -> r.id().equals(slow.toString()) ? new Action.Hang() : WebhookReceiver.OK);
            Context context = vertx.getOrCreateContext();
            CompletableFuture<Future<Integer>> first = new CompletableFuture<>();
            CompletableFuture<Future<Integer>> second = new CompletableFuture<>();
            context.runOnContext(v -> {
                HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                        new PoolOptions().setHttp1MaxSize(1));
                first.complete(WebhookRelay.post(vertx, client, due(receiver, slow), 10_000));
                second.complete(WebhookRelay.post(vertx, client, due(receiver, late), 300));
            });
            Future<Integer> timedOut = second.get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> timedOut.isComplete() && !receiver.held().isEmpty());
            assertThat(timedOut.failed()).isTrue();
            assertThat(timedOut.cause().getMessage()).contains("not sent");

            // The connection frees up: the abandoned attempt must not go out on it (its retry may already have).
            receiver.release();
            Future<Integer> answered = first.get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(answered::isComplete);
            assertThat(answered.result()).isEqualTo(503);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> receiver.received().stream().noneMatch(r -> late.toString().equals(r.id())));
        }
    }
}
