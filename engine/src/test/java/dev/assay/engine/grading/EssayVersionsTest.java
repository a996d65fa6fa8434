package dev.assay.engine.grading;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new version of an essay assessment keeps what still holds: the exemplars while the score scale is the same,
 * the trained model while the prompt and source are the same too, so learners are not refused until staff retrain.
 */
class EssayVersionsTest {
    static TestNode node;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        api = node.newPlatform("essay-versions");
        assertThat(api.put("/v1/courses/versions", Map.of("title", "Versions")).status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    private static Map<String, Object> definition(String prompt, int maxScore, double share) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("prompt", prompt);
        d.put("minScore", 0);
        d.put("maxScore", maxScore);
        d.put("autoGradeShare", share);
        return d;
    }

    private static Api.Response newVersion(String id, Map<String, Object> definition) {
        Api.Response r = api.post("/v1/assessments/" + id + "/versions", Map.of("definition", definition));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r;
    }

    private static Api.Response submit(String id, String learner) {
        return api.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", learner, "text", EssaySubmissionFlowTest.essay(new Random(learner.hashCode()), 3)));
    }

    @Test
    void anIdenticalModelTrainedByAnotherPlatformNamesOnlyTheAssessmentItWasTrainedFor() throws Exception {
        Api other = node.newPlatform("essay-versions-other");
        assertThat(other.put("/v1/courses/versions", Map.of("title", "Versions")).status()).isEqualTo(200);
        String[] ids = new String[2];
        Api[] platforms = {api, other};
        for (int i = 0; i < 2; i++) {
            ids[i] = platforms[i].post("/v1/courses/versions/assessments", Map.of("title", "Same", "kind", "essay",
                    "definition", definition(EssaySubmissionFlowTest.PROMPT, 4, 0.7))).json().get("id").asText();
            assertThat(platforms[i].post("/v1/assessments/" + ids[i] + "/exemplars",
                    Map.of("exemplars", EssaySubmissionFlowTest.exemplars(40, 42))).status()).isEqualTo(201);
        }
        JsonNode first = api.post("/v1/assessments/" + ids[0] + "/model:train", "").json();
        JsonNode second = other.post("/v1/assessments/" + ids[1] + "/model:train", "").json();
        // The same content gives the same model, but nothing of the first platform's assessment shows through.
        assertThat(second.get("modelId").asText()).isEqualTo(first.get("modelId").asText());
        assertThat(second.get("assessmentId").asText()).isEqualTo(ids[1]);
        assertThat(other.get("/v1/assessments/" + ids[1] + "/model").json().get("assessmentId").asText()).isEqualTo(ids[1]);
        assertThat(other.get("/v1/assessments/" + ids[1] + "/model").toString()).doesNotContain(ids[0]);
    }

    @Test
    void versionsKeepExemplarsAndModelWhileTheyStillFit() {
        Api.Response created = api.post("/v1/courses/versions/assessments", Map.of("title", "Libraries", "kind", "essay",
                "definition", definition(EssaySubmissionFlowTest.PROMPT, 4, 0.7)));
        String id = created.json().get("id").asText();
        Api.Response uploaded = api.post("/v1/assessments/" + id + "/exemplars",
                Map.of("exemplars", EssaySubmissionFlowTest.exemplars(40, 42)));
        assertThat(uploaded.status()).isEqualTo(201);
        String uploadedAt = uploaded.json().get("uploadedAt").asText();
        Api.Response trained = api.post("/v1/assessments/" + id + "/model:train", "");
        assertThat(trained.status()).as(trained.body()).isEqualTo(201);
        String modelId = trained.json().get("modelId").asText();
        String trainedAt = trained.json().get("createdAt").asText();

        // Only the auto-graded share changes: same exemplars, same model, essays still accepted.
        assertThat(newVersion(id, definition(EssaySubmissionFlowTest.PROMPT, 4, 0.5)).json().get("version").asInt())
                .isEqualTo(2);
        JsonNode carried = api.get("/v1/assessments/" + id + "/exemplars").json();
        assertThat(carried.get("count").asInt()).isEqualTo(40);
        assertThat(carried.get("uploadedAt").asText()).as("when staff uploaded them, not when the version came")
                .isEqualTo(uploadedAt);
        JsonNode model = api.get("/v1/assessments/" + id + "/model").json();
        assertThat(model.get("modelId").asText()).isEqualTo(modelId);
        assertThat(model.get("createdAt").asText()).as("carried over, not trained again").isEqualTo(trainedAt);
        assertThat(submit(id, "vic").status()).isEqualTo(202);

        // A new prompt: the staff scores still count, but the model measured essays against the old prompt.
        newVersion(id, definition("Should towns pay for public libraries when books can be read online?", 4, 0.5));
        carried = api.get("/v1/assessments/" + id + "/exemplars").json();
        assertThat(carried.get("count").asInt()).isEqualTo(40);
        assertThat(carried.get("uploadedAt").asText()).as("carried twice, still the upload's time").isEqualTo(uploadedAt);
        assertThat(api.get("/v1/assessments/" + id + "/model").status()).isEqualTo(404);
        Api.Response refused = submit(id, "wes");
        assertThat(refused.status()).isEqualTo(409);
        // The exemplars came with the version: staff are told to train, not to upload them again.
        assertThat(refused.json().get("detail").asText()).contains("train").doesNotContain("upload");
        assertThat(api.post("/v1/assessments/" + id + "/model:train", "").status()).isEqualTo(201);
        assertThat(submit(id, "wes").status()).isEqualTo(202);

        // A new scale: scores out of 4 mean nothing out of 10, so nothing is carried.
        newVersion(id, definition("Should towns pay for public libraries when books can be read online?", 10, 0.5));
        assertThat(api.get("/v1/assessments/" + id + "/exemplars").json().get("count").asInt()).isZero();
        assertThat(api.get("/v1/assessments/" + id + "/model").status()).isEqualTo(404);
        assertThat(submit(id, "xan").json().get("detail").asText()).contains("upload exemplars").contains("train");
    }
}
