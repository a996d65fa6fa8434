package dev.assay.engine.api;

import dev.assay.engine.auth.LearnerTokens;
import dev.assay.engine.auth.Principal;
import dev.assay.engine.node.Services;
import dev.assay.engine.store.Json;
import dev.assay.graders.Violation;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Learner tokens, and the learner's live feed of results as Server-Sent Events. */
final class LearnerRoutes {
    static final int DEFAULT_TTL = 3600;
    static final int MAX_TTL = 24 * 3600;
    static final long HEARTBEAT_MILLIS = 15_000;

    record TokenBody(String learnerId, Integer ttlSeconds) {
    }

    private LearnerRoutes() {
    }

    static void mount(Router router, Services s) {
        router.post("/v1/learner-tokens").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            TokenBody body = Bodies.read(ctx, TokenBody.class);
            List<Violation> errors = new ArrayList<>();
            Params.externalId(body.learnerId(), "learnerId", errors);
            int ttl = body.ttlSeconds() == null ? DEFAULT_TTL : body.ttlSeconds();
            if (ttl < 1 || ttl > MAX_TTL) {
                errors.add(new Violation("ttlSeconds", "must be from 1 to " + MAX_TTL));
            }
            Params.check(errors);
            Instant expires = Instant.now().plusSeconds(ttl);
            return s.authenticator().platformById(platform.platformId()).map(row -> {
                String token = LearnerTokens.mint(platform.platformId(), row.orElseThrow().tokenSecret(), body.learnerId(), expires);
                return Reply.created(Json.object().put("token", token).put("learnerId", body.learnerId())
                        .put("expiresAt", expires.toString())
                        .put("stream", "/v1/learners/" + body.learnerId() + "/events"), "/v1/learners/" + body.learnerId());
            });
        }));

        router.get("/v1/learners/:learnerId/events").handler(ctx -> {
            Principal who = Auth.principal(ctx);
            String learnerId = ctx.pathParam("learnerId");
            try {
                Auth.requireLearnerOrPlatform(ctx, learnerId);
            } catch (ApiProblem p) {
                Problems.send(ctx, p);
                return;
            }
            HttpServerResponse response = ctx.response();
            response.setChunked(true)
                    .putHeader("Content-Type", "text/event-stream")
                    .putHeader("Cache-Control", "no-cache")
                    .putHeader("X-Accel-Buffering", "no");
            var consumer = s.events().subscribe(who.platformId(), learnerId, json -> {
                if (!response.closed()) {
                    String id = Json.parse(json).path("submissionId").asText();
                    response.write("id: " + id + "\nevent: result\ndata: " + json + "\n\n");
                }
            });
            long heartbeat = s.vertx().setPeriodic(HEARTBEAT_MILLIS, t -> {
                if (!response.closed()) {
                    response.write(": keep-alive\n\n");
                }
            });
            response.closeHandler(v -> {
                s.vertx().cancelTimer(heartbeat);
                consumer.unregister();
            });
            // "ready" is sent only once the subscription is registered cluster-wide, so nothing stored after it is missed.
            consumer.completion().onComplete(ar -> {
                if (!response.closed()) {
                    response.write("event: ready\ndata: {\"learnerId\":" + Json.write(learnerId) + "}\n\n");
                }
            });
        });
    }
}
