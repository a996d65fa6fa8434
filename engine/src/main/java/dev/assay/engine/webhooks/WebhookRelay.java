package dev.assay.engine.webhooks;

import dev.assay.engine.store.DeliveryStore;
import dev.assay.engine.store.DeliveryStore.Attempted;
import dev.assay.engine.store.DeliveryStore.Due;
import dev.assay.engine.store.DeliveryStore.Verdict;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Drains the outbox: claims due deliveries from the store, POSTs each to its endpoint signed the Standard Webhooks
 * way, and records every attempt. 2xx is delivered; 410 Gone disables the endpoint and stops its deliveries; any
 * other answer, a timeout or a connection error is retried with exponential backoff until the attempts run out.
 *
 * <p>Claimed deliveries wait in {@link DeliveryLanes}, one lane per endpoint, so a receiver that hangs cannot take
 * every open request from the others. Every node runs one; the claim's lease keeps them off each other's
 * deliveries. Results are written in small batches: a crash before a batch is written repeats those deliveries after
 * the lease, which receivers absorb by deduplicating on {@code webhook-id}. Runs on one event-loop context, so its
 * fields need no locking.
 */
public final class WebhookRelay extends VerticleBase {
    private static final Logger LOG = Logger.getLogger(WebhookRelay.class.getName());
    private static final int FLUSH_AT = 200;
    private static final int MAX_ERROR = 300;

    private final DeliveryStore store;
    private final DeliveryConfig config;
    private HttpClient client;
    private long pollTimer = -1;
    private long flushTimer = -1;
    private boolean claiming;
    /**
     * The full lanes of the last claim that found nothing, until the next poll: while they are the same, asking again
     * after every answered request only finds nothing again, and a claim in flight holds up the one that would find
     * work once a lane has room.
     */
    private List<java.util.UUID> foundNothingSkipping;
    private boolean flushing;
    private boolean stopped;
    private List<Attempted> results = new ArrayList<>();
    private final DeliveryLanes lanes;

    public WebhookRelay(DeliveryStore store, DeliveryConfig config) {
        this.store = store;
        this.config = config;
        this.lanes = new DeliveryLanes(config.maxInFlight());
    }

    @Override
    public Future<?> start() {
        client = vertx.createHttpClient(new HttpClientOptions()
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.timeoutMillis()))
                        .setKeepAlive(true).setMaxRedirects(0),
                new PoolOptions().setHttp1MaxSize(Math.max(8, config.maxInFlight())));
        pollTimer = vertx.setPeriodic(config.pollMillis(), t -> {
            foundNothingSkipping = null;
            pump();
        });
        flushTimer = vertx.setPeriodic(50, t -> flush());
        pump();
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        vertx.cancelTimer(pollTimer);
        vertx.cancelTimer(flushTimer);
        // Attempts already answered are recorded and queued ones handed back for any node to send at once; ones in
        // flight are retried after their lease.
        List<Attempted> last = results;
        results = new ArrayList<>();
        return store.record(last).recover(e -> Future.succeededFuture())
                .compose(v -> store.release(lanes.takeQueued()).recover(e -> Future.succeededFuture()))
                .compose(v -> client.close());
    }

    /**
     * Keeps the lanes of claimed deliveries topped up. Claims are sized to a few rounds of open requests, not to the
     * open requests alone: under load a claim can take a few hundred milliseconds, and claiming only what fits in
     * flight would cap the relay at a few hundred deliveries a second. Endpoints whose lane is full are left out of
     * the claim, so a hanging receiver's backlog never crowds out the others.
     */
    private void pump() {
        drain();
        int room = lanes.room();
        List<java.util.UUID> skip = lanes.full();
        if (stopped || claiming || room < claimSize() / 4 || skip.equals(foundNothingSkipping)) {
            return;
        }
        claiming = true;
        // The send window counts from before the claim, so it closes before the lease the claim sets can run out.
        long sendBy = System.nanoTime() + config.sendWindowMillis() * 1_000_000;
        store.claim(room, config.leaseMillis(), skip).onComplete(ar -> {
            claiming = false;
            if (ar.failed()) {
                if (!stopped) {
                    LOG.warning("could not claim webhook deliveries: " + ar.cause().getMessage());
                }
                return;
            }
            foundNothingSkipping = ar.result().isEmpty() ? skip : null;
            ar.result().forEach(due -> lanes.add(due, sendBy));
            drain();
            if (ar.result().size() == room) {
                vertx.runOnContext(v -> pump()); // more may be due: keep going without waiting for the poll
            }
        });
    }

    /** Deliveries claimed at once at most: a few rounds of open requests. */
    private int claimSize() {
        return config.maxInFlight() * DeliveryLanes.DEPTH;
    }

    private void drain() {
        List<Due> late = lanes.expire(System.nanoTime());
        if (!late.isEmpty()) {
            // Not sent in time (their endpoint's share of requests was busy): back to pending, due now, for any node.
            store.release(late).onFailure(e -> LOG.warning("could not hand back " + late.size()
                    + " webhook deliveries (they go again when their lease ends): " + e.getMessage()));
        }
        Due next;
        while (!stopped && (next = lanes.next()) != null) {
            send(next);
        }
    }

    private void send(Due due) {
        long started = System.nanoTime();
        Future<Integer> attempt;
        try {
            attempt = post(due);
        } catch (RuntimeException e) {
            // Whatever an attempt throws is that attempt's failure: thrown out of drain(), it left its lane's slot
            // taken, and after as many as the node's open requests the relay sent nothing to anyone (found in QA).
            attempt = Future.failedFuture(e);
        }
        attempt.onComplete(ar -> {
            lanes.finished(due.endpointId());
            int millis = (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
            results.add(ar.succeeded() ? answered(due, ar.result(), millis) : failed(due, null, describe(ar.cause()), millis));
            if (results.size() >= FLUSH_AT) {
                flush();
            }
            pump();
        });
    }

    /** POSTs the event and completes with the status code (the body is read and ignored), or fails on timeout. */
    private Future<Integer> post(Due due) {
        return post(vertx, client, due, config.timeoutMillis());
    }

    /**
     * One attempt, bounded by {@code timeoutMillis} from the start, including any wait for a pooled connection. An
     * attempt that timed out is over for good: if its connection only turns up afterwards the request is dropped
     * unsent, because by then the attempt is recorded as failed and its retry (or the next version) may already be
     * on the wire; sending it late would deliver it out of order and duplicated. Call on one context (the relay's),
     * so the timer and the connection callback never run at once.
     */
    static Future<Integer> post(Vertx vertx, HttpClient client, Due due, long timeoutMillis) {
        String id = due.eventId().toString();
        Promise<Integer> answer = Promise.promise();
        RequestOptions options;
        try {
            // The connect timeout also takes an abandoned attempt out of the pool's queue instead of leaving it waiting.
            options = new RequestOptions().setAbsoluteURI(due.url()).setMethod(HttpMethod.POST)
                    .setFollowRedirects(false).setConnectTimeout(timeoutMillis);
        } catch (RuntimeException badUrl) {
            return Future.failedFuture("the endpoint URL cannot be used: " + badUrl.getMessage());
        }
        HttpClientRequest[] open = new HttpClientRequest[1];
        long timer = vertx.setTimer(timeoutMillis, t -> {
            // The log says whether the request went out: without a connection nothing was sent.
            String what = open[0] == null ? "no connection within " + timeoutMillis + " ms (not sent)"
                    : "no answer within " + timeoutMillis + " ms";
            if (answer.tryFail(new TimeoutException(what)) && open[0] != null) {
                open[0].reset();
            }
        });
        Future<HttpClientRequest> connecting;
        try {
            connecting = client.request(options); // throws for a port out of range, which RequestOptions accepts
        } catch (RuntimeException badUrl) {
            vertx.cancelTimer(timer);
            return Future.failedFuture("the endpoint URL cannot be used: " + badUrl.getMessage());
        }
        connecting.compose(request -> {
            if (answer.future().isComplete()) {
                request.reset(); // timed out while waiting for this connection: never send it now
                return Future.<Integer>failedFuture("timed out before a connection was free; not sent");
            }
            open[0] = request;
            long timestamp = Instant.now().getEpochSecond(); // when it is really sent, not when it was queued
            request.putHeader("content-type", "application/json")
                    .putHeader("user-agent", "Assay-Webhooks/1")
                    .putHeader("webhook-id", id)
                    .putHeader("webhook-timestamp", Long.toString(timestamp))
                    .putHeader("webhook-signature", WebhookSignature.sign(due.secrets(), id, timestamp, due.payload()));
            return request.send(Buffer.buffer(due.payload()))
                    .compose(response -> response.body().map(body -> response.statusCode()));
        }).onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                answer.tryComplete(ar.result());
            } else {
                answer.tryFail(ar.cause());
            }
        });
        return answer.future();
    }

    private Attempted answered(Due due, int status, int millis) {
        if (status >= 200 && status < 300) {
            return new Attempted(due, Verdict.DELIVERED, status, null, millis, null);
        }
        if (status == 410) {
            return new Attempted(due, Verdict.GONE, status, "410 Gone: endpoint disabled", millis, null);
        }
        return failed(due, status, "answered " + status, millis);
    }

    private Attempted failed(Due due, Integer status, String error, int millis) {
        // The budget and the backoff count from the last replay, so a replay gets every attempt and starts short.
        if (due.attemptInBudget() >= config.maxAttempts()) {
            return new Attempted(due, Verdict.FAILED, status,
                    error + " (gave up after " + due.attemptInBudget() + " attempts)", millis, null);
        }
        long wait = config.backoffAfter(due.attemptInBudget(), ThreadLocalRandom.current().nextDouble());
        return new Attempted(due, Verdict.RETRY, status, error, millis, Instant.now().plusMillis(wait));
    }

    private void flush() {
        if (flushing || results.isEmpty()) {
            return;
        }
        List<Attempted> batch = results;
        results = new ArrayList<>();
        flushing = true;
        store.record(batch).onComplete(ar -> {
            flushing = false;
            if (ar.failed()) {
                // Not recorded: the leases run out and the deliveries go again (receivers deduplicate by id).
                LOG.warning("could not record " + batch.size() + " webhook attempts: " + ar.cause().getMessage());
            }
            pump();
        });
    }

    private static String describe(Throwable t) {
        String message = t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        return message.length() > MAX_ERROR ? message.substring(0, MAX_ERROR) : message;
    }
}
