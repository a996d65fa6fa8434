package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.store.Json;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;
import java.util.function.Function;

/** A JSON answer, and the adapter that lets route code return futures of it and throw {@link ApiProblem}s. */
public record Reply(int status, JsonNode body, Map<String, String> headers) {

    public static Reply ok(JsonNode body) {
        return new Reply(200, body, Map.of());
    }

    public static Reply noContent() {
        return new Reply(204, null, Map.of());
    }

    public static Reply created(JsonNode body, String location) {
        return new Reply(201, body, Map.of("Location", location));
    }

    /**
     * A page of a cursor-paged listing: {@code items}, and {@code next} (built from the last row) when the page is
     * full, so more may follow.
     */
    static <T> Reply page(java.util.List<T> rows, int limit, Function<T, JsonNode> view, Function<T, String> next) {
        com.fasterxml.jackson.databind.node.ObjectNode page = Json.object();
        var items = page.putArray("items");
        rows.forEach(r -> items.add(view.apply(r)));
        if (rows.size() == limit) {
            page.put("next", next.apply(rows.get(rows.size() - 1)));
        }
        return ok(page);
    }

    public static Handler<RoutingContext> handler(Function<RoutingContext, Future<Reply>> route) {
        return ctx -> {
            Future<Reply> reply;
            try {
                reply = route.apply(ctx);
            } catch (RuntimeException e) {
                Problems.fail(ctx, e);
                return;
            }
            reply.onComplete(ar -> {
                if (ar.failed()) {
                    Problems.fail(ctx, ar.cause());
                    return;
                }
                Reply r = ar.result();
                var response = ctx.response();
                if (response.closed() || response.ended()) {
                    return;
                }
                r.headers().forEach(response::putHeader);
                if (r.body() == null) {
                    response.setStatusCode(r.status()).end(); // 204: nothing to say
                    return;
                }
                response.setStatusCode(r.status()).putHeader("Content-Type", "application/json").end(Json.write(r.body()));
            });
        };
    }
}
