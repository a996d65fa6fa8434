package dev.assay.engine.api;

import dev.assay.engine.node.Services;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.List;

/** The HTTP API of one node. Several instances share the port, one per event loop. */
public final class ApiVerticle extends VerticleBase {
    private final Services services;
    private HttpServer server;

    public ApiVerticle(Services services) {
        this.services = services;
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer(new HttpServerOptions()
                .setHost(services.config().host())
                .setPort(services.config().port())
                .setMaxHeaderSize(16 * 1024)
                .setCompressionSupported(true)
                // h2c upgrades failed intermittently on large replies (about 1 in 10 here); HTTP/1.1 with keep-alive
                // serves platforms just as well, and TLS terminators speak HTTP/2 to clients when wanted.
                .setHttp2ClearTextEnabled(false));
        return server.requestHandler(router(services)).invalidRequestHandler(Problems::invalidRequest).listen();
    }

    /**
     * Stops taking connections and gives requests in flight a few seconds to finish, while the store is still up
     * (the node stops everything else after this).
     */
    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.shutdown(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    public static Router router(Services s) {
        Router router = Router.router(s.vertx());
        OpsRoutes.mount(router, s);

        BodyHandler bodies = BodyHandler.create(false).setBodyLimit(s.config().bodyLimitBytes());
        // BodyHandler decodes a form or multipart body as a form (curl -d sends JSON as one) and fails the request with
        // a bare 400 at the first '%' that is no escape. No endpoint takes a form, so such a body is left unread and
        // the route refuses its type with the 415 that names Content-Type, as it does for text/plain.
        for (String api : List.of("/v1/*", JobeRoutes.BASE + "/*")) {
            router.route(api).handler(ctx -> {
                if (Bodies.isForm(ctx.request().getHeader("Content-Type"))) {
                    ctx.next();
                } else {
                    bodies.handle(ctx);
                }
            });
            router.route(api).handler(Auth.handler(s.authenticator()));
        }
        // The calls made per learner action first: Vert.x tries a request against each route's path regex in turn
        // before it looks at the method, and with the learner routes after the ~40 staff ones that matching was a
        // sixth of the node's CPU on reviews:next. No two routes serve the same path and method (OpsEndpointsTest),
        // so the order changes nothing else.
        SubmissionRoutes.mount(router, s);
        PeerLearnerRoutes.mount(router, s);
        ReceivedReviewRoutes.mount(router, s);
        LearnerRoutes.mount(router, s);
        CourseRoutes.mount(router, s);
        GradeRoutes.mount(router, s);
        OutcomeRoutes.mount(router, s);
        ProgramRoutes.mount(router, s);
        WebhookRoutes.mount(router, s);
        OverrideRoutes.mount(router, s);
        AssessmentRoutes.mount(router, s);
        EssayRoutes.mount(router, s);
        RegradeRoutes.mount(router, s);
        PeerRoutes.mount(router, s);
        PeerModerationRoutes.mount(router, s);
        JobeRoutes.mount(router, s);
        XQueueRoutes.mount(router, s);
        LtiRoutes.mount(router, s);

        // Whatever status Vert.x itself fails a request with, the caller still gets problem+json.
        AllowedMethods allowed = AllowedMethods.of(router);
        // HEAD is GET without the body (Vert.x leaves the body out of a HEAD response), so load balancers can probe
        // health with it; not on the event stream, which never ends.
        router.route().order(-1).method(io.vertx.core.http.HttpMethod.HEAD).handler(ctx -> {
            if (AllowedMethods.headLikeGet(ctx.normalizedPath())) {
                ctx.reroute(io.vertx.core.http.HttpMethod.GET, ctx.request().uri());
            } else {
                ctx.next();
            }
        });
        for (int status = 400; status < 600; status++) {
            int code = status;
            router.errorHandler(code, ctx -> {
                // A path that exists but not for this method is a 405 naming the methods it takes, also when the
                // authentication route in front of it matched every method and left Vert.x saying 404.
                String allow = code == 404 || code == 405 ? allowed.header(ctx.normalizedPath()) : null;
                if (allow != null) {
                    ctx.response().putHeader("Allow", allow);
                    Problems.routerFailure(ctx, 405);
                } else {
                    Problems.routerFailure(ctx, code == 405 ? 404 : code);
                }
            });
        }
        return router;
    }
}
