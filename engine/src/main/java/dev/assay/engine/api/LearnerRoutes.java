package dev.assay.engine.api;

import dev.assay.engine.auth.LearnerTokens;
import dev.assay.engine.auth.Principal;
import dev.assay.engine.node.Services;
import dev.assay.engine.store.Json;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.time.Instant;
import java.util.UUID;

/** Learner tokens, and the learner's live feed of results as Server-Sent Events. */
final class LearnerRoutes {
    static final int DEFAULT_TTL = 3600;
    static final int MAX_TTL = 24 * 3600;
    static final long HEARTBEAT_MILLIS = 15_000;
    /** Submissions read per query when the stream replays from the store (it reads page after page). */
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
            LearnerStream stream = new LearnerStream(response, learnerId,
                    after -> s.learnerEvents().eventsAfter(who.platformId(), learnerId, after, MAX_REPLAY), MAX_REPLAY);
            var consumer = s.events().subscribe(who.platformId(), learnerId, stream::live);
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
                });
            }
            response.closeHandler(v -> stop.run());
            response.endHandler(v -> stop.run());
            // Where to start is read before the subscription completes, and the replay after: a change committed in
            // between is both replayed and received live, and the stream writes it once.
            Future<Long> from = startAfter(s, who.platformId(), learnerId, ctx);
            // "ready" is sent only once the subscription is registered cluster-wide, so nothing stored after it is missed.
            from.compose(start -> consumer.completion().map(start))
                    .onSuccess(stream::start)
                    .onFailure(e -> {
                        if (open(response)) {
                            response.end(); // the store cannot say where to start: the client retries
                        }
                    });
        });
    }

    /**
     * Where the stream starts: after the client's last event id when it sent one (an EventSource reconnecting sends
     * Last-Event-ID; clients that cannot set headers use ?lastEventId), otherwise after the learner's latest event.
     * An id above the learner's latest (from another installation) counts as the latest. A submission id, which
     * clients from before event ids hold, means after that submission's latest event (what it meant then); one
     * that is not the learner's, or anything else, is treated like no id.
     */
    private static Future<Long> startAfter(Services s, UUID platformId, String learnerId, RoutingContext ctx) {
        String raw = ctx.request().getHeader("Last-Event-ID");
        if (raw == null) {
            raw = ctx.request().getParam("lastEventId");
        }
        String id = raw == null ? "" : raw.trim();
        Long eventId = id.matches("[0-9]{1,18}") ? Long.valueOf(id) : null;
        UUID legacy = null;
        if (eventId == null) {
            try {
                legacy = UUID.fromString(id);
            } catch (IllegalArgumentException notOne) {
                // no id, or not one of ours
            }
        }
        return s.learnerEvents().streamHead(platformId, learnerId, legacy).map(head -> eventId != null
                ? Math.min(eventId, head.head())
                : head.legacy() != null ? head.legacy() : head.head());
    }

    private static boolean open(HttpServerResponse response) {
        return !response.closed() && !response.ended();
    }
}
