package dev.assay.engine.cli;

import dev.assay.engine.node.Node;
import dev.assay.engine.node.NodeConfig;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.Quizzes;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The default run: embedded PostgreSQL in the data directory. Platforms can be created with or without a node
 * running on that directory, and everything survives a restart of the node.
 */
class EmbeddedStoreTest {
    @TempDir
    Path dataDir;

    private String createPlatform(String name) throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int code = Main.run(List.of("platform", "create", name, "--data-dir", dataDir.toString()),
                new PrintStream(buffer, true, StandardCharsets.UTF_8));
        assertThat(code).isZero();
        List<String> lines = buffer.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).contains("Created platform '" + name + "'");
        return lines.get(lines.size() - 1).trim();
    }

    private Node startNode() throws Exception {
        return Node.start(NodeConfig.defaults().withDataDir(dataDir).withPort(TestNode.freePort())
                .withClusterName("assay-embedded-" + UUID.randomUUID()).withHazelcastPort(6100));
    }

    @Test
    void platformsCreatedOfflineAndOnlineWorkAndDataSurvivesRestart() throws Exception {
        String offlineKey = createPlatform("offline-platform");
        assertThat(offlineKey).startsWith("assay_");

        String submissionId;
        String onlineKey;
        try (Node node = startNode()) {
            Api offline = new Api("http://127.0.0.1:" + node.port(), offlineKey);
            String quiz = Quizzes.createQuiz(offline, "persist", Quizzes.twoQuestions(true));
            submissionId = offline.post("/v1/assessments/" + quiz + "/submissions",
                    Map.of("learnerId", "kim", "answers", Map.of("q1", "a"))).json().get("id").asText();

            // A second admin command while the node runs must use the node's server, not start another one.
            onlineKey = createPlatform("online-platform");
            Api online = new Api("http://127.0.0.1:" + node.port(), onlineKey);
            assertThat(online.get("/v1/courses").status()).isEqualTo(200);
            assertThat(online.get("/v1/submissions/" + submissionId).status()).isEqualTo(404);
        }

        try (Node restarted = startNode()) {
            Api offline = new Api("http://127.0.0.1:" + restarted.port(), offlineKey);
            Api.Response stored = offline.get("/v1/submissions/" + submissionId);
            assertThat(stored.status()).isEqualTo(200);
            assertThat(stored.json().get("score").asDouble()).isEqualTo(2.0);
            Api online = new Api("http://127.0.0.1:" + restarted.port(), onlineKey);
            assertThat(online.get("/v1/courses").status()).isEqualTo(200);
        }
    }

    @Test
    void duplicatePlatformNameIsRefused() throws Exception {
        createPlatform("twice");
        int code = Main.run(List.of("platform", "create", "twice", "--data-dir", dataDir.toString()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
    }
}
