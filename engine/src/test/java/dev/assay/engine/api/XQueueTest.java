package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.assay.engine.store.Json;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.Quizzes;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Assay as an Open edX LMS's XQueue server, over real HTTP on loopback: the LMS's login handshake, submissions of
 * coderesponse problems naming an Assay assessment, and the graded result posted back to a real HTTP server standing
 * in for the LMS's callback (XQueue's form, the header echoed, a score and well-formed XHTML feedback).
 */
class XQueueTest {
    static TestNode node;
    static HttpServer lms;
    /** Form posts the LMS received, decoded. */
    static final List<Map<String, String>> callbacks = new CopyOnWriteArrayList<>();
    /** How many of the next callbacks the LMS refuses with a 500. */
    static final AtomicInteger refuse = new AtomicInteger();
    Api api;
    String quiz;
    /** An LMS session: a cookie-keeping client like the LMS's requests.Session. */
    HttpClient session;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        lms = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        lms.createContext("/courses/c1/xqueue/", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (refuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                exchange.sendResponseHeaders(500, -1);
            } else {
                callbacks.add(decode(form));
                exchange.sendResponseHeaders(200, -1);
            }
            exchange.close();
        });
        lms.start();
    }

    @AfterAll
    static void stop() throws Exception {
        lms.stop(0);
        node.close();
    }

    @BeforeEach
    void platform() throws Exception {
        api = node.newPlatform("xqueue");
        quiz = Quizzes.createQuiz(api, "xq-course", Quizzes.twoQuestions(true));
        session = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void clear() {
        callbacks.clear();
        refuse.set(0);
    }

    private static Map<String, String> decode(String form) {
        Map<String, String> out = new HashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String form(Map<String, String> fields) {
        StringBuilder out = new StringBuilder();
        fields.forEach((k, v) -> out.append(out.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return out.toString();
    }

    private HttpResponse<String> post(String path, Map<String, String> fields, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.baseUrl() + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return session.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What the LMS's CodeResponse sends for one learner's answer. */
    private Map<String, String> submission(String lmsKey, String learner, String response, Object payload) {
        String header = Json.write(Map.of("lms_callback_url", "http://127.0.0.1:" + lms.getAddress().getPort()
                + "/courses/c1/xqueue/" + learner + "/block-1/score_update", "lms_key", lmsKey, "queue_name", "assay"));
        String body = Json.write(Map.of("student_info", Json.write(Map.of("anonymous_student_id", learner,
                "submission_time", "20261124150000")), "student_response", response, "grader_payload", payload));
        return Map.of("xqueue_header", header, "xqueue_body", body);
    }

    private static JsonNode reply(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.parse(r.body());
    }

    @Test
    void theLmsLogsInSubmitsAndGetsTheGradeBack() throws Exception {
        Map<String, String> sent = submission("key-ada-1", "ada", "{\"q1\": \"a\", \"q2\": true}",
                Json.write(Map.of("assessment", quiz)));
        // No session yet: XQueue's answer, on which the LMS logs in.
        assertThat(reply(post("/xqueue/submit/", sent, null)).get("content").asText()).isEqualTo("login_required");
        HttpResponse<String> wrong = post("/xqueue/login/", Map.of("username", "lms", "password", "nope"), null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        JsonNode login = reply(post("/xqueue/login/", Map.of("username", "lms", "password", api.token()), null));
        assertThat(login.get("return_code").asInt()).isZero();

        JsonNode queued = reply(post("/xqueue/submit/", sent, null));
        assertThat(queued.get("return_code").asInt()).as(queued.toString()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.size() == 1);
        Map<String, String> callback = callbacks.get(0);
        assertThat(callback.get("xqueue_header")).isEqualTo(sent.get("xqueue_header"));
        JsonNode result = Json.parse(callback.get("xqueue_body"));
        assertThat(result.get("correct").asBoolean()).isTrue();
        assertThat(result.get("score").asDouble()).isEqualTo(1.0);
        String msg = result.get("msg").asText();
        assertThat(msg).contains("Score: 3 of 3");
        // The LMS parses msg as XML: it must be well formed.
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(msg.getBytes(StandardCharsets.UTF_8)));

        // The same LMS submission sent again (a retry) is one submission and one callback.
        assertThat(reply(post("/xqueue/submit/", sent, null)).get("return_code").asInt()).isZero();
        JsonNode stored = api.get("/v1/learners/ada/submissions").json().get("items");
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).get("score").asDouble()).isEqualTo(3.0);
    }

    @Test
    void basicAuthWorksAndAWrongAnswerIsNotCorrect() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("lms:" + api.token()).getBytes(StandardCharsets.UTF_8));
        // grader_payload may also be the bare assessment id
        JsonNode queued = reply(post("/xqueue/submit/", submission("key-bo-1", "bo", "{\"q1\": \"b\", \"q2\": true}", quiz), basic));
        assertThat(queued.get("return_code").asInt()).as(queued.toString()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> callbacks.size() == 1);
        JsonNode result = Json.parse(callbacks.get(0).get("xqueue_body"));
        assertThat(result.get("correct").asBoolean()).isFalse();
        assertThat(result.get("score").asDouble()).isBetween(0.0, 0.99);
    }

    @Test
    void anLmsThatFailsGetsTheResultAgain() throws Exception {
        refuse.set(1);
        String basic = "Basic " + Base64.getEncoder().encodeToString(("lms:" + api.token()).getBytes(StandardCharsets.UTF_8));
        reply(post("/xqueue/submit/", submission("key-cy-1", "cy", "{\"q1\": \"a\", \"q2\": true}", quiz), basic));
        // Refused once (500), delivered on the retry 5 s later.
        await().atMost(Duration.ofSeconds(20)).until(() -> callbacks.size() == 1);
        assertThat(refuse.get()).isZero();
        assertThat(Json.parse(callbacks.get(0).get("xqueue_body")).get("correct").asBoolean()).isTrue();
    }

    @Test
    void codeIsGradedInTheSandboxAndHiddenTestsStayHidden() throws Exception {
        api.requireSandbox();
        Api.Response created = api.post("/v1/courses/xq-course/assessments", Map.of("title", "Adder", "kind", "code",
                "definition", Json.parse("""
                        {"language": "python3", "limits": {"cpuSeconds": 2, "wallSeconds": 4},
                         "tests": [{"id": "small", "stdin": "2 3\\n", "expected": "5\\n", "points": 1},
                                   {"id": "big", "stdin": "40 2\\n", "expected": "42\\n", "points": 2,
                                    "visibility": "hidden"}]}""")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String adder = created.json().get("id").asText();
        String basic = "Basic " + Base64.getEncoder().encodeToString(("lms:" + api.token()).getBytes(StandardCharsets.UTF_8));
        reply(post("/xqueue/submit/", submission("key-code-1", "ed", "a, b = map(int, input().split())\nprint(a + b)\n",
                Json.write(Map.of("assessment", adder))), basic));
        await().atMost(Duration.ofSeconds(60)).until(() -> callbacks.size() == 1);
        JsonNode result = Json.parse(callbacks.get(0).get("xqueue_body"));
        assertThat(result.get("correct").asBoolean()).as(result.toString()).isTrue();
        assertThat(result.get("msg").asText()).contains("Score: 3 of 3").doesNotContain("40 2").doesNotContain("42");
        // Recorded once the LMS's answer is in: a moment after the LMS has the result.
        JsonNode state = await().atMost(Duration.ofSeconds(10)).until(() ->
                api.get("/v1/xqueue/submissions/key-code-1").json(), j -> "delivered".equals(j.path("status").asText()));
        assertThat(state.get("submissionId").asText()).isNotBlank();
    }

    /** A result the LMS has not taken yet is the store's, not the node's: the next node sends it. */
    @Test
    void aResultWaitingWhenItsNodeStopsIsSentByTheNextNode() throws Exception {
        TestNode first = TestNode.start();
        TestNode second = null;
        try {
            Api own = first.newPlatform("xqueue-restart");
            String ownQuiz = Quizzes.createQuiz(own, "xq-restart", Quizzes.twoQuestions(true));
            refuse.set(1_000);
            HttpRequest submit = HttpRequest.newBuilder(URI.create(first.baseUrl() + "/xqueue/submit/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "Bearer " + own.token())
                    .POST(HttpRequest.BodyPublishers.ofString(form(submission("key-fy-1", "fy",
                            "{\"q1\": \"a\", \"q2\": true}", ownQuiz)))).build();
            reply(session.send(submit, HttpResponse.BodyHandlers.ofString()));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    own.get("/v1/xqueue/submissions/key-fy-1").json().path("attempts").asInt() >= 1);
            first.close();
            assertThat(callbacks).isEmpty();

            refuse.set(0);
            second = TestNode.startOn(first.pgUrl(), "assay-test-" + java.util.UUID.randomUUID());
            await().atMost(Duration.ofSeconds(30)).until(() -> callbacks.size() == 1);
            assertThat(Json.parse(callbacks.get(0).get("xqueue_body")).get("correct").asBoolean()).isTrue();
            Api again = own.at(second.baseUrl());
            JsonNode state = await().atMost(Duration.ofSeconds(10)).until(() ->
                    again.get("/v1/xqueue/submissions/key-fy-1").json(), j -> "delivered".equals(j.path("status").asText()));
            assertThat(state.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
            assertThat(again.get("/v1/xqueue/submissions/no-such-key").status()).isEqualTo(404);
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    @Test
    void badSubmissionsNameTheField() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("lms:" + api.token()).getBytes(StandardCharsets.UTF_8));
        Map<String, String> good = submission("key-bad-1", "di", "{}", quiz);
        assertThat(field(post("/xqueue/submit/", Map.of("xqueue_body", good.get("xqueue_body")), basic)))
                .isEqualTo("xqueue_header");
        assertThat(field(post("/xqueue/submit/", Map.of("xqueue_header", "{not json", "xqueue_body", good.get("xqueue_body")), basic)))
                .isEqualTo("xqueue_header");
        assertThat(field(post("/xqueue/submit/", Map.of("xqueue_header", Json.write(Map.of("lms_callback_url", "ftp://x",
                "lms_key", "k", "queue_name", "q")), "xqueue_body", good.get("xqueue_body")), basic)))
                .isEqualTo("xqueue_header.lms_callback_url");
        assertThat(field(post("/xqueue/submit/", submission("key-bad-2", "di", "{}", "not-an-id"), basic)))
                .isEqualTo("xqueue_body.grader_payload");
        HttpResponse<String> unknown = post("/xqueue/submit/", submission("key-bad-3", "di", "{}",
                "00000000-0000-0000-0000-000000000000"), basic);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Json.parse(unknown.body()).at("/errors/0/field").asText()).isEqualTo("xqueue_body.grader_payload");
        assertThat(field(post("/xqueue/submit/", submission("key-bad-4", "di", "q1=a", quiz), basic)))
                .isEqualTo("xqueue_body.student_response");
        String boundary = "b0undary";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"xqueue_header\"\r\n\r\n"
                + good.get("xqueue_header") + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"prog.py\"; "
                + "filename=\"prog.py\"\r\nContent-Type: text/plain\r\n\r\nprint(1)\r\n--" + boundary + "--\r\n";
        HttpResponse<String> files = session.send(HttpRequest.newBuilder(URI.create(node.baseUrl() + "/xqueue/submit/"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary).header("Authorization", basic)
                .POST(HttpRequest.BodyPublishers.ofString(multipart)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(field(files)).isEqualTo("xqueue_files");
        // Refused by the quiz itself: no result will come, so the callback is given up at once, not left pending.
        HttpResponse<String> unfit = post("/xqueue/submit/", submission("key-bad-5", "di", "{\"q9\": \"a\"}", quiz), basic);
        assertThat(unfit.statusCode()).as(unfit.body()).isEqualTo(422);
        JsonNode abandoned = api.get("/v1/xqueue/submissions/key-bad-5").json();
        assertThat(abandoned.get("status").asText()).isEqualTo("failed");
        assertThat(abandoned.get("lastError").asText()).contains("refused");
        assertThat(abandoned.get("submissionId").isNull()).isTrue();
        assertThat(post("/xqueue/submit/", good, "Basic " + Base64.getEncoder().encodeToString("lms:wrong".getBytes(
                StandardCharsets.UTF_8))).statusCode()).isEqualTo(401);
    }

    private static String field(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/problem+json");
        return Json.parse(r.body()).at("/errors/0/field").asText();
    }
}
