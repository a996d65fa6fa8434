package dev.assay.engine.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.store.Json;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Renders failures as problem+json; anything unexpected becomes a logged 500 that leaks no internals. */
final class Problems {
    static final String TYPE_BASE = "https://assay.dev/problems/";
    static final String MEDIA_TYPE = "application/problem+json";
    /** Errors listed in one problem at most; the rest are counted in {@code errorsOmitted}. */
    static final int MAX_ERRORS = 100;

    private static final Logger LOG = Logger.getLogger(Problems.class.getName());

    private Problems() {
    }

    static void send(RoutingContext ctx, ApiProblem p) {
        write(ctx.response(), ctx.request().path(), p);
    }

    /** The single translation point from any failure to an HTTP answer. */
    static void fail(RoutingContext ctx, Throwable error) {
        switch (error) {
            case ApiProblem p -> send(ctx, p);
            case InvalidInputException e -> send(ctx, ApiProblem.invalid(e.violations()));
            case Throwable t when storeUnavailable(t) -> {
                LOG.log(Level.WARNING, "store unavailable on " + ctx.request().method() + " " + ctx.request().path()
                        + ": " + t);
                // The Idempotency-Key advice is for requests that store something; a read is simply sent again.
                boolean writes = ctx.request().method() != io.vertx.core.http.HttpMethod.GET;
                send(ctx, ApiProblem.storeUnavailable("the store cannot be reached just now; send the request again"
                        + (writes ? " (with the same Idempotency-Key, a submission that was stored is returned, not "
                        + "stored twice)" : ""), 5));
            }
            default -> {
                LOG.log(Level.SEVERE, "unexpected failure on " + ctx.request().method() + " " + ctx.request().path(), error);
                send(ctx, new ApiProblem(500, "internal", "Internal error",
                        "The request could not be completed; it has been logged", List.of()));
            }
        }
    }

    /**
     * Whether a failure says the store could not be reached (nothing listening, the connection lost, the server
     * shutting down or refusing connections), which a retry later may get past: a 503 then, not a 500.
     */
    static boolean storeUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.io.IOException || t instanceof io.vertx.sqlclient.ClosedConnectionException) {
                return true; // refused, reset, closed: the network between us and the store
            }
            // What the SQL client says of a connection the server has closed under it (it has no type of its own).
            if (t instanceof io.vertx.core.VertxException && t.getMessage() != null
                    && t.getMessage().startsWith("Connection is not active now")) {
                return true;
            }
            if (t instanceof io.vertx.pgclient.PgException pg && pg.getSqlState() != null) {
                String state = pg.getSqlState();
                if (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The router's error handler for {@code status}. Vert.x reports its own 4xx (no route, wrong method, body too
     * large, undecodable path) as an {@code HttpException}, as a plain exception, or with no failure recorded on the
     * context at all; the status the handler was chosen for is then the only account of what went wrong.
     */
    static void routerFailure(RoutingContext ctx, int status) {
        Throwable failure = ctx.failure();
        if (failure instanceof ApiProblem || failure instanceof InvalidInputException) {
            fail(ctx, failure);
        } else if (status >= 400 && status < 500) {
            send(ctx, forStatus(status, failure));
        } else {
            fail(ctx, failure != null ? failure : new IllegalStateException("the router failed with status " + status));
        }
    }

    /** Requests the HTTP codec rejects (request line or headers too long, not HTTP at all) never reach the router. */
    static void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        ApiProblem p = switch (cause) {
            case TooLongHttpLineException e -> new ApiProblem(414, "uri-too-long", "URI too long",
                    "The request line exceeds the size limit", List.of(new Violation("uri", "exceeds the size limit")));
            case TooLongHttpHeaderException e -> new ApiProblem(431, "headers-too-large", "Request headers too large",
                    "The request headers exceed the size limit",
                    List.of(new Violation("headers", "exceed the size limit")));
            case null, default -> new ApiProblem(400, "bad-request", "Bad request", "The request is not valid HTTP", List.of());
        };
        // The request was not read, so there is no path to name as the instance ("/" named the root); none is given.
        write(request.response().putHeader("Connection", "close"), null, p)
                .onComplete(v -> request.connection().close());
    }

    static ApiProblem forStatus(int status, Throwable failure) {
        return switch (status) {
            case 413 -> new ApiProblem(413, "body-too-large", "Request body too large",
                    "The request body exceeds the size limit",
                    List.of(new Violation("body", "exceeds the size limit")));
            // Clients key their handling on the field a problem names; here it is the request line's part at fault.
            case 404 -> new ApiProblem(404, "not-found", "Not found", "No such resource",
                    List.of(new Violation("path", "is not a resource of this API")));
            case 405 -> new ApiProblem(405, "method-not-allowed", "Method not allowed",
                    "This resource does not accept that method",
                    List.of(new Violation("method", "is not accepted here; the Allow header lists those that are")));
            case 415 -> new ApiProblem(415, "unsupported-media-type", "Unsupported media type",
                    "send the body as application/json",
                    List.of(new Violation("Content-Type", "must be application/json")));
            case 400 -> new ApiProblem(400, "bad-request", "Bad request",
                    failure == null || failure.getMessage() == null ? "The request is malformed" : failure.getMessage(), List.of());
            default -> new ApiProblem(status, "http-" + status, "HTTP " + status, "The request cannot be served", List.of());
        };
    }

    private static Future<Void> write(HttpServerResponse response, String instance, ApiProblem p) {
        if (response.headWritten()) {
            response.reset(); // a streamed answer already begun cannot turn into a problem; cut it off instead
            return Future.succeededFuture();
        }
        if (response.ended() || response.closed()) {
            return Future.succeededFuture();
        }
        ObjectNode body = Json.object();
        body.put("type", TYPE_BASE + p.type());
        body.put("title", p.title());
        body.put("status", p.status());
        body.put("detail", p.getMessage());
        if (instance != null) {
            body.put("instance", instance);
        }
        if (!p.errors().isEmpty()) {
            body.put("field", p.errors().get(0).field());
            ArrayNode errors = body.putArray("errors");
            // Enough to fix a request by; a body of 60,000 bad answers would otherwise get a reply of megabytes.
            p.errors().stream().limit(MAX_ERRORS)
                    .forEach(v -> errors.addObject().put("field", v.field()).put("message", v.message()));
            if (p.errors().size() > MAX_ERRORS) {
                body.put("errorsOmitted", p.errors().size() - MAX_ERRORS);
            }
        }
        if (p.retryAfterSeconds() > 0) {
            body.put("retryAfter", p.retryAfterSeconds());
            response.putHeader("Retry-After", Integer.toString(p.retryAfterSeconds()));
        }
        if (p.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer realm=\"assay\"");
        }
        return response.setStatusCode(p.status()).putHeader("Content-Type", MEDIA_TYPE).end(Json.write(body));
    }
}
