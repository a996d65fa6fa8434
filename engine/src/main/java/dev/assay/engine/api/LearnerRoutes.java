package dev.assay.engine.api;

import dev.assay.engine.auth.LearnerTokens;
import dev.assay.engine.auth.Principal;
import dev.assay.engine.grading.ResultEvents;
import dev.assay.engine.node.Services;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.SubmissionStore.SubmissionRow;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Learner tokens, and the learner's live feed of results as Server-Sent Events. */
final class LearnerRoutes {
    static final int DEFAULT_TTL = 3600;
    static final int MAX_TTL = 24 * 3600;
    static final long HEARTBEAT_MILLIS = 15_000;
    /** Missed results replayed on reconnection; a client away for longer lists its submissions instead. */
    static final int MAX_REPLAY = 500;

    private LearnerRoutes() {
    }

    static void mount(Router router, Services s) {
        router.post("/v1/learner-tokens").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            Fields body = Fields.of(ctx, "learnerId", "ttlSeconds");
            String learnerId = body.text("learnerId", true);
            Params.externalId(learnerId, "learnerId", body.errors());
            Integer ttl = body.integer("ttlSeconds", 1, MAX_TTL);
            body.check();
            Instant expires = Instant.now().plusSeconds(ttl == null ? DEFAULT_TTL : ttl);
            return s.authenticator().platformById(platform.platformId()).map(row -> {
                String token = LearnerTokens.mint(platform.platformId(), row.orElseThrow().tokenSecret(), learnerId, expires);
                String learner = "/v1/learners/" + Params.segment(learnerId);
                return Reply.created(Json.object().put("token", token).put("learnerId", learnerId)
                        .put("expiresAt", expires.toString())
                        .put("stream", learner + "/events"), learner + "/submissions");
            });
        }));

        router.get("/v1/learners/:learnerId/events").handler(ctx -> {
            Principal who = Auth.principal(ctx);
            String learnerId;
            try {
                learnerId = Params.pathId(ctx, "learnerId");
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
            UUID lastSeen = lastEventId(ctx);
            // Live events wait while missed ones are replayed, so the client gets them in the order they were stored.
            List<String> held = new ArrayList<>();
            boolean[] replaying = {lastSeen != null};
            var consumer = s.events().subscribe(who.platformId(), learnerId, json -> {
                if (replaying[0]) {
                    held.add(json);
                } else {
                    writeResult(response, json);
                }
            });
            long heartbeat = s.vertx().setPeriodic(HEARTBEAT_MILLIS, t -> {
                if (open(response)) {
                    response.write(": keep-alive\n\n");
                }
            });
            long[] expiry = {-1};
            Runnable stop = () -> {
                s.vertx().cancelTimer(heartbeat);
                s.vertx().cancelTimer(expiry[0]);
                consumer.unregister();
            };
            // A stream lasts no longer than the token that opened it: the client reconnects with a fresh one.
            if (who instanceof Principal.Learner l) {
                long left = java.time.Duration.between(java.time.Instant.now(), l.expiresAt()).toMillis();
                expiry[0] = s.vertx().setTimer(Math.max(1, left), t -> {
                    if (open(response)) {
                        response.end("event: expired\ndata: {\"detail\":\"the learner token expired; reconnect with a new one\"}\n\n");
                    }
                    stop.run();
                });
            }
            response.closeHandler(v -> stop.run());
            // "ready" is sent only once the subscription is registered cluster-wide, so nothing stored after it is missed.
            consumer.completion().compose(v -> lastSeen == null ? Future.succeededFuture(List.<SubmissionRow>of())
                            : s.submissions().resultsAfter(who.platformId(), learnerId, lastSeen, MAX_REPLAY))
                    .onComplete(ar -> {
                        if (ar.succeeded()) {
                            ar.result().forEach(row ->
                                    writeResult(response, Json.write(ResultEvents.forLearner(ResultEvents.of(row)))));
                        }
                        replaying[0] = false;
                        held.forEach(json -> writeResult(response, json));
                        held.clear();
                        if (open(response)) {
                            response.write("event: ready\ndata: {\"learnerId\":" + Json.write(learnerId) + "}\n\n");
                        }
                    });
        });
    }

    /** An EventSource reconnecting sends the id of the last event it got; clients that cannot set headers use ?lastEventId. */
    private static UUID lastEventId(RoutingContext ctx) {
        String raw = ctx.request().getHeader("Last-Event-ID");
        if (raw == null) {
            raw = ctx.request().getParam("lastEventId");
        }
        try {
            return raw == null ? null : UUID.fromString(raw.trim());
        } catch (IllegalArgumentException e) {
            return null; // not one of ours: nothing to replay
        }
    }

    private static boolean open(HttpServerResponse response) {
        return !response.closed() && !response.ended();
    }

    private static void writeResult(HttpServerResponse response, String json) {
        if (open(response)) {
            String id = Json.parse(json).path("submissionId").asText();
            response.write("id: " + id + "\nevent: result\ndata: " + json + "\n\n");
        }
    }
}
