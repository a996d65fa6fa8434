package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.auth.LearnerTokens;
import dev.assay.engine.store.Json;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.Quizzes;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything a careless or hostile client can send gets a 4xx problem+json naming what is wrong, never a 500;
 * and none of it costs a submission that was acknowledged in between.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputTest {
    private static final String LEARNER = "steady";
    private static final List<String> SERVER_ERRORS = new CopyOnWriteArrayList<>();
    private static final Set<String> ACCEPTED = ConcurrentHashMap.newKeySet();

    static TestNode node;
    static Api api;
    static String quizId;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        api = node.newPlatform("bad-input");
        quizId = Quizzes.createQuiz(api, "bad-course", Quizzes.twoQuestions(true));
        submitValid();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    // --- body syntax -------------------------------------------------------------------------------------------

    @Test
    void malformedJson() {
        problem(post(submissions(), "{\"learnerId\": \"ann\", \"answers\": {"), 400, "body");
        // JSON has no NaN: said plainly, without the parser's advice to Java programmers.
        JsonNode nan = problem(post(submissions(), "{\"learnerId\": \"ann\", \"answers\": {\"q1\": NaN}}"), 400, "body");
        assertThat(nan.get("detail").asText()).contains("NaN").doesNotContain("JsonReadFeature").doesNotContain("enable");
    }

    @Test
    void jsonArrayInsteadOfObject() {
        problem(post(submissions(), "[{\"learnerId\": \"ann\"}]"), 400, "body");
    }

    @Test
    void jsonScalarInsteadOfObject() {
        problem(post(submissions(), "42"), 400, "body");
        problem(post(submissions(), "\"learnerId\""), 400, "body");
        problem(post(submissions(), "null"), 400, "body");
    }

    @Test
    void emptyBody() {
        problem(post(submissions(), ""), 400, "body");
    }

    @Test
    void trailingGarbageAfterTheObject() {
        problem(post(submissions(), "{\"learnerId\": \"ann\", \"answers\": {}} {}"), 400, "body");
    }

    @Test
    void duplicateKeys() {
        problem(post(submissions(), "{\"learnerId\": \"ann\", \"learnerId\": \"bob\", \"answers\": {}}"), 400, "learnerId");
    }

    // --- wrong types -------------------------------------------------------------------------------------------

    @Test
    void learnerIdAsNumber() {
        problem(post(submissions(), "{\"learnerId\": 42, \"answers\": {}}"), 400, "learnerId");
    }

    @Test
    void answersAsString() {
        problem(post(submissions(), "{\"learnerId\": \"ann\", \"answers\": \"q1=a\"}"), 400, "answers");
    }

    @Test
    void definitionAsArray() {
        problem(post("/v1/courses/bad-course/assessments", "{\"title\": \"T\", \"kind\": \"quiz\", \"definition\": []}"),
                400, "definition");
    }

    @Test
    void ttlSecondsAsString() {
        problem(post("/v1/learner-tokens", "{\"learnerId\": \"ann\", \"ttlSeconds\": \"600\"}"), 400, "ttlSeconds");
        problem(post("/v1/learner-tokens", "{\"learnerId\": \"ann\", \"ttlSeconds\": \"soon\"}"), 400, "ttlSeconds");
    }

    @Test
    void ttlSecondsNotAWholeNumberOrOutOfRange() {
        problem(post("/v1/learner-tokens", "{\"learnerId\": \"ann\", \"ttlSeconds\": 1.5}"), 400, "ttlSeconds");
        problem(post("/v1/learner-tokens", "{\"learnerId\": \"ann\", \"ttlSeconds\": 10000000000000}"), 400, "ttlSeconds");
        problem(post("/v1/learner-tokens", "{\"learnerId\": \"ann\", \"ttlSeconds\": 0}"), 400, "ttlSeconds");
    }

    @Test
    void titleAsBoolean() {
        problem(put("/v1/courses/typed", "{\"title\": true}"), 400, "title");
    }

    // --- unknown and missing fields ----------------------------------------------------------------------------

    @Test
    void unknownTopLevelField() {
        JsonNode p = problem(post(submissions(), "{\"learnerID\": \"ann\", \"answers\": {}}"), 400, "learnerID");
        assertThat(p.get("errors").toString()).contains("learnerId");
    }

    @Test
    void unknownFieldInsideQuizDefinition() {
        String definition = """
                {"questions": [{"type": "true_false", "id": "q1", "prompt": "P", "answer": true, "colour": "red"}]}""";
        problem(createAssessment(definition), 400, "definition.questions[0].colour");
    }

    @Test
    void missingRequiredSubmissionFields() {
        problem(post(submissions(), "{}"), 400, "learnerId");
        // The missing work is named after what the assessment takes: a quiz takes answers.
        JsonNode p = problem(post(submissions(), "{\"learnerId\": \"ann\"}"), 400, "answers");
        assertThat(p.get("detail").asText()).contains("quiz");
    }

    @Test
    void missingDefinition() {
        problem(post("/v1/courses/bad-course/assessments", "{\"title\": \"T\", \"kind\": \"quiz\"}"), 400, "definition");
    }

    @Test
    void missingCourseTitle() {
        problem(put("/v1/courses/untitled", "{}"), 400, "title");
    }

    @Test
    void unknownAssessmentKind() {
        problem(post("/v1/courses/bad-course/assessments",
                "{\"title\": \"T\", \"kind\": \"essay-ish\", \"definition\": {}}"), 400, "kind");
    }

    // --- quiz definitions --------------------------------------------------------------------------------------

    @Test
    void unknownQuestionType() {
        problem(createAssessment("{\"questions\": [{\"type\": \"essay\", \"id\": \"q1\", \"prompt\": \"P\"}]}"),
                400, "definition.questions[0].type");
    }

    @Test
    void duplicateQuestionIds() {
        String definition = """
                {"questions": [
                  {"type": "true_false", "id": "q1", "prompt": "P", "answer": true},
                  {"type": "true_false", "id": "q1", "prompt": "Q", "answer": false}]}""";
        problem(createAssessment(definition), 400, "definition.questions[1].id");
    }

    @Test
    void fractionOutOfRange() {
        String definition = """
                {"questions": [{"type": "single_choice", "id": "q1", "prompt": "P", "choices": [
                  {"id": "a", "text": "A", "fraction": 1}, {"id": "b", "text": "B", "fraction": -3}]}]}""";
        problem(createAssessment(definition), 400, "definition.questions[0].choices[1].fraction");
    }

    @Test
    void noFullCreditChoice() {
        String definition = """
                {"questions": [
                  {"type": "true_false", "id": "q1", "prompt": "P", "answer": true},
                  {"type": "single_choice", "id": "q2", "prompt": "P", "choices": [
                    {"id": "a", "text": "A", "fraction": 0.5}, {"id": "b", "text": "B", "fraction": 0}]}]}""";
        problem(createAssessment(definition), 400, "definition.questions[1].choices");
    }

    @Test
    void invalidDefinitionInANewVersion() {
        String definition = "{\"questions\": [{\"type\": \"true_false\", \"id\": \"q 1\", \"prompt\": \"P\", \"answer\": true}]}";
        problem(post("/v1/assessments/" + quizId + "/versions", "{\"definition\": " + definition + "}"),
                400, "definition.questions[0].id");
    }

    @Test
    void questionsNotAnArray() {
        problem(createAssessment("{\"questions\": {\"q1\": {}}}"), 400, "definition.questions");
    }

    @Test
    void nonFiniteNumberInDefinition() {
        String definition = """
                {"questions": [{"type": "numeric", "id": "q1", "prompt": "P",
                  "answers": [{"min": -1e400, "max": 3}]}]}""";
        problem(createAssessment(definition), 400, "definition.questions[0].answers[0].min");
    }

    @Test
    void pointsTooLargeToTotal() {
        String definition = """
                {"questions": [
                  {"type": "true_false", "id": "q1", "prompt": "P", "answer": true, "points": 1e308},
                  {"type": "true_false", "id": "q2", "prompt": "P", "answer": true, "points": 1e308}]}""";
        problem(createAssessment(definition), 400, "definition.questions[0].points");
    }

    @Test
    void nulCharacterInText() {
        String definition = "{\"questions\": [{\"type\": \"true_false\", \"id\": \"q1\", \"prompt\": \"P\\u0000\", \"answer\": true}]}";
        problem(createAssessment(definition), 400, "definition.questions[0].prompt");
        problem(put("/v1/courses/nul", "{\"title\": \"a\\u0000b\"}"), 400, "title");
        // Every unstorable value is named at once, not only the first (a client fixed one and met the next).
        JsonNode several = problem(post(submissions(), "{\"learnerId\": \"ann\\u0000\", \"answers\": {\"q1\": \"a\\u0000\", "
                + "\"q2\": \"u\\ud800\"}}"), 400, "learnerId");
        assertThat(fields(several)).contains("learnerId", "answers.q1", "answers.q2");
    }

    @Test
    void unpairedSurrogatesAreNotCharacters() {
        // Stored, both would become "u?": two learners merged into one.
        problem(post(submissions(), "{\"learnerId\": \"u\\ud800\", \"answers\": {}}"), 400, "learnerId");
        problem(post(submissions(), "{\"learnerId\": \"u\\udbff\", \"answers\": {}}"), 400, "learnerId");
        problem(put("/v1/courses/surrogate", "{\"title\": \"\\udc00 low first\"}"), 400, "title");
        problem(put("/v1/courses/surrogate", "{\"title\": \"a\", \"\\ud800\": 1}"), 400, "body");
        // A real pair (an emoji) is a character and is kept as it was sent.
        Api.Response emoji = put("/v1/courses/surrogate", "{\"title\": \"Intro \\ud83d\\ude00\"}");
        assertThat(emoji.status()).as(emoji.body()).isEqualTo(200);
        assertThat(emoji.json().get("title").asText()).isEqualTo("Intro \ud83d\ude00");
    }

    // --- size --------------------------------------------------------------------------------------------------

    @Test
    void bodyOverTheLimitWithContentLength() {
        String huge = "{\"learnerId\": \"" + LEARNER + "\", \"answers\": {\"q1\": \"" + "a".repeat(1024 * 1024 + 10) + "\"}}";
        Api.Response r = post(submissions(), huge);
        problem(r, 413, "body");
        submitValid();
    }

    @Test
    void bodyOverTheLimitChunked() {
        byte[] huge = ("{\"learnerId\": \"" + LEARNER + "\", \"answers\": {\"q1\": \"" + "b".repeat(2 * 1024 * 1024)
                + "\"}}").getBytes();
        HttpRequest request = api.request(submissions()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))).build();
        problem(send(request), 413, "body");
        submitValid();
    }

    @Test
    void aBodyWithThousandsOfMistakesGetsAReplyOfBoundedSize() {
        Map<String, Object> answers = new java.util.HashMap<>();
        for (int i = 0; i < 5_000; i++) {
            answers.put("nope" + i, "a");
        }
        Api.Response r = post(submissions(), Map.of("learnerId", LEARNER, "answers", answers));
        assertThat(r.status()).isBetween(400, 422);
        assertThat(r.json().get("errors")).hasSize(100);
        assertThat(r.json().get("errorsOmitted").asInt()).isEqualTo(4_900);
        assertThat(r.body().length()).isLessThan(20_000);
    }

    // --- unknown ids -------------------------------------------------------------------------------------------

    @Test
    void unknownAssessment() {
        problem(get("/v1/assessments/" + UUID.randomUUID()), 404, "assessmentId");
        problem(get("/v1/assessments/not-a-uuid"), 404, "assessmentId");
        problem(post("/v1/assessments/" + UUID.randomUUID() + "/submissions", Map.of("learnerId", "a", "answers", Map.of())), 404, null);
        problem(post("/v1/assessments/not-a-uuid/versions", Map.of("definition", Quizzes.twoQuestions(true))), 404, null);
    }

    @Test
    void unknownVersion() {
        problem(get("/v1/assessments/" + quizId + "/versions/7"), 404, "version");
        problem(get("/v1/assessments/" + quizId + "/versions/seven"), 404, null);
        problem(get("/v1/assessments/" + quizId + "/versions/99999999999"), 404, null);
    }

    @Test
    void unknownSubmission() {
        problem(get("/v1/submissions/" + UUID.randomUUID()), 404, "submissionId");
        problem(get("/v1/submissions/12345"), 404, null);
    }

    @Test
    void unknownRegrade() {
        problem(get("/v1/regrades/" + UUID.randomUUID()), 404, null);
        problem(get("/v1/regrades/%E2%9C%93"), 404, null);
        problem(post("/v1/assessments/" + UUID.randomUUID() + "/regrade", Map.of()), 404, null);
    }

    @Test
    void unknownCourse() {
        problem(get("/v1/courses/" + UUID.randomUUID()), 404, null);
        problem(get("/v1/courses/no-such-course/assessments"), 404, "courseId");
        problem(post("/v1/courses/no-such-course/assessments",
                Map.of("title", "T", "kind", "quiz", "definition", Quizzes.twoQuestions(true))), 404, null);
    }

    @Test
    void idsThatCannotBeStored() {
        problem(get("/v1/courses/a%00b"), 404, null);
        problem(get("/v1/courses/" + "c".repeat(300)), 404, null);
        problem(put("/v1/courses/a%00b", Map.of("title", "T")), 400, "courseId");
        problem(put("/v1/courses/" + "c".repeat(300), Map.of("title", "T")), 400, "courseId");
        problem(get("/v1/learners/a%00b/submissions"), 400, "learnerId");
        problem(get("/v1/learners/" + LEARNER + "/submissions?courseId=a%00b"), 400, "courseId");
        problem(get("/v1/courses?after=a%00b"), 400, "after");
        // Written by hand: the engine's JSON writer shows a NUL as its symbol, so a map would not send one.
        problem(post(submissions(), "{\"learnerId\": \"ann\\u0000\", \"answers\": {}}"), 400, "learnerId");
    }

    // --- responses that do not fit the quiz --------------------------------------------------------------------

    @Test
    void answerToAQuestionThatDoesNotExist() {
        problem(post(submissions(), Map.of("learnerId", LEARNER, "answers", Map.of("q1", "a", "q9", "a"))), 422, "answers.q9");
        submitValid();
    }

    @Test
    void answerWithAChoiceThatDoesNotExist() {
        problem(post(submissions(), Map.of("learnerId", LEARNER, "answers", Map.of("q1", "z"))), 422, "answers.q1");
    }

    @Test
    void answerOfTheWrongKind() {
        problem(post(submissions(), Map.of("learnerId", LEARNER, "answers", Map.of("q2", "yes"))), 422, "answers.q2");
    }

    // --- credentials -------------------------------------------------------------------------------------------

    @Test
    void missingAuthorization() {
        Api.Response r = record(api.as(null).get("/v1/courses"));
        problem(r, 401, null);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        Api.Response basic = send(api.as(null).request("/v1/courses").header("Authorization", "Basic dXNlcjpwdw==").GET().build());
        problem(basic, 401, null);
        assertThat(basic.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void wrongApiKey() {
        Api.Response r = record(api.as("assay_" + "x".repeat(43)).get("/v1/courses"));
        problem(r, 401, null);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void garbageLearnerToken() {
        problem(record(api.as("not-a-token").get("/v1/learners/ann/submissions")), 401, "Authorization");
        problem(record(api.as("a.b.c").get("/v1/learners/ann/submissions")), 401, null);
        problem(record(api.as("eyJhbGciOiJub25lIn0.eyJwaWQiOiJ4In0.").get("/v1/learners/ann/submissions")), 401, null);
        problem(get("/v1/learners/ann/events?access_token=garbage", null), 401, null);
        UUID platformId = platformOf(mintToken("ann"));
        for (String payload : List.of("null", "[]", "{}", "{\"pid\": 7}", "{\"pid\": \"" + platformId + "\"}",
                "{\"pid\": \"" + platformId + "\", \"sub\": \"ann\", \"scope\": \"learner\", \"exp\": \"never\"}")) {
            String token = base64("{\"alg\":\"HS256\"}") + "." + base64(payload) + "." + base64("not a signature");
            problem(record(api.as(token).get("/v1/learners/ann/submissions")), 401, null);
        }
    }

    @Test
    void expiredLearnerToken() throws Exception {
        UUID platformId = platformOf(mintToken("ann"));
        byte[] secret = tokenSecret(platformId);
        String valid = LearnerTokens.mint(platformId, secret, "ann", Instant.now().plusSeconds(60));
        String expired = LearnerTokens.mint(platformId, secret, "ann", Instant.now().minusSeconds(60));

        assertThat(record(api.as(valid).get("/v1/learners/ann/submissions")).status()).isEqualTo(200);
        problem(record(api.as(expired).get("/v1/learners/ann/submissions")), 401, null);
    }

    @Test
    void forgedLearnerToken() {
        String real = mintToken("ann");
        UUID platformId = platformOf(real);
        byte[] wrongSecret = new byte[32];
        new java.security.SecureRandom().nextBytes(wrongSecret);
        String forged = LearnerTokens.mint(platformId, wrongSecret, "ann", Instant.now().plusSeconds(60));
        problem(record(api.as(forged).get("/v1/learners/ann/submissions")), 401, null);

        String[] parts = real.split("\\.");
        String otherLearner = base64(decode(parts[1]).replace("\"ann\"", "\"bob\""));
        problem(record(api.as(parts[0] + "." + otherLearner + "." + parts[2]).get("/v1/learners/bob/submissions")), 401, null);
    }

    // --- HTTP level --------------------------------------------------------------------------------------------

    @Test
    void wrongContentType() {
        HttpRequest text = api.request(submissions()).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{\"learnerId\": \"ann\", \"answers\": {}}")).build();
        problem(send(text), 415, "Content-Type");
        HttpRequest form = api.request(submissions()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("learnerId=ann")).build();
        problem(send(form), 415, "Content-Type");
        HttpRequest regrade = api.request("/v1/assessments/" + quizId + "/regrade").header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("version=1")).build();
        problem(send(regrade), 415, "Content-Type");
        // Found in QA: an empty header read "send the body as application/json, not " (the type left blank).
        HttpRequest empty = api.request(submissions()).header("Content-Type", "")
                .POST(HttpRequest.BodyPublishers.ofString("{\"learnerId\": \"ann\", \"answers\": {}}")).build();
        assertThat(problem(send(empty), 415, "Content-Type").get("detail").asText()).contains("it was empty");
    }

    /**
     * curl -d sends a JSON body as a form unless told otherwise; Vert.x decoded it as one and failed on its first
     * '%' with a bare 400. A form or multipart body is refused by its type wherever it is sent.
     */
    @Test
    void formAndMultipartBodiesAreUnsupportedMediaTypes() {
        String json = "{\"learnerId\": \"ann\", \"answers\": {\"q1\": \"50% sure\"}}";
        for (String type : List.of("application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz")) {
            for (String path : List.of(submissions(), "/v1/assessments/" + quizId + "/exemplars")) {
                HttpRequest form = api.request(path).header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
                JsonNode p = problem(send(form), 415, "Content-Type");
                assertThat(p.get("detail").asText()).contains("application/json");
            }
        }
        HttpRequest exemplars = api.request("/v1/assessments/" + quizId + "/exemplars")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("text=50%25,score=1")).build();
        assertThat(problem(send(exemplars), 415, "Content-Type").get("detail").asText()).contains("text/csv");
        // A '%' in JSON is only a character: sent as JSON, or with no type at all, the body is read.
        String percent = "{\"learnerId\": \"percent\", \"answers\": {\"q1\": \"a\", \"q2\": true}, \"x\": \"50%\"}";
        HttpRequest asJson = api.request(submissions()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(percent)).build();
        problem(send(asJson), 400, "x");
        HttpRequest untyped = api.request(submissions()).POST(HttpRequest.BodyPublishers.ofString(percent)).build();
        problem(send(untyped), 400, "x");
    }

    @Test
    void unknownRoute() {
        problem(get("/v1/nothing/here"), 404, "path");
        problem(get("/nothing"), 404, "path");
    }

    @Test
    void wrongMethod() {
        Api.Response course = send(api.request("/v1/courses/bad-course").DELETE().build());
        problem(course, 405, "method");
        assertThat(course.header("Allow")).isEqualTo("GET, HEAD, PUT");
        Api.Response assessment = send(api.request("/v1/assessments/" + quizId)
                .PUT(HttpRequest.BodyPublishers.ofString("{}")).build());
        problem(assessment, 405, "method");
        assertThat(assessment.header("Allow")).isEqualTo("GET, HEAD");
        Api.Response train = send(api.request("/v1/assessments/" + quizId + "/model:train").GET().build());
        problem(train, 405, "method");
        assertThat(train.header("Allow")).isEqualTo("POST");
        Api.Response webhook = send(api.request("/v1/webhooks/x").DELETE().build());
        problem(webhook, 405, "method");
        assertThat(webhook.header("Allow")).isEqualTo("GET, HEAD, PATCH");
        // With a trailing slash, which the routes accept, and on a public path in front of the authenticated ones.
        Api.Response slash = send(api.request("/v1/courses/").DELETE().build());
        problem(slash, 405, "method");
        assertThat(slash.header("Allow")).isEqualTo("GET, HEAD");
        Api.Response spec = send(api.request("/v1/openapi.json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        problem(spec, 405, "method");
        assertThat(spec.header("Allow")).isEqualTo("GET, HEAD");
        // HEAD is GET without the body, for load balancers' health probes among others.
        for (String path : List.of("/health/live", "/health/ready", "/metrics", "/v1/openapi.json", "/v1/courses")) {
            Api.Response head = send(api.request(path).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            assertThat(head.status()).as(path).isEqualTo(200);
            assertThat(head.body()).as(path).isEmpty();
        }
    }

    @Test
    void badQueryParameters() {
        problem(get("/v1/courses?limit=0"), 400, "limit");
        problem(get("/v1/courses?limit=abc"), 400, "limit");
        problem(get("/v1/learners/" + LEARNER + "/submissions?limit=100000000000"), 400, "limit");
        problem(get("/v1/courses/bad-course/assessments?offset=-1"), 400, "offset");
        problem(get("/v1/learners/" + LEARNER + "/submissions?assessmentId=nope"), 400, "assessmentId");
    }

    @Test
    void regradeVersionOutOfRange() {
        problem(post("/v1/assessments/" + quizId + "/regrade", "{\"version\": 0}"), 400, "version");
        problem(post("/v1/assessments/" + quizId + "/regrade", "{\"version\": 5}"), 400, "version");
        problem(post("/v1/assessments/" + quizId + "/regrade", "{\"version\": \"1\"}"), 400, "version");
        problem(post("/v1/assessments/" + quizId + "/regrade", "{\"version\": 1.5}"), 400, "version");
        problem(post("/v1/assessments/" + quizId + "/regrade", "{\"toVersion\": 1}"), 400, "toVersion");
    }

    @Test
    void idempotencyKeyTooLong() {
        problem(post(submissions(), Map.of("learnerId", LEARNER, "answers", Map.of("q1", "a")),
                Map.of("Idempotency-Key", "k".repeat(256))), 400, "Idempotency-Key");
        submitValid();
    }

    @Test
    void malformedPercentEncoding() throws Exception {
        rawProblem(raw("GET /v1/courses/%zz HTTP/1.1\r\nHost: x\r\n" + auth() + "\r\n"), 400);
        JsonNode query = rawProblem(raw("GET /v1/courses?limit=%zz HTTP/1.1\r\nHost: x\r\n" + auth() + "\r\n"), 400);
        assertThat(query.get("field").asText()).isEqualTo("query");
        rawProblem(raw("GET /v1/learners/ann/events?access_token=%zz HTTP/1.1\r\nHost: x\r\n\r\n"), 400);
    }

    @Test
    void missingHostHeader() throws Exception {
        rawProblem(raw("GET /v1/courses HTTP/1.1\r\n" + auth() + "\r\n"), 400);
    }

    @Test
    void requestsTheHttpCodecRejects() throws Exception {
        JsonNode headers = rawProblem(raw("GET /v1/courses HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000)
                + "\r\n\r\n"), 431);
        assertThat(headers.get("field").asText()).isEqualTo("headers");
        JsonNode uri = rawProblem(raw("GET /v1/courses/" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414);
        assertThat(uri.get("field").asText()).isEqualTo("uri");
        // The request was never read: no instance rather than "/", which named another resource.
        assertThat(uri.has("instance")).isFalse();
        rawProblem(raw("THIS IS NOT HTTP\r\n\r\n"), 400);
    }

    // --- afterwards --------------------------------------------------------------------------------------------

    @Test
    @Order(Integer.MAX_VALUE)
    void noAcceptedSubmissionWasLostAndNothingWasA500() {
        Set<String> stored = new HashSet<>();
        JsonNode page = record(api.get("/v1/learners/" + LEARNER + "/submissions?limit=200")).json();
        page.get("items").forEach(item -> stored.add(item.get("id").asText()));

        assertThat(ACCEPTED).hasSizeGreaterThanOrEqualTo(5);
        assertThat(stored).containsExactlyInAnyOrderElementsOf(ACCEPTED);
        ACCEPTED.forEach(id -> assertThat(record(api.get("/v1/submissions/" + id)).status()).isEqualTo(200));
        assertThat(SERVER_ERRORS).isEmpty();
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private static String submissions() {
        return "/v1/assessments/" + quizId + "/submissions";
    }

    private static void submitValid() {
        Api.Response r = record(api.post("/v1/assessments/" + quizId + "/submissions",
                Map.of("learnerId", LEARNER, "answers", Map.of("q1", "a", "q2", true))));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        ACCEPTED.add(r.json().get("id").asText());
    }

    private static Api.Response createAssessment(String definition) {
        return post("/v1/courses/bad-course/assessments", "{\"title\": \"T\", \"kind\": \"quiz\", \"definition\": " + definition + "}");
    }

    private static String mintToken(String learnerId) {
        Api.Response r = record(api.post("/v1/learner-tokens", Map.of("learnerId", learnerId)));
        assertThat(r.status()).isEqualTo(201);
        return r.json().get("token").asText();
    }

    private static UUID platformOf(String token) {
        return LearnerTokens.claimedPlatform(token).orElseThrow();
    }

    private static byte[] tokenSecret(UUID platformId) throws Exception {
        var pg = node.pg();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             PreparedStatement st = c.prepareStatement("SELECT token_secret FROM platforms WHERE id = ?")) {
            st.setObject(1, platformId);
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getBytes(1);
            }
        }
    }

    private static String decode(String part) {
        return new String(java.util.Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    private static String base64(String text) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> fields(JsonNode problem) {
        return problem.get("errors").findValuesAsText("field");
    }

    /** Asserts an RFC 9457 problem with this status and, when given, this offending field first. */
    private static JsonNode problem(Api.Response r, int status, String field) {
        assertThat(r.status()).as(r.raw().uri() + " -> " + r.body()).isEqualTo(status);
        assertThat(r.header("Content-Type")).as(r.body()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("type").asText()).startsWith("https://");
        assertThat(p.get("title").asText()).isNotBlank();
        assertThat(p.get("detail").asText()).isNotBlank();
        assertThat(p.get("instance").asText()).startsWith("/");
        if (field != null) {
            assertThat(p.get("field").asText()).as(r.body()).isEqualTo(field);
            assertThat(fields(p)).contains(field);
        }
        return p;
    }

    private static Api.Response record(Api.Response r) {
        if (r.status() >= 500) {
            SERVER_ERRORS.add(r.raw().request().method() + " " + r.raw().uri() + " -> " + r.status() + " " + r.body());
        }
        return r;
    }

    private record RawAnswer(int status, String contentType, String body) {
    }

    private static String auth() {
        return "Authorization: Bearer " + api.token() + "\r\n";
    }

    /** Sends what the JDK client would refuse to send, on a connection of its own, and reads the answer to the end. */
    private static RawAnswer raw(String request) throws IOException {
        String answer;
        try (Socket socket = new Socket("127.0.0.1", URI.create(node.baseUrl()).getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.shutdownOutput();
            answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
        int headEnd = answer.indexOf("\r\n\r\n");
        String[] head = answer.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(head[0].split(" ")[1]);
        String contentType = null;
        for (String header : head) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-type:")) {
                contentType = header.substring(header.indexOf(':') + 1).trim();
            }
        }
        if (status >= 500) {
            SERVER_ERRORS.add(head[0] + " for raw " + request.substring(0, Math.min(60, request.length())));
        }
        return new RawAnswer(status, contentType, answer.substring(headEnd + 4));
    }

    private static JsonNode rawProblem(RawAnswer answer, int status) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        JsonNode p = Json.parse(answer.body());
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("type").asText()).startsWith("https://");
        return p;
    }

    private static Api.Response send(HttpRequest request) {
        return record(api.send(request));
    }

    private static Api.Response get(String path) {
        return record(api.get(path));
    }

    private static Api.Response get(String path, String token) {
        return record(api.as(token).get(path));
    }

    private static Api.Response post(String path, Object body) {
        return record(api.post(path, body));
    }

    private static Api.Response post(String path, Object body, Map<String, String> headers) {
        return record(api.post(path, body, headers));
    }

    private static Api.Response put(String path, Object body) {
        return record(api.put(path, body));
    }
}
