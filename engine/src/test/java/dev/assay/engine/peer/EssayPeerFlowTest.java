package dev.assay.engine.peer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.graders.essay.AsapTsv;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Peer review on an essay assessment reviews what the essay grader routed to people, nothing else: an essay the
 * model scored counts with that score in the course grade, is never handed to a reviewer and has no peer grade.
 */
class EssayPeerFlowTest {
    static TestNode node;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        api = node.newPlatform("essay-peer");
        assertThat(api.put("/v1/courses/ep", Map.of("title", "Essays")).status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void peersReviewTheEssaysTheGraderRoutedAndTheScoredOnesCount() {
        // Real essays (ASAP-AES prompt 1, scored 2-12): synthetic ones share sentences with the exemplars and each
        // other, which the checks rightly route, so none would be scored by the model.
        List<AsapTsv.Essay> train = asap(0).subList(0, 250);
        List<AsapTsv.Essay> essays = asap(1).subList(0, 8);
        Api.Response created = api.post("/v1/courses/ep/assessments", Map.of("title", "Computers", "kind", "essay",
                "definition", Map.of("prompt", PROMPT, "minScore", 2, "maxScore", 12, "autoGradeShare", 0.9)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(api.post("/v1/assessments/" + id + "/exemplars",
                Map.of("exemplars", train.stream().map(e -> Map.of("text", e.text(), "score", e.score())).toList()))
                .status()).isEqualTo(201);
        assertThat(api.post("/v1/assessments/" + id + "/model:train", "").status()).isEqualTo(201);
        assertThat(api.put("/v1/courses/ep/grading-policy", Map.of("categories", List.of(Map.of("id", "essays",
                "weight", 100, "assessments", List.of(id))), "passMark", 10)).status()).isEqualTo(200);
        assertThat(api.put("/v1/assessments/" + id + "/peer-review",
                PeerFixtures.config(1, 0, false, Instant.now().plus(Duration.ofDays(1)))).status()).isEqualTo(200);

        List<String> scoredLearners = new ArrayList<>();
        List<String> scored = new ArrayList<>();
        for (int i = 0; i < essays.size(); i++) {
            String submission = submit(id, "w" + i, essays.get(i).text());
            if ("graded".equals(api.get("/v1/submissions/" + submission).json().get("status").asText())) {
                scoredLearners.add("w" + i);
                scored.add(submission);
            }
        }
        String routed = submit(id, "copier", PROMPT);
        assertThat(api.get("/v1/submissions/" + routed).json().get("status").asText()).isEqualTo("routed");
        assertThat(scored).as("essays the model scored").isNotEmpty();

        JsonNode peerGrades = api.get("/v1/assessments/" + id + "/peer-grades").json().get("items");
        assertThat(peerGrades.findValuesAsText("submissionId")).contains(routed).doesNotContainAnyElementsOf(scored);
        for (String learner : scoredLearners) {
            JsonNode grade = api.get("/v1/courses/ep/learners/" + learner + "/grade").json();
            assertThat(grade.get("complete").asBoolean()).as(grade.toString()).isTrue();
            assertThat(grade.get("outcome").asText()).isNotEqualTo("pending");
        }
        // Reviewers are handed routed essays (one review each here: k = 1), never one the model scored.
        int handed = 0;
        for (String learner : scoredLearners) {
            Api.Response next = PeerFixtures.learner(api, learner).post("/v1/assessments/" + id + "/reviews:next", "");
            assertThat(next.status()).as(next.body()).isIn(200, 204);
            if (next.status() == 200) {
                handed++;
                assertThat(next.json().get("submissionId").asText()).isIn(peerGrades.findValuesAsText("submissionId"))
                        .isNotIn(scored);
            }
        }
        assertThat(handed).isPositive();

        // Staff grading a routed essay themselves does not take it out of peer review's view: it dropped out of the
        // peer grades once the override made it "graded", while its reviews and peer grade still existed.
        assertThat(api.put("/v1/submissions/" + routed + "/override", Map.of("score", 3, "reason", "read by staff"))
                .status()).isEqualTo(200);
        // A peer-grade override afterwards makes the peer grades be computed again (they are cached until then).
        assertThat(api.put("/v1/submissions/" + routed + "/peer-grade", Map.of("score", 2, "reason", "peer fix"))
                .status()).isEqualTo(200);
        JsonNode after = api.get("/v1/assessments/" + id + "/peer-grades").json().get("items");
        JsonNode overridden = java.util.stream.StreamSupport.stream(after.spliterator(), false)
                .filter(g -> g.get("submissionId").asText().equals(routed)).findFirst().orElse(null);
        assertThat(overridden).as(after.toString()).isNotNull();
        assertThat(overridden.at("/submissionOverride/score").asDouble()).isEqualTo(3.0);
        assertThat(after.findValuesAsText("submissionId")).doesNotContainAnyElementsOf(scored);

        // A peer grade counts on the essay's own scale, 2 to 12: the rubric's 0 of 6 is the essay's 2, 3 of 6 its 7.
        String lowest = submit(id, "copier2", "Dear editor, " + PROMPT);
        String middle = submit(id, "copier3", PROMPT + " Thank you.");
        assertThat(api.put("/v1/submissions/" + lowest + "/peer-grade", Map.of("score", 0, "reason", "nothing"))
                .status()).isEqualTo(200);
        assertThat(api.put("/v1/submissions/" + middle + "/peer-grade", Map.of("score", 3, "reason", "half"))
                .status()).isEqualTo(200);
        JsonNode low = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/v1/submissions/" + lowest).json(), n -> n.at("/result/peerGrade").isObject());
        assertThat(low.get("score").asDouble()).as(low.toString()).isEqualTo(2.0);
        assertThat(low.get("maxScore").asDouble()).isEqualTo(12.0);
        JsonNode mid = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/v1/submissions/" + middle).json(), n -> n.at("/result/peerGrade").isObject());
        assertThat(mid.get("score").asDouble()).as(mid.toString()).isEqualTo(7.0);
        // A third of the rubric's range is 2 + 10/3 of the essay's: written to a thousandth, as the peer grade is.
        String third = submit(id, "copier4", PROMPT + " " + PROMPT);
        assertThat(api.put("/v1/submissions/" + third + "/peer-grade", Map.of("score", 2, "reason", "a third"))
                .status()).isEqualTo(200);
        JsonNode thirdView = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/v1/submissions/" + third).json(), n -> n.at("/result/peerGrade").isObject());
        assertThat(thirdView.get("score").asDouble()).as(thirdView.toString()).isEqualTo(5.333);
        // Staff override the essay itself and take it back: the peer grade counts again, on the same scale.
        assertThat(api.put("/v1/submissions/" + middle + "/override", Map.of("score", 10, "reason", "re-read"))
                .status()).isEqualTo(200);
        assertThat(api.delete("/v1/submissions/" + middle + "/override").json().get("score").asDouble()).isEqualTo(7.0);
    }

    @Test
    void peerReviewedEssaysNeedNoModelAndAllGoToPeers() {
        // Found in QA: peer review could be configured on an essay assessment with no model, and every submission was
        // then refused with model-required, so peers never had work.
        Api.Response created = api.post("/v1/courses/ep/assessments", Map.of("title", "By peers only", "kind", "essay",
                "definition", Map.of("prompt", PROMPT, "minScore", 2, "maxScore", 12)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        Api.Response refused = api.post("/v1/assessments/" + id + "/submissions", Map.of("learnerId", "np0", "text", "An essay."));
        assertThat(refused.status()).as("no model and no peers: nobody could grade it").isEqualTo(409);
        assertThat(api.put("/v1/assessments/" + id + "/peer-review",
                PeerFixtures.config(1, 0, false, Instant.now().plus(Duration.ofDays(1)))).status()).isEqualTo(200);

        String first = submit(id, "np1", "Computers help people learn about faraway places and talk with family.");
        String second = submit(id, "np2", "People spend too much time on computers and not enough time outside.");
        for (String submission : List.of(first, second)) {
            JsonNode view = api.get("/v1/submissions/" + submission).json();
            assertThat(view.get("status").asText()).as(view.toString()).isEqualTo("routed");
            assertThat(view.at("/result/reasons/0").asText()).isEqualTo("no_model");
            assertThat(view.has("score") && !view.get("score").isNull()).as("never given a score by a guess").isFalse();
        }
        Api.Response next = PeerFixtures.learner(api, "np1").post("/v1/assessments/" + id + "/reviews:next", "");
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        assertThat(next.json().get("submissionId").asText()).isEqualTo(second);
    }

    static final String PROMPT = "Write a letter to your local newspaper in which you state your opinion on the effects "
            + "computers have on people. Persuade the readers to agree with you.";

    /** ASAP-AES prompt 1 essays of a shared part ({@code ../shared/datasets/asap-aes}, beside the repository). */
    private static List<AsapTsv.Essay> asap(int part) {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        Path file = dir.resolve("../shared/datasets/asap-aes/part_" + part + ".tsv").normalize();
        assumeTrue(Files.isRegularFile(file), "ASAP-AES data beside the repository");
        try {
            return AsapTsv.read(file).stream().filter(e -> e.prompt() == 1).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String submit(String id, String learner, String text) {
        Api.Response r = api.post("/v1/assessments/" + id + "/submissions", Map.of("learnerId", learner, "text", text));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String location = r.header("Location");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> !"accepted".equals(api.get(location).json().path("status").asText()));
        return r.json().get("id").asText();
    }
}
