package dev.assay.engine.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/** Reads a Server-Sent Events stream line by line in the background, for assertions with Awaitility. */
public final class EventStream implements AutoCloseable {
    public final List<String> lines = new CopyOnWriteArrayList<>();
    public final CompletableFuture<HttpResponse<Stream<String>>> response;
    /** Whether the server ended the stream (not the test closing it). */
    public volatile boolean ended;

    public EventStream(String url, String bearer) {
        this(url, bearer, Map.of());
    }

    /** With extra request headers, such as the {@code Last-Event-ID} an EventSource sends when it reconnects. */
    public EventStream(String url, String bearer, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .header("Accept", "text/event-stream").GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        headers.forEach(request::header);
        response = HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        response.thenAccept(r -> Thread.ofVirtual().start(() -> {
            try (Stream<String> s = r.body()) {
                s.forEach(lines::add);
                ended = true;
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
        }));
    }

    public boolean saw(String text) {
        return lines.stream().anyMatch(l -> l.contains(text));
    }

    /** One event as received: its id (null when it had none), name and data. */
    public record Event(String id, String name, String data) {
    }

    /** The complete events received so far, in order (comments left out). */
    public List<Event> events() {
        List<Event> out = new ArrayList<>();
        String id = null;
        String name = null;
        String data = null;
        for (String line : List.copyOf(lines)) {
            if (line.isEmpty()) {
                if (name != null || data != null) {
                    out.add(new Event(id, name, data));
                }
                id = name = data = null;
            } else if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("event: ")) {
                name = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data = line.substring(6);
            }
        }
        return out;
    }

    /** The {@code result} events received so far. */
    public List<Event> results() {
        return events().stream().filter(e -> "result".equals(e.name())).toList();
    }

    @Override
    public void close() {
        response.thenAccept(r -> r.body().close());
        response.cancel(true);
    }
}
