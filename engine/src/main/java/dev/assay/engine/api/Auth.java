package dev.assay.engine.api;

import dev.assay.engine.auth.Authenticator;
import dev.assay.engine.auth.Principal;
import io.vertx.ext.web.RoutingContext;

/**
 * Route guards: every /v1 call carries a bearer credential (the Jobe routes also take the API key in Jobe's
 * X-API-KEY header); some routes are for platforms only.
 */
public final class Auth {
    private static final String KEY = "assay.principal";
    private static final java.util.regex.Pattern EVENTS = java.util.regex.Pattern.compile("/v1/learners/[^/]+/events");

    private Auth() {
    }

    public static io.vertx.core.Handler<RoutingContext> handler(Authenticator authenticator) {
        return ctx -> {
            String credential;
            try {
                credential = credential(ctx);
            } catch (ApiProblem p) {
                Problems.send(ctx, p);
                return;
            }
            if (credential == null || credential.isEmpty()) {
                Problems.send(ctx, ApiProblem.unauthorized("a bearer API key or learner token is required"));
                return;
            }
            boolean inUrl = ctx.request().getHeader("Authorization") == null && jobeKey(ctx) == null;
            authenticator.authenticate(credential).onComplete(ar -> {
                if (ar.failed()) {
                    Problems.fail(ctx, ar.cause());
                } else if (ar.result().isEmpty()) {
                    Problems.send(ctx, ApiProblem.unauthorized("the credential is invalid or expired"));
                } else if (inUrl && ar.result().get() instanceof Principal.Platform) {
                    // URLs end up in proxy and access logs: the platform's secret never travels in one.
                    Problems.send(ctx, ApiProblem.unauthorized("the API key is accepted only in the Authorization "
                            + "header; access_token takes a learner token"));
                } else {
                    ctx.put(KEY, ar.result().get());
                    ctx.next();
                }
            });
        };
    }

    private static String credential(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).trim();
        }
        if (header == null && jobeKey(ctx) != null) {
            return jobeKey(ctx);
        }
        if (header == null && "GET".equals(ctx.request().method().name()) && EVENTS.matcher(ctx.request().path()).matches()) {
            // EventSource cannot set headers, so the learner stream (and only it) also takes the token in the query.
            return Params.query(ctx, "access_token");
        }
        return null;
    }

    /** Jobe clients (CodeRunner) send their key in X-API-KEY; taken on the Jobe routes only. */
    private static String jobeKey(RoutingContext ctx) {
        return ctx.request().path().startsWith(JobeRoutes.BASE + "/") ? ctx.request().getHeader("X-API-KEY") : null;
    }

    public static Principal principal(RoutingContext ctx) {
        return ctx.get(KEY);
    }

    public static Principal.Platform platform(RoutingContext ctx) {
        if (principal(ctx) instanceof Principal.Platform p) {
            return p;
        }
        throw ApiProblem.forbidden("this call needs the platform's API key, not a learner token");
    }

    public static Principal.Learner learner(RoutingContext ctx) {
        if (principal(ctx) instanceof Principal.Learner l) {
            return l;
        }
        throw ApiProblem.forbidden("this call is made by a learner: use a learner token (POST /v1/learner-tokens)");
    }

    /** The platform itself, or the learner named in the path asking about themselves. */
    public static void requireLearnerOrPlatform(RoutingContext ctx, String learnerId) {
        if (principal(ctx) instanceof Principal.Learner l && !l.learnerId().equals(learnerId)) {
            throw ApiProblem.forbidden("a learner token gives access to that learner's own results only");
        }
    }
}
