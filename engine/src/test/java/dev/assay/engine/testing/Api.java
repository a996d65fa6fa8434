package dev.assay.engine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.store.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small blocking HTTP client for tests: real HTTP on loopback, JSON in and out. */
public final class Api {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final String token;

    public Api(String base, String token) {
        this.base = base;
        this.token = token;
    }

    public String token() {
        return token;
    }

    /** The same caller against another node. */
    public Api at(String otherBase) {
        return new Api(otherBase, token);
    }

    public Api as(String otherToken) {
        return new Api(base, otherToken);
    }

    public record Response(int status, JsonNode json, String body, HttpResponse<String> raw) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Response get(String path) {
        return send(request(path).GET().build());
    }

    public Response post(String path, Object body) {
        return post(path, body, Map.of());
    }

    public Response post(String path, Object body, Map<String, String> headers) {
        HttpRequest.Builder b = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body)));
        headers.forEach(b::header);
        return send(b.build());
    }

    public Response put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body))).build());
    }

    public Response patch(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body))).build());
    }

    public Response delete(String path) {
        return send(request(path).DELETE().build());
    }

    public Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            String type = r.headers().firstValue("Content-Type").orElse("");
            if (type.contains("json") && !r.body().isEmpty()) {
                json = Json.parse(r.body());
            }
            return new Response(r.statusCode(), json, r.body(), r);
        } catch (Exception e) {
            throw new IllegalStateException("request failed: " + request.uri(), e);
        }
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    /**
     * Skips the calling test where the node reports no bubblewrap sandbox, unless {@code ASSAY_REQUIRE_SANDBOX} is set
     * (as in CI), where the sandbox must be there and a missing one fails instead.
     */
    public void requireSandbox() {
        JsonNode sandbox = get("/v1/languages").json().get("sandbox");
        boolean available = sandbox.path("available").asBoolean();
        if (System.getenv("ASSAY_REQUIRE_SANDBOX") == null) {
            org.assertj.core.api.Assumptions.assumeThat(available).as("bubblewrap sandbox available: %s", sandbox).isTrue();
        }
        org.assertj.core.api.Assertions.assertThat(available).as("sandbox: %s", sandbox).isTrue();
    }
}
