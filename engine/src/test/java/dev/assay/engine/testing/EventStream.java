package dev.assay.engine.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120))
                .header("Accept", "text/event-stream").GET();
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
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

    @Override
    public void close() {
        response.thenAccept(r -> r.body().close());
        response.cancel(true);
    }
}
