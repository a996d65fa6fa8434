package dev.assay.engine.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.store.Json;
import dev.assay.graders.InvalidInputException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Renders failures as problem+json; anything unexpected becomes a logged 500 that leaks no internals. */
public final class Problems {
    public static final String TYPE_BASE = "https://assay.dev/problems/";
    private static final Logger LOG = Logger.getLogger(Problems.class.getName());

    private Problems() {
    }

    public static void send(RoutingContext ctx, ApiProblem p) {
        ObjectNode body = Json.object();
        body.put("type", TYPE_BASE + p.type());
        body.put("title", p.title());
        body.put("status", p.status());
        body.put("detail", p.getMessage());
        body.put("instance", ctx.request().path());
        if (!p.errors().isEmpty()) {
            body.put("field", p.errors().get(0).field());
            ArrayNode errors = body.putArray("errors");
            p.errors().forEach(v -> errors.addObject().put("field", v.field()).put("message", v.message()));
        }
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            response.reset();
            return;
        }
        if (p.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        response.setStatusCode(p.status())
                .putHeader("Content-Type", "application/problem+json")
                .end(Json.write(body));
    }

    /** The single translation point from any failure to an HTTP answer. */
    public static void fail(RoutingContext ctx, Throwable error) {
        switch (error) {
            case ApiProblem p -> send(ctx, p);
            case InvalidInputException e -> send(ctx, ApiProblem.invalid(e.violations()));
            default -> {
                LOG.log(Level.SEVERE, "unexpected failure on " + ctx.request().method() + " " + ctx.request().path(), error);
                send(ctx, new ApiProblem(500, "internal", "Internal error",
                        "The request could not be completed; it has been logged", List.of()));
            }
        }
    }

    /** Problems Vert.x raises itself (bad body size, unknown route, wrong method) as problem+json too. */
    public static ApiProblem forStatus(int status, Throwable failure) {
        return switch (status) {
            case 413 -> new ApiProblem(413, "body-too-large", "Request body too large",
                    "The request body exceeds the size limit", List.of());
            case 404 -> new ApiProblem(404, "not-found", "Not found", "No such resource", List.of());
            case 405 -> new ApiProblem(405, "method-not-allowed", "Method not allowed",
                    "This resource does not accept that method", List.of());
            case 400 -> new ApiProblem(400, "bad-request", "Bad request",
                    failure == null || failure.getMessage() == null ? "Malformed request" : failure.getMessage(), List.of());
            default -> new ApiProblem(status, "http-" + status, "HTTP " + status,
                    failure == null ? "Request failed" : "Request failed", List.of());
        };
    }
}
