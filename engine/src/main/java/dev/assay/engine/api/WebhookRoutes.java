package dev.assay.engine.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.node.Services;
import dev.assay.engine.store.DeliveryStore.DeliveryRow;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.WebhookStore.EndpointRow;
import dev.assay.engine.webhooks.WebhookSignature;
import dev.assay.graders.Violation;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A platform's webhook endpoints for outcome events, and their delivery log with replay. The signing secret is
 * returned when the endpoint is created and when it is rotated, never in listings.
 */
final class WebhookRoutes {
    private static final int MAX_URL = 2_000;
    private static final int MAX_DESCRIPTION = 500;
    /** How long a rotated secret goes on signing beside the new one, unless the rotation says otherwise. */
    static final int DEFAULT_OVERLAP_HOURS = 24;
    private static final int MAX_OVERLAP_HOURS = 168;
    private static final Set<String> LOG_STATUSES = Set.of("pending", "delivered", "failed", "stopped");
    private static final List<String> REPLAYABLE = List.of("delivered", "failed", "stopped");

    private WebhookRoutes() {
    }

    static void mount(Router router, Services s) {
        router.post("/v1/webhooks").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            Fields body = Fields.of(ctx, "url", "description");
            String url = url(body, true);
            String description = body.text("description", false);
            Params.maxLength(description, "description", MAX_DESCRIPTION, body.errors());
            body.check();
            return s.webhooks().create(platform.platformId(), url, description, WebhookSignature.newSecret())
                    .map(w -> Reply.created(view(w, true), "/v1/webhooks/" + w.id()));
        }));
        router.get("/v1/webhooks").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            return s.webhooks().list(platform.platformId()).map(rows -> {
                ObjectNode page = Json.object();
                ArrayNode items = page.putArray("items");
                rows.forEach(w -> items.add(view(w, false)));
                return Reply.ok(page);
            });
        }));
        router.get("/v1/webhooks/:id").handler(Reply.handler(ctx -> endpoint(s, ctx.pathParam("id"), ctx)
                .map(w -> Reply.ok(view(w, false)))));
        router.patch("/v1/webhooks/:id").handler(Reply.handler(ctx -> {
            var platform = Auth.platform(ctx);
            UUID id = Params.uuid(ctx, "id", "webhook");
            Fields body = Fields.of(ctx, "url", "description", "enabled", "rotateSecret", "previousSecretHours");
            String url = url(body, false);
            String description = body.text("description", false);
            Params.maxLength(description, "description", MAX_DESCRIPTION, body.errors());
            Boolean enabled = body.bool("enabled");
            Boolean rotate = body.bool("rotateSecret");
            Double overlap = body.number("previousSecretHours", false);
            if (overlap != null && (overlap != Math.rint(overlap) || overlap < 0 || overlap > MAX_OVERLAP_HOURS)) {
                body.errors().add(new Violation("previousSecretHours", "must be a whole number of hours from 0 to "
                        + MAX_OVERLAP_HOURS));
            } else if (overlap != null && !Boolean.TRUE.equals(rotate)) {
                body.errors().add(new Violation("previousSecretHours", "applies only with rotateSecret: true"));
            }
            body.check();
            String secret = Boolean.TRUE.equals(rotate) ? WebhookSignature.newSecret() : null;
            int overlapHours = overlap == null ? DEFAULT_OVERLAP_HOURS : overlap.intValue();
            return s.webhooks().update(platform.platformId(), id, url, description, enabled, secret, overlapHours)
                    .map(w -> Reply.ok(view(w.orElseThrow(() -> ApiProblem.notFound("webhook", id.toString())),
                            secret != null)));
        }));
        router.get("/v1/webhooks/:id/deliveries").handler(Reply.handler(ctx -> {
            String status = Params.query(ctx, "status");
            if (status != null && !LOG_STATUSES.contains(status)) {
                throw ApiProblem.invalid("status", "must be one of " + LOG_STATUSES);
            }
            long after = Params.intParam(ctx, "after", 0, 0, Integer.MAX_VALUE);
            int limit = Params.limit(ctx);
            return endpoint(s, ctx.pathParam("id"), ctx)
                    .compose(w -> s.deliveries().log(w.id(), status, after, limit).map(rows -> {
                        ObjectNode page = Json.object();
                        ArrayNode items = page.putArray("items");
                        rows.forEach(d -> items.add(delivery(d)));
                        if (rows.size() == limit) {
                            page.put("next", "/v1/webhooks/" + w.id() + "/deliveries?limit=" + limit + "&after="
                                    + rows.get(rows.size() - 1).seq() + (status == null ? "" : "&status=" + status));
                        }
                        return Reply.ok(page);
                    }));
        }));
        router.get("/v1/webhooks/:id/deliveries/:eventId").handler(Reply.handler(ctx -> {
            UUID eventId = Params.uuid(ctx, "eventId", "delivery");
            return endpoint(s, ctx.pathParam("id"), ctx).compose(w -> s.deliveries().get(w.id(), eventId)
                    .map(d -> d.orElseThrow(() -> ApiProblem.notFound("delivery", eventId.toString())))
                    .compose(d -> s.deliveries().attempts(w.id(), eventId).map(attempts -> {
                        ObjectNode view = delivery(d);
                        ArrayNode list = view.putArray("attemptLog");
                        attempts.forEach(a -> list.addObject().put("attempt", a.attempt()).put("statusCode", a.statusCode())
                                .put("error", a.error()).put("durationMs", a.durationMillis())
                                .put("at", a.at().toInstant().toString()));
                        return Reply.ok(view);
                    })));
        }));
        router.post("/v1/webhooks/:id/deliveries/:eventId/replay").handler(Reply.handler(ctx -> {
            UUID eventId = Params.uuid(ctx, "eventId", "delivery");
            return endpoint(s, ctx.pathParam("id"), ctx).compose(w -> requireEnabled(w)
                    .compose(v -> s.deliveries().get(w.id(), eventId))
                    .map(d -> d.orElseThrow(() -> ApiProblem.notFound("delivery", eventId.toString())))
                    .compose(d -> {
                        if ("pending".equals(d.status())) {
                            throw ApiProblem.conflict("eventId", "delivery " + eventId + " is still pending; it will be sent");
                        }
                        return s.deliveries().replay(w.id(), eventId, REPLAYABLE, null);
                    })
                    .map(r -> {
                        if (r.superseded() > 0) {
                            throw new ApiProblem(409, "conflict", "Conflict", "the endpoint already has a later version of "
                                    + "this learner's outcome; sent now, this one would leave it on an outdated outcome. "
                                    + "Replay the delivered events too (POST /v1/webhooks/{id}/replay with statuses "
                                    + "including delivered) to send every version again in order",
                                    List.of(new Violation("eventId", "is superseded by a delivered later version")));
                        }
                        return new Reply(202, replayed(r), java.util.Map.of());
                    }));
        }));
        router.post("/v1/webhooks/:id/replay").handler(Reply.handler(ctx -> {
            Fields body = Fields.optional(ctx, "statuses", "since");
            List<String> statuses = body.strings("statuses", Set.copyOf(REPLAYABLE));
            java.time.Instant since = body.instant("since", false);
            body.check();
            return endpoint(s, ctx.pathParam("id"), ctx).compose(w -> requireEnabled(w)
                    .compose(v -> s.deliveries().replay(w.id(), null,
                            statuses == null ? List.of("failed", "stopped") : statuses, since))
                    .map(r -> new Reply(202, replayed(r), java.util.Map.of())));
        }));
    }

    private static ObjectNode replayed(dev.assay.engine.store.DeliveryStore.Replayed r) {
        return Json.object().put("queued", r.queued()).put("superseded", r.superseded());
    }

    private static Future<EndpointRow> endpoint(Services s, String raw, io.vertx.ext.web.RoutingContext ctx) {
        var platform = Auth.platform(ctx);
        UUID id = Params.uuid(ctx, "id", "webhook");
        return s.webhooks().get(platform.platformId(), id)
                .map(w -> w.orElseThrow(() -> ApiProblem.notFound("webhook", raw)));
    }

    private static Future<Void> requireEnabled(EndpointRow w) {
        if (!w.enabled()) {
            throw ApiProblem.conflict("enabled", "webhook " + w.id() + " is disabled (" + w.disabledReason()
                    + "); enable it with PATCH {\"enabled\": true} before replaying");
        }
        return Future.succeededFuture();
    }

    /** An absolute http(s) URL with a host, or null (reported when required or malformed). */
    private static String url(Fields body, boolean required) {
        String url = body.text("url", required);
        if (url == null) {
            return null;
        }
        Params.maxLength(url, "url", MAX_URL, body.errors());
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getUserInfo() != null
                    || uri.getFragment() != null) {
                body.errors().add(new Violation("url", "must be an absolute http or https URL with a host, "
                        + "no credentials and no fragment"));
                return null;
            }
            if (uri.getPort() == 0 || uri.getPort() > 65535) {
                body.errors().add(new Violation("url", "has port " + uri.getPort() + "; a port is 1 to 65535"));
                return null;
            }
        } catch (URISyntaxException e) {
            body.errors().add(new Violation("url", "is not a valid URL: " + e.getReason()));
            return null;
        }
        return url;
    }

    private static ObjectNode view(EndpointRow w, boolean withSecret) {
        ObjectNode node = Json.object().put("id", w.id().toString()).put("url", w.url())
                .put("description", w.description()).put("enabled", w.enabled())
                .put("disabledReason", w.disabledReason())
                .put("createdAt", w.createdAt().toInstant().toString())
                .put("updatedAt", w.updatedAt().toInstant().toString());
        if (withSecret) {
            node.put("secret", w.secret());
        }
        boolean overlapping = w.previousSecretUntil() != null && w.previousSecretUntil().toInstant().isAfter(java.time.Instant.now());
        node.put("previousSecretUntil", overlapping ? w.previousSecretUntil().toInstant().toString() : null);
        return node;
    }

    private static ObjectNode delivery(DeliveryRow d) {
        return Json.object().put("eventId", d.eventId().toString()).put("seq", d.seq())
                .put(d.program() ? "programId" : "courseId", d.subjectId()).put("learnerId", d.learnerId()).put("version", d.version()).put("status", d.status())
                .put("attempts", d.attempts())
                .put("nextAttemptAt", "pending".equals(d.status()) ? d.nextAttemptAt().toInstant().toString() : null)
                .put("lastStatusCode", d.lastStatus()).put("lastError", d.lastError())
                .put("deliveredAt", d.deliveredAt() == null ? null : d.deliveredAt().toInstant().toString())
                .put("createdAt", d.createdAt().toInstant().toString());
    }
}
