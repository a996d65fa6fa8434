package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.assay.engine.store.Json;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.Quizzes;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * LTI 1.3 Assignment and Grade Services with Assay as the tool, over real HTTP on loopback: a stand-in LMS whose
 * token endpoint checks Assay's client assertion against the key set Assay serves (with nimbus-jose-jwt, not
 * Assay's code) and whose line item records the scores posted to it.
 */
class LtiScoresTest {
    static final String CLIENT_ID = "assay-tool-1";
    static TestNode node;
    static HttpServer lms;
    static String tokenUrl;
    static final List<JsonNode> scores = new CopyOnWriteArrayList<>();
    static final List<String> refusedAssertions = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        lms = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        tokenUrl = "http://127.0.0.1:" + lms.getAddress().getPort() + "/token";
        lms.createContext("/token", LtiScoresTest::token);
        lms.createContext("/courses/7/lineitems/", exchange -> {
            boolean ok = "Bearer issued-token".equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    && "application/vnd.ims.lis.v1.score+json".equals(exchange.getRequestHeaders().getFirst("Content-Type"))
                    && exchange.getRequestURI().getPath().endsWith("/lineitem/scores")
                    && "type=quiz".equals(exchange.getRequestURI().getQuery());
            JsonNode body = Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            if (ok) {
                scores.add(body);
            }
            exchange.sendResponseHeaders(ok ? 200 : 401, -1);
            exchange.close();
        });
        lms.start();
    }

    @AfterAll
    static void stop() throws Exception {
        lms.stop(0);
        node.close();
    }

    /** The LMS's token endpoint: issues a token only for a client assertion Assay's published key verifies. */
    private static void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            form.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        String problem = null;
        try {
            SignedJWT jwt = SignedJWT.parse(form.get("client_assertion"));
            JWKSet keys = JWKSet.parse(new Api(node.baseUrl(), null).get("/lti/jwks").body());
            RSAKey key = (RSAKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
            var claims = jwt.getJWTClaimsSet();
            if (key == null || !jwt.verify(new RSASSAVerifier(key))) {
                problem = "bad signature";
            } else if (!CLIENT_ID.equals(claims.getIssuer()) || !CLIENT_ID.equals(claims.getSubject())
                    || !claims.getAudience().contains(tokenUrl) || claims.getExpirationTime().before(new Date())
                    || claims.getJWTID() == null) {
                problem = "bad claims " + claims;
            } else if (!"client_credentials".equals(form.get("grant_type"))
                    || !"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(form.get("client_assertion_type"))
                    || !form.get("scope").contains("https://purl.imsglobal.org/spec/lti-ags/scope/score")) {
                problem = "bad grant " + form;
            }
        } catch (Exception e) {
            problem = e.toString();
        }
        byte[] answer = problem == null
                ? "{\"access_token\": \"issued-token\", \"token_type\": \"Bearer\", \"expires_in\": 3600}".getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        if (problem != null) {
            refusedAssertions.add(problem);
        }
        exchange.sendResponseHeaders(problem == null ? 200 : 400, problem == null ? answer.length : -1);
        if (problem == null) {
            exchange.getResponseBody().write(answer);
        }
        exchange.close();
    }

    private static List<JsonNode> scoresOf(String learner) {
        return scores.stream().filter(s -> s.get("userId").asText().equals(learner)).toList();
    }

    @Test
    void scoresThatCountReachTheLineItem() throws Exception {
        Api api = node.newPlatform("lti");
        String quiz = Quizzes.createQuiz(api, "lti-course", Quizzes.twoQuestions(true));
        // Graded before the link: sent once the link is made.
        Api.Response first = api.post("/v1/assessments/" + quiz + "/submissions",
                Map.of("learnerId", "ada", "answers", Map.of("q1", "a", "q2", true)));
        assertThat(first.status()).isEqualTo(201);

        Api.Response registered = api.put("/v1/lti/registrations/moodle", Map.of("issuer", "https://moodle.example",
                "clientId", CLIENT_ID, "tokenUrl", tokenUrl));
        assertThat(registered.status()).as(registered.body()).isEqualTo(200);
        String kid = registered.json().get("keyId").asText();
        assertThat(api.get("/lti/jwks").json().get("keys")).anySatisfy(k -> assertThat(k.get("kid").asText()).isEqualTo(kid));
        String lineItem = "http://127.0.0.1:" + lms.getAddress().getPort() + "/courses/7/lineitems/3/lineitem?type=quiz";
        Api.Response linked = api.put("/v1/assessments/" + quiz + "/lti", Map.of("registration", "moodle", "lineItemUrl", lineItem));
        assertThat(linked.status()).as(linked.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(15)).until(() -> scoresOf("ada").size() == 1);
        JsonNode ada = scoresOf("ada").get(0);
        assertThat(ada.get("scoreGiven").asDouble()).isEqualTo(3.0);
        assertThat(ada.get("scoreMaximum").asDouble()).isEqualTo(3.0);
        assertThat(ada.get("activityProgress").asText()).isEqualTo("Completed");
        assertThat(ada.get("gradingProgress").asText()).isEqualTo("FullyGraded");
        assertThat(ada.get("timestamp").asText()).isNotBlank();

        // A new submission and a staff override each change the score that counts: each is sent.
        assertThat(api.post("/v1/assessments/" + quiz + "/submissions",
                Map.of("learnerId", "bo", "answers", Map.of("q1", "b", "q2", true))).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(15)).until(() -> scoresOf("bo").size() == 1);
        assertThat(scoresOf("bo").get(0).get("scoreGiven").asDouble()).isLessThan(3.0);
        String adaSubmission = first.json().get("id").asText();
        assertThat(api.put("/v1/submissions/" + adaSubmission + "/override", Map.of("score", 1, "reason", "copied"))
                .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(15)).until(() -> scoresOf("ada").size() == 2);
        assertThat(scoresOf("ada").get(1).get("scoreGiven").asDouble()).isEqualTo(1.0);
        await().atMost(Duration.ofSeconds(5)).until(() -> "done".equals(api.get("/v1/assessments/" + quiz
                + "/lti/scores/ada").json().path("status").asText()));
        assertThat(api.get("/v1/assessments/" + quiz + "/lti/scores/ada").json().get("sentScore").asDouble()).isEqualTo(1.0);
        assertThat(refusedAssertions).isEmpty();
        assertThat(api.get("/v1/assessments/" + quiz + "/lti").json().get("lineItemUrl").asText()).isEqualTo(lineItem);
    }

    @Test
    void badRegistrationsAndLinksNameTheField() throws Exception {
        Api api = node.newPlatform("lti-bad");
        String quiz = Quizzes.createQuiz(api, "lti-bad-course", Quizzes.twoQuestions(true));
        Api.Response badUrl = api.put("/v1/lti/registrations/x", Map.of("issuer", "i", "clientId", "c", "tokenUrl", "ftp://x"));
        assertThat(badUrl.status()).isEqualTo(400);
        assertThat(badUrl.json().at("/errors/0/field").asText()).isEqualTo("tokenUrl");
        Api.Response missing = api.put("/v1/lti/registrations/x", Map.of("issuer", "i"));
        assertThat(missing.json().get("errors")).extracting(e -> e.get("field").asText()).containsExactly("clientId", "tokenUrl");
        Api.Response unknown = api.put("/v1/assessments/" + quiz + "/lti", Map.of("registration", "none",
                "lineItemUrl", "https://lms.example/li/1"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/errors/0/field").asText()).isEqualTo("registration");
        assertThat(api.get("/v1/assessments/" + quiz + "/lti").status()).isEqualTo(404);
        assertThat(api.get("/v1/lti/registrations/none").status()).isEqualTo(404);
        // Another platform's assessment is not found, and learners cannot register anything.
        Api other = node.newPlatform("lti-other");
        assertThat(other.put("/v1/assessments/" + quiz + "/lti", Map.of("registration", "x", "lineItemUrl",
                "https://lms.example/li/1")).status()).isEqualTo(404);
        Api learner = api.as(api.post("/v1/learner-tokens", Map.of("learnerId", "ada")).json().get("token").asText());
        assertThat(learner.put("/v1/lti/registrations/y", Map.of("issuer", "i", "clientId", "c",
                "tokenUrl", "https://lms.example/token")).status()).isEqualTo(403);
    }
}
