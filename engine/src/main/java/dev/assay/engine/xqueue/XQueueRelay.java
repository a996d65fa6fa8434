package dev.assay.engine.xqueue;

import dev.assay.engine.node.PeriodicJob;
import dev.assay.engine.node.VirtualThreads;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.XQueueStore;
import dev.assay.engine.store.XQueueStore.Due;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Posts each XQueue submission's result to the LMS callback URL once the submission has its grade, as XQueue does:
 * a form with the LMS's own {@code xqueue_header} echoed and the {@code xqueue_body}; only HTTP 200 counts as
 * delivered. Others are retried with backoff (5 s doubling to an hour, 15 attempts) and then given up as
 * {@code failed}. Runs on every node; a claim's lease keeps two nodes off one callback.
 */
public final class XQueueRelay {
    private static final Logger LOG = Logger.getLogger(XQueueRelay.class.getName());
    private static final long PERIOD_MILLIS = 500;
    private static final int BATCH = 32;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LEASE = Duration.ofSeconds(60);
    static final int MAX_ATTEMPTS = 15;

    private final Vertx vertx;
    private final XQueueStore store;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final PeriodicJob job;

    public XQueueRelay(Vertx vertx, XQueueStore store) {
        this.vertx = vertx;
        this.store = store;
        this.job = new PeriodicJob(vertx, "xqueue relay", PERIOD_MILLIS, this::deliverDue);
    }

    public void start() {
        job.start();
    }

    public void stop() {
        job.stop();
    }

    private Future<?> deliverDue() {
        return store.claim(BATCH, LEASE).compose(due -> {
            List<Future<Void>> sent = new ArrayList<>();
            due.forEach(d -> sent.add(send(d).compose(error -> store.record(d, error, error == null ? null : retryAt(d)))));
            return Future.join(sent);
        });
    }

    /** Sends on a virtual thread of its own; the error, or null when the LMS answered 200. */
    private Future<String> send(Due due) {
        return VirtualThreads.run(vertx, "xqueue-callback", () -> {
            try {
                String body = Json.write(XQueueResult.body(due.score(), due.maxScore(),
                        due.result() == null ? null : Json.parse(due.result()), due.overridden()));
                String form = "xqueue_header=" + URLEncoder.encode(due.header(), StandardCharsets.UTF_8)
                        + "&xqueue_body=" + URLEncoder.encode(body, StandardCharsets.UTF_8);
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(due.callbackUrl()))
                        .timeout(TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200 ? null : "the LMS answered " + response.statusCode();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            } catch (Exception e) {
                return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
        });
    }

    private static Instant retryAt(Due due) {
        Instant next = VirtualThreads.retryAt(due.attempt(), MAX_ATTEMPTS);
        if (next == null) {
            LOG.warning("gave up on the LMS callback of XQueue submission " + due.lmsKey() + " after " + due.attempt()
                    + " attempts");
        }
        return next;
    }
}
