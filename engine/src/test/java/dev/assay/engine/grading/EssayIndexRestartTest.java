package dev.assay.engine.grading;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.store.Database;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node builds a course's near-duplicate index from the essays' stored signatures, not by analysing every essay
 * again, and keeps no texts in memory: the text of a match is read from the store, so a node started after the
 * original was graded still routes a copy with the matched submission and the overlapping passages.
 */
class EssayIndexRestartTest {

    private static JsonNode awaitDone(Api api, String location) {
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get(location).json(), s -> !"accepted".equals(s.path("status").asText()));
    }

    private static String storedSignature(Database.PgLocation pg, String submissionId) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             var st = c.prepareStatement("SELECT signature FROM essay_signatures WHERE submission_id = ?::uuid")) {
            st.setString(1, submissionId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    @Test
    void aNodeStartedLaterFindsACopyFromStoredSignaturesAndShowsThePassages() throws Exception {
        TestNode first = TestNode.start();
        Api api = first.newPlatform("essay-index");
        Database.PgLocation pg = first.pg();
        String id;
        String original = EssaySubmissionFlowTest.essay(new Random(777), 3);
        String originalId;
        try (first) {
            assertThat(api.put("/v1/courses/writing", Map.of("title", "Writing")).status()).isEqualTo(200);
            Api.Response created = api.post("/v1/courses/writing/assessments", Map.of("title", "Libraries",
                    "kind", "essay", "definition", EssaySubmissionFlowTest.definition()));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            id = created.json().get("id").asText();
            assertThat(api.post("/v1/assessments/" + id + "/exemplars",
                    Map.of("exemplars", EssaySubmissionFlowTest.exemplars(40, 42))).status()).isEqualTo(201);
            assertThat(api.post("/v1/assessments/" + id + "/model:train", "").status()).isEqualTo(201);

            Api.Response accepted = api.post("/v1/assessments/" + id + "/submissions",
                    Map.of("learnerId", "ada", "text", original));
            assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
            awaitDone(api, accepted.header("Location"));
            originalId = accepted.json().get("id").asText();
            // Stored as the essay is graded, for whichever node builds the index next.
            await().atMost(Duration.ofSeconds(10)).until(() -> storedSignature(pg, originalId) != null);
        }

        try (TestNode later = TestNode.startSharing(first)) {
            Api there = api.at(later.baseUrl());
            String copy = original.replaceFirst("\\.", ", I think.") + " That is my view.";
            Api.Response sent = there.post("/v1/assessments/" + id + "/submissions", Map.of("learnerId", "bob", "text", copy));
            assertThat(sent.status()).as(sent.body()).isEqualTo(202);
            JsonNode done = awaitDone(there, sent.header("Location"));

            assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("routed");
            assertThat(done.at("/result/reasons").toString()).contains("near_duplicate");
            JsonNode match = done.at("/result/evidence/duplicates/0");
            assertThat(match.get("submissionId").asText()).isEqualTo(originalId);
            assertThat(match.get("learnerId").asText()).isEqualTo("ada");
            // Exact figures and passages need the other text, which this node read from the store.
            assertThat(match.get("passages")).isNotEmpty();
            assertThat(match.get("similarity").asDouble()).isGreaterThan(0.8);
            assertThat(storedSignature(pg, sent.json().get("id").asText())).isNotNull();
        }
    }
}
