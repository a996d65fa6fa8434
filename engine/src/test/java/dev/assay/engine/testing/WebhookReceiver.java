package dev.assay.engine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.assay.engine.store.Json;
import dev.assay.engine.webhooks.WebhookSignature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A webhook receiver on 127.0.0.1 whose answers a test scripts: each request is recorded (headers, body, whether
 * its Standard Webhooks signature verifies against the secret) and answered with what the script says: a status,
 * or no answer at all until {@link #release()} (a receiver that hangs, so the sender times out or dies waiting).
 */
public final class WebhookReceiver implements AutoCloseable {

    /** What to do with one request. */
    public sealed interface Action {
        record Status(int code) implements Action {
        }

        /** Hold the request without answering until released (bounded by 60 s). */
        record Hang() implements Action {
        }
    }

    public static final Action OK = new Action.Status(204);

    /** One request as received. */
    public record Received(String id, long timestamp, String body, boolean signatureValid, int answered) {
        public JsonNode json() {
            return Json.parse(body);
        }

        public JsonNode data() {
            return json().get("data");
        }
    }

    private final HttpServer server;
    // Not copy-on-write: a load harness records 100,000s of requests.
    private final List<Received> received = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Received> held = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> acknowledgedIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile String secret;
    private volatile Function<Received, Action> script = r -> OK;
    private final CountDownLatch released = new CountDownLatch(1);

    public WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/assay";
    }

    public void secret(String s) {
        this.secret = s;
    }

    /** The secret signatures are checked with. */
    public String secret() {
        return secret;
    }

    /** Decides the answer to each request (given what was received; {@code answered} is not yet known: -1). */
    public void script(Function<Received, Action> s) {
        this.script = s;
    }

    /** Lets every hanging request go (they answer 503, which the sender no longer waits for). */
    public void release() {
        released.countDown();
    }

    /** Requests that were (or still are) held without an answer, in arrival order. */
    public List<Received> held() {
        return List.copyOf(held);
    }

    /** Every answered request, in arrival order, duplicates included. */
    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** How many distinct events were answered 2xx. */
    public int acknowledgedCount() {
        return acknowledgedIds.size();
    }

    /** Requests answered 2xx, first arrival of each event id, in arrival order. */
    public List<Received> acknowledged() {
        Map<String, Received> first = new LinkedHashMap<>();
        for (Received r : received()) {
            if (r.answered() >= 200 && r.answered() < 300) {
                first.putIfAbsent(r.id(), r);
            }
        }
        return new ArrayList<>(first.values());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            String ts = exchange.getRequestHeaders().getFirst("webhook-timestamp");
            long timestamp = ts == null ? -1 : Long.parseLong(ts);
            boolean valid = secret != null && id != null && WebhookSignature.verify(secret, id, timestamp, body,
                    exchange.getRequestHeaders().getFirst("webhook-signature"));
            Received pending = new Received(id, timestamp, body, valid, -1);
            Action action = script.apply(pending);
            int status = switch (action) {
                case Action.Status s -> s.code();
                case Action.Hang h -> {
                    held.add(pending);
                    try {
                        released.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    yield 503;
                }
            };
            received.add(new Received(id, timestamp, body, valid, status));
            if (status >= 200 && status < 300 && id != null) {
                acknowledgedIds.add(id);
            }
            exchange.sendResponseHeaders(status, -1);
        } catch (IOException e) {
            // The sender gave up (timed out or died) before we answered: recorded above, nothing else to do.
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
