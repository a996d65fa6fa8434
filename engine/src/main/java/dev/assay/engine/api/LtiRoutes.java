package dev.assay.engine.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.lti.LtiKeys;
import dev.assay.engine.node.Services;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.LtiStore.LinkRow;
import dev.assay.engine.store.LtiStore.RegistrationRow;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;

import java.net.URI;
import java.util.UUID;

/**
 * LTI 1.3 Assignment and Grade Services, Assay as the tool: staff register the LMS (issuer, client id, token
 * endpoint; Assay makes the key pair and serves its public half at {@code /lti/jwks}, the LMS's "public keyset URL"
 * for the tool) and link an assessment to a line item; from then on every learner's score that counts goes to it
 * ({@code LtiScoreRelay}). The LTI user id is the learner id.
 */
final class LtiRoutes {
    static final String JWKS = "/lti/jwks";

    private LtiRoutes() {
    }

    static void mount(Router router, Services s) {
        router.get(JWKS).handler(Reply.handler(ctx -> s.lti().publicKeys().map(keys -> Reply.ok(LtiKeys.jwks(keys)))));
        router.put("/v1/lti/registrations/:registrationId").handler(Reply.handler(ctx -> {
            UUID platformId = Auth.platform(ctx).platformId();
            String id = Params.pathId(ctx, "registrationId");
            Fields body = Fields.of(ctx, "issuer", "clientId", "tokenUrl");
            String issuer = body.text("issuer", true);
            String clientId = body.text("clientId", true);
            String tokenUrl = body.text("tokenUrl", true);
            Params.maxLength(issuer, "issuer", 2_000, body.errors());
            Params.maxLength(clientId, "clientId", 500, body.errors());
            url(tokenUrl, "tokenUrl", body);
            body.check();
            // RSA key generation takes a while: a worker thread's job, not the event loop's.
            return s.vertx().executeBlocking(LtiKeys::generate, false)
                    .compose(keys -> s.lti().putRegistration(platformId, id, issuer, clientId, tokenUrl, keys))
                    .map(row -> Reply.ok(view(row)));
        }));
        router.get("/v1/lti/registrations/:registrationId").handler(Reply.handler(ctx -> {
            UUID platformId = Auth.platform(ctx).platformId();
            String id = Params.existingId(ctx, "registrationId", "registration");
            return s.lti().registration(platformId, id).map(row -> Reply.ok(view(row.orElseThrow(() ->
                    ApiProblem.notFound("registration", id)))));
        }));
        router.put("/v1/assessments/:id/lti").handler(Reply.handler(ctx -> {
            UUID platformId = Auth.platform(ctx).platformId();
            UUID assessmentId = Params.uuid(ctx, "id", "assessment");
            Fields body = Fields.of(ctx, "registration", "lineItemUrl");
            String registration = body.text("registration", true);
            String lineItem = body.text("lineItemUrl", true);
            url(lineItem, "lineItemUrl", body);
            body.check();
            return s.assessments().get(platformId, assessmentId)
                    .map(a -> a.orElseThrow(() -> ApiProblem.notFound("assessment", assessmentId.toString())))
                    .compose(a -> s.lti().registration(platformId, registration))
                    .compose(r -> r.isPresent() ? s.lti().putLink(platformId, assessmentId, registration, lineItem)
                            : Future.failedFuture(ApiProblem.invalid("registration", "'" + registration
                            + "' is not a registration of this platform (PUT /v1/lti/registrations/{id} first)")))
                    .map(link -> Reply.ok(view(link)));
        }));
        router.get("/v1/assessments/:id/lti").handler(Reply.handler(ctx -> {
            UUID platformId = Auth.platform(ctx).platformId();
            UUID assessmentId = Params.uuid(ctx, "id", "assessment");
            return s.lti().link(platformId, assessmentId).map(link -> Reply.ok(view(link.orElseThrow(() ->
                    new ApiProblem(404, "not-found", "Not found", "assessment '" + assessmentId
                            + "' is not linked to a line item", java.util.List.of(
                            new dev.assay.graders.Violation("lti", "is not set for this assessment")))))));
        }));
        router.get("/v1/assessments/:id/lti/scores/:learnerId").handler(Reply.handler(ctx -> {
            UUID platformId = Auth.platform(ctx).platformId();
            UUID assessmentId = Params.uuid(ctx, "id", "assessment");
            String learnerId = Params.pathId(ctx, "learnerId");
            return s.lti().link(platformId, assessmentId)
                    .compose(link -> link.isEmpty() ? Future.succeededFuture(java.util.Optional.<dev.assay.engine.store.LtiStore.ScoreRow>empty())
                            : s.lti().score(assessmentId, learnerId))
                    .map(row -> {
                        var r = row.orElseThrow(() -> ApiProblem.notFound("learner", learnerId));
                        return Reply.ok(Json.object().put("learnerId", r.learnerId()).put("status", r.status())
                                .put("attempts", r.attempts()).put("sentScore", r.sentScore()).put("sentMax", r.sentMax())
                                .put("sentAt", r.sentAt() == null ? null : r.sentAt().toInstant().toString())
                                .put("lastError", r.lastError()));
                    });
        }));
    }

    private static void url(String value, String field, Fields body) {
        if (value == null) {
            return;
        }
        try {
            URI uri = URI.create(value);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && value.length() <= 2_000) {
                return;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        body.errors().add(new dev.assay.graders.Violation(field, "must be an absolute http or https URL"));
    }

    private static ObjectNode view(RegistrationRow r) {
        return Json.object().put("id", r.id()).put("issuer", r.issuer()).put("clientId", r.clientId())
                .put("tokenUrl", r.tokenUrl()).put("keyId", r.keyId().toString()).put("jwksPath", JWKS)
                .put("createdAt", r.createdAt().toInstant().toString()).put("updatedAt", r.updatedAt().toInstant().toString());
    }

    private static ObjectNode view(LinkRow l) {
        return Json.object().put("assessmentId", l.assessmentId().toString()).put("registration", l.registrationId())
                .put("lineItemUrl", l.lineItemUrl()).put("updatedAt", l.updatedAt().toInstant().toString());
    }
}
