package dev.assay.engine.lti;

import dev.assay.engine.node.PeriodicJob;
import dev.assay.engine.node.VirtualThreads;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.LtiStore;
import dev.assay.engine.store.LtiStore.Due;
import dev.assay.engine.store.LtiStore.Score;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Posts learners' scores to their LMS's line items (LTI 1.3 Assignment and Grade Services): for each pending
 * learner, the score that counts now, if it differs from the one the LMS last took, as an AGS score
 * ({@code scoreGiven}, {@code scoreMaximum}, {@code activityProgress: Completed}, {@code gradingProgress:
 * FullyGraded}) with an access token from the platform's token endpoint (client_credentials, signed client
 * assertion; cached until it expires). Failures are retried with backoff (5 s doubling to an hour, 15 attempts).
 * Runs on every node; a claim's lease keeps two nodes off one learner.
 */
public final class LtiScoreRelay {
    private static final Logger LOG = Logger.getLogger(LtiScoreRelay.class.getName());
    static final String SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score";
    static final String SCORE_TYPE = "application/vnd.ims.lis.v1.score+json";
    private static final long PERIOD_MILLIS = 500;
    private static final int BATCH = 32;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LEASE = Duration.ofSeconds(60);
    static final int MAX_ATTEMPTS = 15;

    private record Token(String value, Instant expires) {
    }

    private final Vertx vertx;
    private final LtiStore store;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    /** Access tokens by registration (platform id and registration id). */
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    /** Registrations' private keys by key id. */
    private final Map<java.util.UUID, RSAPrivateKey> keys = new ConcurrentHashMap<>();
    private final PeriodicJob job;

    public LtiScoreRelay(Vertx vertx, LtiStore store) {
        this.vertx = vertx;
        this.store = store;
        this.job = new PeriodicJob(vertx, "lti score relay", PERIOD_MILLIS, this::sendDue);
    }

    public void start() {
        job.start();
    }

    public void stop() {
        job.stop();
    }

    private Future<?> sendDue() {
        return store.claim(BATCH, LEASE).compose(due -> {
            List<Future<Void>> done = new ArrayList<>();
            due.forEach(d -> done.add(send(d)));
            return Future.join(done);
        });
    }

    private Future<Void> send(Due due) {
        return store.countingScore(due.assessmentId(), due.learnerId()).compose(score -> {
            if (score.isEmpty() || (score.get().given() == nz(due.sentScore()) && score.get().maximum() == nz(due.sentMax()))) {
                return store.record(due, null, null, null); // nothing (new) to send
            }
            return VirtualThreads.run(vertx, "lti-score", () -> post(due, score.get()))
                    .compose(error -> store.record(due, error == null ? score.get() : null, error,
                            error == null ? null : retryAt(due)));
        });
    }

    private static double nz(Double d) {
        return d == null ? Double.NaN : d;
    }

    /** Posts the score; the error, or null when the LMS took it. */
    private String post(Due due, Score score) {
        try {
            String token = token(due);
            String body = Json.write(Json.object().put("userId", due.learnerId()).put("scoreGiven", score.given())
                    .put("scoreMaximum", score.maximum()).put("activityProgress", "Completed")
                    .put("gradingProgress", "FullyGraded").put("timestamp", Instant.now().toString()));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(scoresUrl(due.lineItemUrl()))
                    .timeout(TIMEOUT).header("Authorization", "Bearer " + token).header("Content-Type", SCORE_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401) {
                tokens.remove(key(due)); // revoked or expired early: a fresh one next time
            }
            return response.statusCode() / 100 == 2 ? null : "the line item's scores answered " + response.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    private String token(Due due) throws Exception {
        Token cached = tokens.get(key(due));
        if (cached != null && cached.expires().isAfter(Instant.now().plusSeconds(30))) {
            return cached.value();
        }
        // A registration's key never changes: parsed once per node.
        RSAPrivateKey key = keys.computeIfAbsent(due.keyId(), kid -> LtiKeys.privateKey(due.privateKey()));
        String assertion = ClientAssertion.sign(key, due.keyId(), due.clientId(), due.tokenUrl(), Instant.now());
        String form = "grant_type=client_credentials"
                + "&client_assertion_type=" + enc("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
                + "&client_assertion=" + enc(assertion) + "&scope=" + enc(SCORE_SCOPE);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(due.tokenUrl())).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the token endpoint answered " + response.statusCode());
        }
        var json = Json.parse(response.body());
        String value = json.path("access_token").asText(null);
        if (value == null) {
            throw new IllegalStateException("the token endpoint's answer has no access_token");
        }
        Token token = new Token(value, Instant.now().plusSeconds(Math.max(60, json.path("expires_in").asLong(3600))));
        tokens.put(key(due), token);
        return value;
    }

    /** The line item's scores service: its URL with {@code /scores} added to the path, the query kept (AGS 3.4). */
    static URI scoresUrl(String lineItem) {
        URI uri = URI.create(lineItem);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + path + (path.endsWith("/") ? "" : "/")
                + "scores" + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    private static String key(Due due) {
        return due.platformId() + "/" + due.registrationId();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static Instant retryAt(Due due) {
        Instant next = VirtualThreads.retryAt(due.attempt(), MAX_ATTEMPTS);
        if (next == null) {
            LOG.warning("gave up posting " + due.learnerId() + "'s score of assessment " + due.assessmentId()
                    + " to its LMS after " + due.attempt() + " attempts");
        }
        return next;
    }
}
