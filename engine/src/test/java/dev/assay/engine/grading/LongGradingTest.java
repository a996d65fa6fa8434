package dev.assay.engine.grading;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.node.NodeConfig;
import dev.assay.engine.store.Json;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A grading that takes longer than the lease. The sweep hands accepted work to the pool again when the pool has
 * stored nothing for a lease (its hand-off may have been lost), but work still being graded is not lost: running it
 * again only runs the learner's program twice, and again every lease while the first run goes on.
 */
class LongGradingTest {
    static TestNode node;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(NodeConfig.defaults().withLeaseMillis(1_000));
        api = node.newPlatform("long");
        api.put("/v1/courses/long-course", Map.of("title", "Patience"));
        api.requireSandbox();
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void workStillBeingGradedIsNotHandedOutAgainWhenItsLeaseRunsOut() {
        JsonNode slow = Json.parse("""
                {"language": "python3",
                 "limits": {"cpuSeconds": 2, "wallSeconds": 20},
                 "tests": [{"id": "slow", "stdin": "", "expected": "done\\n", "points": 1}]}""");
        Api.Response created = api.post("/v1/courses/long-course/assessments",
                Map.of("title", "Slow", "kind", "code", "definition", slow));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        double before = gradings();
        Api.Response accepted = api.post("/v1/assessments/" + created.json().get("id").asText() + "/submissions",
                Map.of("learnerId", "sam", "source", "import time\ntime.sleep(4.5)\nprint('done')\n"));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        String location = accepted.header("Location");
        JsonNode graded = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> api.get(location).json(), s -> "graded".equals(s.path("status").asText()));
        assertThat(graded.get("score").asDouble()).isEqualTo(1);
        // Every run still going when the first stored its result ends within its own wall limit.
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.current().descendants()
                .noneMatch(p -> p.info().command().orElse("").contains("bwrap")));
        assertThat(gradings() - before).as("runs of the program").isEqualTo(1);

        // A regrade of it takes as long: its item is not handed out again either.
        String assessment = created.json().get("id").asText();
        JsonNode worth2 = Json.parse(slow.toString().replace("\"points\":1", "\"points\":2"));
        assertThat(api.post("/v1/assessments/" + assessment + "/versions", Map.of("definition", worth2)).status())
                .isEqualTo(201);
        Api.Response regrade = api.post("/v1/assessments/" + assessment + "/regrade", Map.of());
        assertThat(regrade.status()).as(regrade.body()).isIn(200, 201, 202);
        String regradeId = regrade.json().get("id").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                "completed".equals(api.get("/v1/regrades/" + regradeId + "?limit=1").json().path("status").asText()));
        assertThat(api.get(location).json().get("score").asDouble()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> ProcessHandle.current().descendants()
                .noneMatch(p -> p.info().command().orElse("").contains("bwrap")));
        assertThat(gradings() - before).as("runs of the program, grading and regrade").isEqualTo(2);
    }

    /** Gradings of code the node has finished (stored or not), from its metrics. */
    private static double gradings() {
        Matcher m = Pattern.compile("(?m)^assay_grading_seconds_count\\{grader=\"code\".*} (\\S+)$")
                .matcher(api.get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
