package dev.assay.engine.grading;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.node.NodeConfig;
import dev.assay.engine.store.Json;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.EventStream;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Code submissions through the engine: accepted with 202, graded in the sandbox by the worker pool, the result
 * stored and readable at the Location URL; a full queue answers 429 with Retry-After.
 */
class CodeSubmissionFlowTest {
    static TestNode node;
    static Api api;

    static final JsonNode ADDER = Json.parse("""
            {"language": "python3",
             "limits": {"cpuSeconds": 2, "wallSeconds": 4},
             "tests": [
               {"id": "small", "stdin": "2 3\\n", "expected": "5\\n", "points": 1},
               {"id": "hidden-big", "stdin": "40 2\\n", "expected": "42\\n", "points": 2, "visibility": "hidden"}
             ]}""");

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        api = node.newPlatform("code");
        api.put("/v1/courses/code-course", Map.of("title", "Programming"));
        api.requireSandbox();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private String createAssessment(JsonNode definition) {
        Api.Response r = api.post("/v1/courses/code-course/assessments",
                Map.of("title", "Adder", "kind", "code", "definition", definition));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private JsonNode awaitGraded(String location) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get(location).json(), s -> "graded".equals(s.path("status").asText()));
    }

    @Test
    void languagesAndReadinessReportTheSandbox() {
        JsonNode languages = api.get("/v1/languages").json();
        assertThat(languages.get("items").findValuesAsText("id")).contains("python3");
        assertThat(languages.at("/items/0/version").asText()).isNotBlank();
        JsonNode ready = api.get("/health/ready").json();
        assertThat(ready.at("/checks/sandbox/status").asText()).isEqualTo("UP");
    }

    @Test
    void codeIsAcceptedThenGradedInTheSandbox() {
        String id = createAssessment(ADDER);
        EventStream stream = new EventStream(node.baseUrl() + "/v1/learners/lee/events", api.token());
        await().atMost(Duration.ofSeconds(20)).until(() -> stream.saw("event: ready"));

        Api.Response accepted = api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "lee", "source", "a, b = map(int, input().split())\nprint(a + b)\n"),
                Map.of("Idempotency-Key", "lee-1"));
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().get("status").asText()).isIn("accepted", "graded");
        String location = accepted.header("Location");

        JsonNode graded = awaitGraded(location);
        assertThat(graded.get("score").asDouble()).isEqualTo(3.0);
        assertThat(graded.get("maxScore").asDouble()).isEqualTo(3.0);
        assertThat(graded.get("kind").asText()).isEqualTo("code");
        assertThat(graded.get("source").asText()).contains("print(a + b)");
        // The result reaches the learner's stream through the same path as quiz results.
        String submissionId = accepted.json().get("id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> stream.results().stream().anyMatch(e -> e.data().contains(submissionId)));
        assertThat(stream.lines).anyMatch(l -> l.startsWith("data:") && l.contains(submissionId) && l.contains("\"score\":3.0"));
        stream.close();

        Api.Response replay = api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "lee", "source", "a, b = map(int, input().split())\nprint(a + b)\n"),
                Map.of("Idempotency-Key", "lee-1"));
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("id")).isEqualTo(accepted.json().get("id"));
    }

    @Test
    void wrongAndRunawayProgramsGetTheirVerdictsAndHiddenTestsStayHidden() {
        String id = createAssessment(ADDER);
        String wrong = api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "max", "source", "print(5)\n")).header("Location");
        String loop = api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "max", "source", "while True:\n    pass\n")).header("Location");

        JsonNode wrongResult = awaitGraded(wrong);
        assertThat(wrongResult.get("score").asDouble()).isEqualTo(1.0); // passes "small" only
        String hidden = wrongResult.at("/result/parts/1").toString();
        assertThat(hidden).doesNotContain("42"); // a hidden test shows neither expected output nor the learner's

        JsonNode loopResult = awaitGraded(loop);
        assertThat(loopResult.get("score").asDouble()).isZero();
        assertThat(loopResult.get("result").toString()).containsIgnoringCase("time limit");
        assertThat(api.get("/health/live").status()).isEqualTo(200);
    }

    @Test
    void programsThatPrintNulBytesAreGradedAndTheirOutputShowsTheNul() {
        String id = createAssessment(ADDER);
        // PostgreSQL's jsonb cannot hold U+0000: such a result was unstorable, so the submission was retried for ever.
        String nul = api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "nul", "source", "import sys\nsys.stdout.write('5\\x00')\nsys.stderr.write('\\x00')\n"))
                .header("Location");
        JsonNode graded = awaitGraded(nul);
        assertThat(graded.get("score").asDouble()).isZero();
        assertThat(graded.at("/result/parts/0").toString()).contains("5\u2400");
    }

    @Test
    void anOverrideBeforeGradingIsOutOfTheAssessmentsPointsAndTheGradersResultIsStillStored() {
        String id = createAssessment(ADDER);
        String token = api.post("/v1/learner-tokens", Map.of("learnerId", "early")).json().get("token").asText();
        EventStream stream = new EventStream(node.baseUrl() + "/v1/learners/early/events?access_token=" + token, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> stream.saw("event: ready"));
        Api.Response accepted = api.post("/v1/assessments/" + id + "/submissions", Map.of("learnerId", "early",
                "source", "import time\ntime.sleep(1.5)\na, b = map(int, input().split())\nprint(a + b)\n"));
        String location = accepted.header("Location");
        String override = location + "/override";

        Api.Response wrongMax = api.put(override, Map.of("score", 1, "reason", "checked by hand", "maxScore", 1.5));
        assertThat(wrongMax.status()).as(wrongMax.body()).isEqualTo(400);
        assertThat(wrongMax.json().at("/errors/0/field").asText()).isEqualTo("maxScore");
        assertThat(wrongMax.json().at("/errors/0/message").asText()).contains("at 3;");
        Api.Response tooHigh = api.put(override, Map.of("score", 4, "reason", "checked by hand"));
        assertThat(tooHigh.status()).as(tooHigh.body()).isEqualTo(400);

        Api.Response set = api.put(override, Map.of("score", 1, "reason", "checked by hand"));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().get("score").asDouble()).isEqualTo(1.0);
        assertThat(set.json().get("maxScore").asDouble()).isEqualTo(3.0);

        // The worker still grades it: its result is kept beneath the override, which stays the score that counts.
        JsonNode graded = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get(location).json(), n -> n.has("gradedVersion"));
        assertThat(graded.get("score").asDouble()).isEqualTo(1.0);
        assertThat(graded.at("/result/score").asDouble()).isEqualTo(3.0);
        assertThat(graded.at("/result/parts")).hasSize(2);
        // The stream told the override at once with its score, and the worker's result under it with the override's
        // (found in QA: the first had no score, and a routed result dropped the override's).
        try (stream) {
            await().atMost(Duration.ofSeconds(20)).until(() -> stream.results().stream()
                    .anyMatch(e -> e.data().contains("\"version\"")));
            assertThat(stream.results()).allSatisfy(e -> assertThat(e.data()).contains("\"score\":1.0"));
        }
        Api.Response cleared = api.send(api.request(override).DELETE().build());
        assertThat(cleared.json().get("score").asDouble()).as("the grader's score once the override goes").isEqualTo(3.0);
        Api.Response again = api.send(api.request(override).DELETE().build());
        assertThat(again.status()).as(again.body()).isEqualTo(404);
        assertThat(again.json().at("/errors/0/field").asText()).isEqualTo("submissionId");
    }

    @Test
    void learnersNeverSeeTheEvidenceThatHoldsHiddenTestsInput() {
        String id = createAssessment(ADDER);
        String token = api.post("/v1/learner-tokens", Map.of("learnerId", "spy")).json().get("token").asText();
        EventStream stream = new EventStream(node.baseUrl() + "/v1/learners/spy/events?access_token=" + token, null);
        await().atMost(Duration.ofSeconds(20)).until(() -> stream.saw("event: ready"));

        // Echoing stdin puts each test's input into the run's output, which the staff evidence records.
        Api.Response accepted = api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "spy", "source", "import sys\nprint(sys.stdin.read())\n"));
        String submissionId = accepted.json().get("id").asText();
        JsonNode staffView = awaitGraded(accepted.header("Location"));
        assertThat(staffView.at("/result/evidence").toString()).contains("40 2");

        JsonNode learnerView = api.as(token).get("/v1/submissions/" + submissionId).json();
        assertThat(learnerView.get("status").asText()).isEqualTo("graded");
        assertThat(learnerView.at("/result/evidence").isMissingNode()).isTrue();
        assertThat(learnerView.toString()).doesNotContain("40 2");
        assertThat(api.as(token).get("/v1/learners/spy/submissions").body()).doesNotContain("40 2");

        await().atMost(Duration.ofSeconds(20)).until(() -> stream.results().stream().anyMatch(e -> e.data().contains(submissionId)));
        String data = stream.lines.stream().filter(l -> l.startsWith("data:") && l.contains(submissionId))
                .findFirst().orElseThrow();
        assertThat(data).doesNotContain("40 2").doesNotContain("evidence").contains("\"courseId\":\"code-course\"");
        stream.close();
    }

    @Test
    void aBrokenCheckerLeavesTheSubmissionWithStaffNotFailed() {
        api.put("/v1/courses/checker-course", Map.of("title", "Checkers"));
        String id = api.post("/v1/courses/checker-course/assessments", Map.of("title", "Broken checker", "kind", "code",
                "definition", Json.parse("""
                        {"language": "python3",
                         "tests": [
                           {"id": "plain", "stdin": "2 3\\n", "expected": "5\\n"},
                           {"id": "checked", "stdin": "2 3\\n", "expected": "5\\n",
                            "checker": {"type": "program", "language": "python3", "source": "def secret_checker("}}
                         ]}"""))).json().get("id").asText();
        assertThat(api.put("/v1/courses/checker-course/grading-policy", Map.of(
                "categories", java.util.List.of(Map.of("id", "code", "weight", 100, "assessments", java.util.List.of(id))),
                "passMark", 60)).status()).isEqualTo(200);
        String token = api.post("/v1/learner-tokens", Map.of("learnerId", "cara")).json().get("token").asText();

        Api.Response accepted = api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "cara", "source", "a, b = map(int, input().split())\nprint(a + b)\n"));
        String submissionId = accepted.json().get("id").asText();
        JsonNode staffView = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get(accepted.header("Location")).json(), n -> n.has("gradedVersion"));

        // No score from a checker that failed: the submission waits for staff, like an essay routed to them.
        assertThat(staffView.get("status").asText()).isEqualTo("routed");
        assertThat(staffView.has("score")).isFalse();
        assertThat(staffView.get("maxScore").asDouble()).isEqualTo(2.0);
        assertThat(staffView.at("/result/reasons/0").asText()).isEqualTo("checker_error");
        assertThat(staffView.at("/result/evidence/checkerErrors/0/test").asText()).isEqualTo("checked");
        assertThat(staffView.at("/result/evidence/checkerErrors/0/detail").asText()).contains("did not compile");

        JsonNode learnerView = api.as(token).get("/v1/submissions/" + submissionId).json();
        assertThat(learnerView.at("/result/learnerMessage").asText())
                .contains("could not be graded automatically").contains("staff have been told");
        assertThat(learnerView.toString()).doesNotContain("secret_checker").doesNotContain("SyntaxError");

        // The course grade stays pending: nothing goes to certification as failed.
        JsonNode grade = api.get("/v1/courses/checker-course/learners/cara/grade").json();
        assertThat(grade.get("outcome").asText()).as(grade.toString()).isEqualTo("pending");
        assertThat(grade.toString()).contains("awaiting review");

        // Staff score it by hand; then it counts.
        assertThat(api.put(accepted.header("Location") + "/override", Map.of("score", 2, "reason", "checked by hand"))
                .status()).isEqualTo(200);
        assertThat(api.get("/v1/courses/checker-course/learners/cara/grade").json().get("outcome").asText())
                .isEqualTo("passed");
    }

    @Test
    void aRegradeAgainstABrokenCheckerTakesTheScoreAwayUntilStaffLook() {
        String id = createAssessment(ADDER);
        Api.Response accepted = api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "rita", "source", "a, b = map(int, input().split())\nprint(a + b)\n"));
        assertThat(awaitGraded(accepted.header("Location")).get("score").asDouble()).isEqualTo(3.0);

        assertThat(api.post("/v1/assessments/" + id + "/versions", Map.of("definition", Json.parse("""
                {"language": "python3",
                 "tests": [{"id": "small", "stdin": "2 3\\n", "expected": "5\\n",
                            "checker": {"type": "program", "language": "python3", "source": "print('maybe')"}}]}""")))
                .status()).isEqualTo(201);
        String regradeId = api.post("/v1/assessments/" + id + "/regrade", Map.of()).json().get("id").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                "completed".equals(api.get("/v1/regrades/" + regradeId).json().path("status").asText()));

        JsonNode regraded = api.get(accepted.header("Location")).json();
        assertThat(regraded.get("status").asText()).isEqualTo("routed");
        assertThat(regraded.has("score")).isFalse();
        assertThat(regraded.get("gradedVersion").asInt()).isEqualTo(2);
        assertThat(regraded.at("/result/evidence/checkerErrors/0/detail").asText()).contains("'maybe'");
    }

    @Test
    void submissionThatCannotFitIsRefusedBeforeItIsAccepted() {
        String id = createAssessment(ADDER);
        Api.Response r = api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "ned", "files", Map.of("../escape.py", "print(1)")));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("field").asText()).startsWith("files");

        Api.Response quizShaped = api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "ned", "answers", Map.of("q1", "a")));
        assertThat(quizShaped.status()).isEqualTo(400);
        assertThat(quizShaped.json().get("field").asText()).isEqualTo("answers");

        // Nothing to grade, or two things: both name the code's own field.
        Api.Response nothing = api.post("/v1/assessments/" + id + "/submissions", Map.of("learnerId", "ned"));
        assertThat(nothing.status()).isEqualTo(400);
        assertThat(nothing.json().get("field").asText()).isEqualTo("source");
        assertThat(nothing.json().get("detail").asText()).contains("files");
        Api.Response both = api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "ned", "source", "print(1)", "files", Map.of("main.py", "print(1)")));
        assertThat(both.status()).isEqualTo(422);
        assertThat(both.json().get("field").asText()).isEqualTo("source");
    }

    @Test
    void aFullQueueAnswers429WithRetryAfter() throws Exception {
        try (TestNode small = TestNode.start(NodeConfig.defaults().withQueueLimit(3))) {
            Api busy = small.newPlatform("busy");
            busy.put("/v1/courses/code-course", Map.of("title", "Programming"));
            fillQueue(busy);
        }
    }

    private static void fillQueue(Api api) {
        String id = api.post("/v1/courses/code-course/assessments", Map.of("title", "Sleeper", "kind", "code",
                "definition", Json.parse("""
                {"language": "python3", "limits": {"wallSeconds": 10, "cpuSeconds": 5},
                 "tests": [{"id": "t", "expected": "done\\n"}]}"""))).json().get("id").asText();
        String sleeper = "import time\ntime.sleep(3)\nprint('done')\n";
        int accepted = 0;
        Api.Response refused = null;
        for (int i = 0; i < 10 && refused == null; i++) {
            Api.Response r = api.post("/v1/assessments/" + id + "/submissions", Map.of("learnerId", "q" + i, "source", sleeper));
            if (r.status() == 202) {
                accepted++;
            } else {
                refused = r;
            }
        }
        assertThat(refused).as("a submission past the queue limit is refused").isNotNull();
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(accepted).isBetween(1, 3);
    }
}
