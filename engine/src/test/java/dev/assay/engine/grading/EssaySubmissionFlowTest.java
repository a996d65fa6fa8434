package dev.assay.engine.grading;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Essay submissions through the engine: an essay assessment, staff exemplars (JSON and CSV), a model trained off
 * the event loop, and essays graded by the worker pool: scored ({@code graded}) or sent to review ({@code routed},
 * never with a score), with copies of the prompt or of an exemplar and near-duplicates of earlier essays routed. The
 * exemplars are synthetic essays generated here.
 */
class EssaySubmissionFlowTest {
    static final String PROMPT = "Write an essay explaining how public libraries help the people of a town, "
            + "and say whether towns should keep funding them even when most books can be read online.";

    static TestNode node;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        api = node.newPlatform("essay");
        assertThat(api.put("/v1/courses/writing", Map.of("title", "Writing")).status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    static Map<String, Object> definition() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("prompt", PROMPT);
        d.put("minScore", 0);
        d.put("maxScore", 4);
        d.put("autoGradeShare", 0.7);
        return d;
    }

    private static String createEssay(String title) {
        Api.Response r = api.post("/v1/courses/writing/assessments",
                Map.of("title", title, "kind", "essay", "definition", definition()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().at("/definition/prompt").asText()).isEqualTo(PROMPT);
        return r.json().get("id").asText();
    }

    private static JsonNode awaitDone(String location) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get(location).json(), s -> !"accepted".equals(s.path("status").asText()));
    }

    @Test
    void badDefinitionsNameTheirField() {
        Map<String, Object> noRange = definition();
        noRange.remove("maxScore");
        Api.Response r = api.post("/v1/courses/writing/assessments",
                Map.of("title", "Bad", "kind", "essay", "definition", noRange));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("definition.maxScore");
        // A score range below 0 cannot be read as a share of maxScore by course grades.
        Map<String, Object> negative = definition();
        negative.put("minScore", -3);
        negative.put("maxScore", 0);
        Api.Response below = api.post("/v1/courses/writing/assessments",
                Map.of("title", "Bad", "kind", "essay", "definition", negative));
        assertThat(below.status()).as(below.body()).isEqualTo(400);
        assertThat(below.json().get("field").asText()).isEqualTo("definition.minScore");

        Map<String, Object> unknown = definition();
        unknown.put("promt", "typo");
        r = api.post("/v1/courses/writing/assessments", Map.of("title", "Bad", "kind", "essay", "definition", unknown));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).isEqualTo("definition.promt");

        Map<String, Object> share = definition();
        share.put("autoGradeShare", 3);
        r = api.post("/v1/courses/writing/assessments", Map.of("title", "Bad", "kind", "essay", "definition", share));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("field").asText()).startsWith("definition.");
    }

    @Test
    void untrainedAssessmentsRefuseEssaysAndTraining() {
        String id = createEssay("Untrained");
        Api.Response early = api.post("/v1/assessments/" + id + "/submissions", Map.of("learnerId", "una", "text", essay(new Random(1), 3)));
        assertThat(early.status()).as(early.body()).isEqualTo(409);
        assertThat(early.body()).contains("train");

        Api.Response withOptions = api.post("/v1/assessments/" + id + "/model:train", Map.of("autoGradeShare", 0.5));
        assertThat(withOptions.status()).as(withOptions.body()).isEqualTo(400);
        assertThat(withOptions.json().get("field").asText()).isEqualTo("autoGradeShare");
        assertThat(withOptions.json().get("detail").asText()).contains("definition");
        Api.Response noExemplars = api.post("/v1/assessments/" + id + "/model/train", "");
        assertThat(noExemplars.status()).as(noExemplars.body()).isEqualTo(422);
        assertThat(noExemplars.json().get("field").asText()).isEqualTo("exemplars");
        assertThat(api.get("/v1/assessments/" + id + "/model").status()).isEqualTo(404);
        assertThat(api.get("/v1/assessments/" + id + "/exemplars").json().get("count").asInt()).isZero();

        Api.Response few = api.post("/v1/assessments/" + id + "/exemplars", Map.of("exemplars", exemplars(5, 7)));
        assertThat(few.status()).as(few.body()).isEqualTo(201);
        Api.Response tooFew = api.post("/v1/assessments/" + id + "/model/train", "");
        assertThat(tooFew.status()).as(tooFew.body()).isEqualTo(422);
        assertThat(tooFew.json().get("field").asText()).isEqualTo("exemplars");

        List<Map<String, Object>> bad = exemplars(3, 8);
        bad.get(1).put("score", 9);
        Api.Response outOfRange = api.post("/v1/assessments/" + id + "/exemplars", Map.of("exemplars", bad));
        assertThat(outOfRange.status()).isEqualTo(400);
        assertThat(outOfRange.json().get("field").asText()).isEqualTo("exemplars[1].score");

        Api.Response notEssay = api.post("/v1/courses/writing/assessments", Map.of("title", "Q", "kind", "quiz",
                "definition", dev.assay.engine.testing.Quizzes.twoQuestions(true)));
        String quizId = notEssay.json().get("id").asText();
        // A 409 names what is at fault: the assessment's kind.
        for (Api.Response wrongKind : List.of(api.post("/v1/assessments/" + quizId + "/model/train", ""),
                api.post("/v1/assessments/" + quizId + "/model:train", ""),
                api.post("/v1/assessments/" + quizId + "/exemplars", Map.of("exemplars", exemplars(3, 8))))) {
            assertThat(wrongKind.status()).as(wrongKind.body()).isEqualTo(409);
            assertThat(wrongKind.json().get("field").asText()).isEqualTo("kind");
            assertThat(wrongKind.json().get("detail").asText()).contains("is a quiz assessment");
        }
        Api.Response view = api.get("/v1/assessments/" + id + "/learner-view?learnerId=una");
        assertThat(view.status()).as(view.body()).isEqualTo(409);
        assertThat(view.json().get("field").asText()).isEqualTo("kind");
        assertThat(view.json().get("detail").asText()).contains("this is an essay assessment");
        Api.Response noModel = api.get("/v1/assessments/" + id + "/model");
        assertThat(noModel.json().get("field").asText()).isEqualTo("model");
    }

    @Test
    void trainedEssaysAreGradedOrRoutedAndCopiesAreRouted() throws Exception {
        String id = createEssay("Libraries");

        // Exemplars as CSV: 40 synthetic essays across the whole range.
        StringBuilder csv = new StringBuilder("text,score\n");
        for (Map<String, Object> e : exemplars(40, 42)) {
            csv.append('"').append(((String) e.get("text")).replace("\"", "\"\"")).append("\",").append(e.get("score")).append('\n');
        }
        Api.Response uploaded = api.send(api.request("/v1/assessments/" + id + "/exemplars")
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build());
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        assertThat(uploaded.json().get("count").asInt()).isEqualTo(40);
        assertThat(api.get("/v1/assessments/" + id + "/exemplars").json().get("count").asInt()).isEqualTo(40);
        Api.Response plain = api.send(api.request("/v1/assessments/" + id + "/exemplars")
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build());
        assertThat(plain.status()).isEqualTo(415);
        assertThat(plain.json().get("detail").asText()).contains("text/csv").contains("application/json");

        // The custom-method spelling of the training call.
        Api.Response trained = api.post("/v1/assessments/" + id + "/model:train", "");
        assertThat(trained.status()).as(trained.body()).isEqualTo(201);
        String modelId = trained.json().get("modelId").asText();
        assertThat(modelId).startsWith("essay-v5-");
        assertThat(trained.json().at("/report/exemplars").asInt()).isEqualTo(40);
        assertThat(trained.json().at("/report/targets/0/qwk").isNumber()).isTrue();
        assertThat(trained.json().get("autoGrades").asBoolean()).as("its held-out QWK reaches the floor").isTrue();
        assertThat(trained.json().has("warning")).isFalse();
        assertThat(api.get("/v1/assessments/" + id + "/model").json().get("modelId").asText()).isEqualTo(modelId);
        // The same exemplars train the same model.
        Api.Response again = api.post("/v1/assessments/" + id + "/model/train", "");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("modelId").asText()).isEqualTo(modelId);

        // Bad essay submissions name the field.
        Api.Response blank = api.post("/v1/assessments/" + id + "/submissions", Map.of("learnerId", "bea", "text", "  "));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.json().get("field").asText()).isEqualTo("text");
        Api.Response quizShaped = api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "bea", "answers", Map.of("q1", "a")));
        assertThat(quizShaped.status()).isEqualTo(400);
        assertThat(quizShaped.json().get("field").asText()).isEqualTo("answers");
        Api.Response number = api.post("/v1/assessments/" + id + "/submissions", Map.of("learnerId", "bea", "text", 42));
        assertThat(number.status()).isEqualTo(400);
        assertThat(number.json().get("field").asText()).isEqualTo("text");

        // A normal essay: scored, or sent to review without a score.
        String original = essay(new Random(4242), 3);
        Api.Response accepted = api.post("/v1/assessments/" + id + "/submissions", Map.of("learnerId", "ada", "text", original));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        JsonNode done = awaitDone(accepted.header("Location"));
        assertThat(done.get("kind").asText()).isEqualTo("essay");
        assertThat(done.get("text").asText()).isEqualTo(original);
        assertThat(done.at("/result/modelId").asText()).isEqualTo(modelId);
        if (done.get("status").asText().equals("graded")) {
            assertThat(done.get("score").asDouble()).isBetween(0.0, 4.0);
            assertThat(done.get("maxScore").asDouble()).isEqualTo(4.0);
            assertThat(done.at("/result/feedback").asText()).isNotBlank();
        } else {
            assertThat(done.get("status").asText()).isEqualTo("routed");
            assertThat(done.has("score")).isFalse();
            assertThat(done.at("/result/reasons")).isNotEmpty();
            assertThat(done.at("/result/learnerMessage").asText()).isNotBlank();
        }

        // A copy of the prompt is routed, and a learner's view does not show the staff evidence.
        Api.Response copy = api.post("/v1/assessments/" + id + "/submissions", Map.of("learnerId", "cat", "text", PROMPT));
        JsonNode copied = awaitDone(copy.header("Location"));
        assertThat(copied.get("status").asText()).as(copied.toString()).isEqualTo("routed");
        assertThat(copied.has("score")).isFalse();
        assertThat(texts(copied.at("/result/reasons"))).contains("copies_prompt");
        assertThat(copied.at("/result/evidence").isObject()).isTrue();
        String token = api.post("/v1/learner-tokens", Map.of("learnerId", "cat")).json().get("token").asText();
        JsonNode learnerView = api.as(token).get(copy.header("Location")).json();
        assertThat(learnerView.get("status").asText()).isEqualTo("routed");
        assertThat(learnerView.at("/result/learnerMessage").asText()).isNotBlank();
        assertThat(learnerView.at("/result/evidence").isMissingNode()).isTrue();
        assertThat(learnerView.at("/result/reasons").isMissingNode()).as("which check routed it is for staff").isTrue();
        // Staff grade it: the learner no longer reads that a score is still to come.
        assertThat(api.put(copy.header("Location") + "/override", Map.of("score", 1, "reason", "copied the prompt"))
                .status()).isEqualTo(200);
        JsonNode marked = api.as(token).get(copy.header("Location")).json();
        assertThat(marked.get("score").asDouble()).isEqualTo(1.0);
        assertThat(marked.at("/result/learnerMessage").isMissingNode()).isTrue();
        assertThat(marked.at("/override/reason").asText()).isEqualTo("copied the prompt");

        // Another learner's lightly edited copy of ada's essay is routed as a near-duplicate.
        String nearCopy = original.replaceFirst("\\.", ", I believe.").replace(" very ", " really ") + " That is all.";
        Api.Response dup = api.post("/v1/assessments/" + id + "/submissions", Map.of("learnerId", "bob", "text", nearCopy));
        JsonNode duplicate = awaitDone(dup.header("Location"));
        assertThat(duplicate.get("status").asText()).as(duplicate.toString()).isEqualTo("routed");
        assertThat(texts(duplicate.at("/result/reasons"))).contains("near_duplicate");
        // The match names ada's submission itself, which staff can open, and whose it is.
        JsonNode match = duplicate.at("/result/evidence/duplicates/0");
        assertThat(match.get("submissionId").asText()).isEqualTo(accepted.json().get("id").asText());
        assertThat(accepted.header("Location")).endsWith(match.get("submissionId").asText());
        assertThat(match.get("learnerId").asText()).isEqualTo("ada");
        assertThat(match.get("assessmentId").asText()).isEqualTo(id);
        assertThat(match.has("indexId")).isFalse();
        assertThat(match.get("passages")).isNotEmpty();

        // A copy of a staff exemplar is routed, naming the exemplar, rather than given the exemplar's staff score.
        Map<String, Object> published = exemplars(40, 42).get(4);
        Api.Response copyRequest = api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "eve", "text", published.get("text")));
        JsonNode exemplarCopy = awaitDone(copyRequest.header("Location"));
        assertThat(exemplarCopy.get("status").asText()).as(exemplarCopy.toString()).isEqualTo("routed");
        assertThat(exemplarCopy.has("score")).isFalse();
        assertThat(texts(exemplarCopy.at("/result/reasons"))).contains("copies_exemplar");
        JsonNode copyOf = exemplarCopy.at("/result/evidence/exemplarCopies/0");
        assertThat(copyOf.get("exemplar").asText()).isEqualTo("exemplars[4]");
        assertThat(copyOf.get("exemplarScore").asInt()).isEqualTo(published.get("score"));
        assertThat(copyOf.get("similarity").asDouble()).isGreaterThan(0.9);

        // Essays are not regraded: a new model is trained instead.
        Api.Response regrade = api.post("/v1/assessments/" + id + "/regrade", "");
        assertThat(regrade.status()).isEqualTo(409);
        assertThat(regrade.json().get("field").asText()).isEqualTo("kind");
    }

    @Test
    void concurrentTrainingCallsShareOneTraining() throws Exception {
        String id = createEssay("Shared training");
        // Exemplars no other test trains on, so the one stored model row is this assessment's.
        assertThat(api.post("/v1/assessments/" + id + "/exemplars", Map.of("exemplars", exemplars(160, 4711)))
                .status()).isEqualTo(201);
        double trainedBefore = trainings();

        // Released together, the two calls reach the node within milliseconds of each other, while the first's
        // training (160 exemplars) takes far longer: the second arrives during it.
        CyclicBarrier start = new CyclicBarrier(2);
        List<Api.Response> replies = new ArrayList<>();
        try (ExecutorService callers = Executors.newFixedThreadPool(2)) {
            List<Future<Api.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                calls.add(callers.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return api.post("/v1/assessments/" + id + "/model:train", "");
                }));
            }
            for (Future<Api.Response> call : calls) {
                replies.add(call.get(120, TimeUnit.SECONDS));
            }
        }
        for (Api.Response r : replies) {
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        JsonNode first = replies.get(0).json();
        JsonNode second = replies.get(1).json();
        assertThat(second.get("modelId").asText()).isEqualTo(first.get("modelId").asText());
        assertThat(trainings() - trainedBefore).as("trainings run").isEqualTo(1);
        // One training stored once: the same row, down to when it became current.
        assertThat(second.get("createdAt").asText()).isEqualTo(first.get("createdAt").asText());
        JsonNode current = api.get("/v1/assessments/" + id + "/model").json();
        assertThat(current.get("modelId").asText()).isEqualTo(first.get("modelId").asText());
        assertThat(current.get("createdAt").asText()).isEqualTo(first.get("createdAt").asText());
        assertThat(storedModels(id)).isEqualTo(1);

        // The training is over: the next call trains again (the same exemplars give the same model).
        Api.Response again = api.post("/v1/assessments/" + id + "/model:train", "");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("modelId").asText()).isEqualTo(first.get("modelId").asText());
        assertThat(trainings() - trainedBefore).isEqualTo(2);
    }

    /** Essay models this node has trained, from its Prometheus metrics. */
    private static double trainings() {
        String metrics = new Api(node.baseUrl(), null).get("/metrics").body();
        return metrics.lines().filter(l -> l.startsWith("assay_essay_model_trainings_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(0);
    }

    private static int storedModels(String assessmentId) throws Exception {
        var pg = node.pg();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             var st = c.prepareStatement("SELECT count(*) FROM essay_models WHERE assessment_id = ?::uuid")) {
            st.setString(1, assessmentId);
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void overridesKeepToTheEssaysScale() {
        Map<String, Object> d = definition();
        d.put("minScore", 2);
        d.put("maxScore", 12);
        String id = api.post("/v1/courses/writing/assessments", Map.of("title", "Two to twelve", "kind", "essay",
                "definition", d)).json().get("id").asText();
        List<Map<String, Object>> scored = exemplars(40, 42);
        scored.forEach(e -> e.put("score", (Integer) e.get("score") + 2));
        assertThat(api.post("/v1/assessments/" + id + "/exemplars", Map.of("exemplars", scored)).status()).isEqualTo(201);
        assertThat(api.post("/v1/assessments/" + id + "/model:train", "").status()).isEqualTo(201);
        Api.Response sent = api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "sam", "text", essay(new Random(7), 2)));
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        String override = sent.header("Location") + "/override";

        for (int score : new int[] {1, 0, 13}) {
            Api.Response refused = api.put(override, Map.of("score", score, "reason", "off the scale"));
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.json().get("field").asText()).isEqualTo("score");
            assertThat(refused.json().get("detail").asText()).contains("must be from 2 to 12");
        }
        for (int score : new int[] {2, 12}) {
            Api.Response set = api.put(override, Map.of("score", score, "reason", "at the edge"));
            assertThat(set.status()).as(set.body()).isEqualTo(200);
            assertThat(set.json().get("score").asDouble()).isEqualTo(score);
        }
    }

    @Test
    void anUploadReportsEveryProblemAtOnce() {
        String id = createEssay("All at once");
        String path = "/v1/assessments/" + id + "/exemplars";
        Api.Response csv = uploadCsv(path, "text,score\nFirst essay.,13\nSecond essay.,7.5\nThird essay.,-1\nFirst essay.,2\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(csv.status()).as(csv.body()).isEqualTo(400);
        assertThat(csv.json().get("errors").findValuesAsText("field")).containsExactly("exemplars[0].score",
                "exemplars[1].score", "exemplars[2].score", "exemplars[3].text");
        assertThat(csv.json().get("errors").findValuesAsText("message").subList(0, 3))
                .allMatch(m -> m.startsWith("must be a whole number from 0 to 4")).anyMatch(m -> m.contains("CSV line 4"));

        List<Map<String, Object>> json = exemplars(3, 9);
        json.get(0).put("text", "");
        json.get(1).put("text", "  \n");
        json.get(2).put("score", 9);
        Api.Response blank = api.post(path, Map.of("exemplars", json));
        assertThat(blank.status()).as(blank.body()).isEqualTo(400);
        assertThat(blank.json().get("errors").findValuesAsText("field"))
                .containsExactly("exemplars[0].text", "exemplars[1].text", "exemplars[2].score");
        assertThat(blank.json().get("errors").findValuesAsText("message").subList(0, 2)).containsOnly("must not be blank");

        // An unknown top-level field is named beside the exemplars' own problems, not instead of them (found in QA).
        Api.Response extra = api.post(path, Map.of("exemplars", json, "bar", 1));
        assertThat(extra.status()).as(extra.body()).isEqualTo(400);
        assertThat(extra.json().get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("bar", "exemplars[0].text", "exemplars[1].text", "exemplars[2].score");
    }

    @Test
    void rubricExemplarsAreWholePointsAndSummarisedPerCriterion() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("prompt", PROMPT);
        d.put("criteria", List.of(Map.of("id", "ideas", "description", "Ideas", "minScore", 0, "maxScore", 4),
                Map.of("id", "style", "description", "Style", "minScore", 1, "maxScore", 3)));
        Api.Response created = api.post("/v1/courses/writing/assessments", Map.of("title", "Rubric", "kind", "essay",
                "definition", d));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String path = "/v1/assessments/" + created.json().get("id").asText() + "/exemplars";
        assertThat(api.get(path).json().get("criteria").isObject()).isTrue();

        Api.Response half = api.post(path, Map.of("exemplars", List.of(
                Map.of("text", "One essay.", "criteria", Map.of("ideas", 2.5, "style", 2)))));
        assertThat(half.status()).as(half.body()).isEqualTo(400);
        assertThat(half.json().get("field").asText()).isEqualTo("exemplars[0].criteria.ideas");
        Api.Response scoreColumn = uploadCsv(path, "text,ideas,style,score\nOne essay.,2,2,4\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(scoreColumn.status()).as(scoreColumn.body()).isEqualTo(400);
        assertThat(scoreColumn.json().get("detail").asText()).contains("score column");

        Api.Response uploaded = uploadCsv(path, "text,ideas,style\nOne essay.,2,2\nTwo essays.,4,3\nThree essays.,10,1\n"
                .replace(",10,", ",0,").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        for (JsonNode view : List.of(uploaded.json(), api.get(path).json())) {
            assertThat(view.at("/criteria/ideas").toString()).isEqualTo("{\"0\":1,\"2\":1,\"4\":1}");
            assertThat(view.at("/criteria/style").toString()).isEqualTo("{\"1\":1,\"2\":1,\"3\":1}");
            assertThat(view.get("scores").toString()).as("the totals").isEqualTo("{\"1\":1,\"4\":1,\"7\":1}");
        }
    }

    @Test
    void csvUploadsAcceptExcelsByteOrderMarkAndRefuseOtherEncodings() {
        String id = createEssay("Spreadsheet");
        String path = "/v1/assessments/" + id + "/exemplars";
        StringBuilder csv = new StringBuilder("text,score\r\n");
        for (Map<String, Object> e : exemplars(12, 7)) {
            csv.append('"').append(e.get("text")).append("\",").append(e.get("score")).append("\r\n");
        }
        byte[] utf8 = csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] withBom = new byte[utf8.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, withBom, 3, utf8.length);
        Api.Response bom = uploadCsv(path, withBom);
        assertThat(bom.status()).as(bom.body()).isEqualTo(201);
        assertThat(bom.json().get("count").asInt()).isEqualTo(12);

        // "café" saved as Latin-1: refused, not stored with a replacement character; the stored set is unchanged.
        byte[] latin1 = "text,score\nA caf\u00e9 essay.,3\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Api.Response refused = uploadCsv(path, latin1);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("field").asText()).isEqualTo("exemplars");
        assertThat(refused.body()).contains("UTF-8");
        assertThat(api.get(path).json().get("count").asInt()).isEqualTo(12);

        // A row with more fields than the header (an unquoted comma) names the row.
        Api.Response extra = uploadCsv(path, "score,text\n3,Fine\n2,Libraries help, I think\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(extra.status()).as(extra.body()).isEqualTo(400);
        assertThat(extra.json().get("field").asText()).isEqualTo("exemplars[1]");
    }

    private static Api.Response uploadCsv(String path, byte[] body) {
        return api.send(api.request(path).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    // ------------------------------------------------------------------ synthetic essays

    private static final String[] OPENINGS = {
            "Libraries matter to a town.", "A public library is a place for everyone in the town.",
            "Many people think libraries are old fashioned, but I disagree.", "Our town library is very busy every day.",
            "In my opinion the library is one of the most useful places in a town."};
    private static final String[] SIMPLE = {
            "You can read books there.", "It is quiet and nice.", "My friend goes there after school.",
            "The library has computers.", "Books are free.", "I like the library a lot.", "It is a good place.",
            "People can go there.", "Kids read there.", "It has many books."};
    private static final String[] DEVELOPED = {
            "Children who cannot afford books at home borrow them for free and practise reading every week.",
            "Job seekers use the public computers to write applications, print their resumes and search for work.",
            "Older residents attend classes where volunteers teach them how to use email and video calls with family.",
            "The reading room offers a warm, quiet space for students whose homes are crowded or noisy.",
            "Librarians help people judge which sources are reliable, a skill that online searching rarely teaches.",
            "Community groups meet in the library for free, so clubs and language circles do not need to rent rooms.",
            "Not every household has fast internet, so the library keeps digital information open to everyone.",
            "Local history collections preserve newspapers, maps and photographs that exist nowhere online."};
    private static final String[] ARGUED = {
            "Therefore the council should keep funding the library, because the cost per visitor is small compared with the benefits.",
            "Although e-books are convenient, reading online assumes a device and a connection that many families lack.",
            "Moreover, closing branches would hurt exactly the residents who already have the fewest alternatives.",
            "Consequently, I would argue that funding should be protected and even increased for digital services.",
            "On the other hand, libraries could adapt by lending laptops and offering more evening programmes.",
            "In conclusion, a library is not merely a building full of books but shared infrastructure for learning and equality."};

    /** A synthetic essay whose length, development and argument grow with {@code score} (0 to 4). */
    static String essay(Random random, int score) {
        List<String> sentences = new ArrayList<>();
        sentences.add(OPENINGS[random.nextInt(OPENINGS.length)]);
        int simple = score <= 1 ? 3 + random.nextInt(3) : Math.max(0, 2 - score / 2) + random.nextInt(2);
        for (int i = 0; i < simple; i++) {
            sentences.add(SIMPLE[random.nextInt(SIMPLE.length)]);
        }
        List<String> developed = new ArrayList<>(List.of(DEVELOPED));
        java.util.Collections.shuffle(developed, random);
        int dev = score == 0 ? 0 : Math.min(developed.size(), score * 2 - 1 + random.nextInt(2));
        sentences.addAll(developed.subList(0, dev));
        List<String> argued = new ArrayList<>(List.of(ARGUED));
        java.util.Collections.shuffle(argued, random);
        int arg = score < 2 ? 0 : Math.min(argued.size(), (score - 1) * 2 - 1 + random.nextInt(2));
        sentences.addAll(argued.subList(0, arg));
        if (score == 0 && random.nextBoolean()) {
            sentences.add("i dont no what else to say.");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < sentences.size(); i++) {
            text.append(i == 0 ? "" : i % 4 == 0 ? "\n\n" : " ").append(sentences.get(i));
        }
        return text.toString();
    }

    /** {@code n} exemplars spread over the scores 0 to 4. */
    static List<Map<String, Object>> exemplars(int n, long seed) {
        Random random = new Random(seed);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int score = i % 5;
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("text", essay(random, score));
            e.put("score", score);
            out.add(e);
        }
        return out;
    }
}
