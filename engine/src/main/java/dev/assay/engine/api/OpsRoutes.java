package dev.assay.engine.api;

import dev.assay.engine.grading.Sweeper;
import dev.assay.engine.node.Services;
import dev.assay.engine.store.Json;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** Unauthenticated operational endpoints: health, metrics and the API description. */
final class OpsRoutes {
    private OpsRoutes() {
    }

    static void mount(Router router, Services s) {
        Buffer openapi = loadOpenApi();
        router.get("/health/live").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
                .end(Json.write(Json.object().put("status", "UP"))));
        router.get("/health/ready").handler(ctx -> s.readiness().check().onComplete(ar -> {
            boolean ready = ar.succeeded() && ar.result().ready();
            String body = ar.succeeded() ? Json.write(ar.result().body()) : "{\"status\":\"DOWN\"}";
            ctx.response().setStatusCode(ready ? 200 : 503).putHeader("Content-Type", "application/json").end(body);
        }));
        // The queue depth is read from the store at each scrape, so every node reports the same cluster-wide figure
        // (refreshed only by each node's sweep, nodes scraped together differed); a slow store leaves the last one.
        router.get("/metrics").handler(ctx -> Sweeper.depth(s.submissions(), s.regrades())
                .timeout(2, TimeUnit.SECONDS)
                .onSuccess(depth -> s.metrics().queueDepth(depth.total()))
                .onComplete(ar -> ctx.response()
                        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                        .end(s.metrics().scrape())));
        router.get("/v1/openapi.json").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json").end(openapi));
    }

    private static Buffer loadOpenApi() {
        try (InputStream in = OpsRoutes.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json missing from the build");
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
