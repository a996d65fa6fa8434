package dev.assay.engine.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node started on a cluster's store with another cluster name (or members it cannot reach) formed a cluster of
 * its own and reported ready: its event bus, caches and worker pool ran beside the real cluster's unseen (found in
 * QA). The later cluster's node is now not ready and says why; the earlier cluster stays ready and names it.
 */
class ClusterPresenceTest {

    @Test
    void aNodeOfASecondClusterOnTheSameStoreIsNotReadyAndTheFirstNamesIt() throws Exception {
        try (TestNode first = TestNode.start()) {
            Api firstApi = new Api(first.baseUrl(), null);
            assertThat(firstApi.get("/health/ready").status()).isEqualTo(200);
            String firstCluster = first.node().hazelcast().getConfig().getClusterName();
            try (TestNode stranger = TestNode.startSharing(first)) {
                Api strangerApi = new Api(stranger.baseUrl(), null);
                JsonNode refused = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> strangerApi.get("/health/ready"), r -> r.status() == 503).json();
                assertThat(refused.at("/checks/cluster/status").asText()).isEqualTo("DOWN");
                assertThat(refused.at("/checks/cluster/detail").asText())
                        .contains("not the cluster of this store", "'" + firstCluster + "'", "--cluster-name");
                assertThat(refused.at("/checks/store/status").asText()).as("the store itself answers").isEqualTo("UP");

                JsonNode warned = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> firstApi.get("/health/ready").json(),
                                r -> r.at("/checks/cluster/detail").asText().contains("outside this cluster"));
                assertThat(warned.get("status").asText()).as("the earlier cluster stays ready").isEqualTo("UP");
                assertThat(warned.at("/checks/cluster/detail").asText()).contains(stranger.baseUrl().replace("http://", ""));
            }
            // Once the stranger stops renewing its record, the warning goes.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !firstApi.get("/health/ready").json().at("/checks/cluster/detail").asText()
                            .contains("outside"));
        }
    }

    @Test
    void restartingTheClustersNodeDoesNotHandTheStoreToTheStranger() throws Exception {
        // Found in QA: the restarted node started after the stranger, and was judged the newcomer.
        TestNode first = TestNode.start();
        String pgUrl = first.pgUrl();
        String cluster = first.node().hazelcast().getConfig().getClusterName();
        try (TestNode stranger = TestNode.startSharing(first)) {
            Api strangerApi = new Api(stranger.baseUrl(), null);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> strangerApi.get("/health/ready").status() == 503);
            first.close();
            try (TestNode restarted = TestNode.startOn(pgUrl, cluster)) {
                Api restartedApi = new Api(restarted.baseUrl(), null);
                JsonNode warned = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> restartedApi.get("/health/ready").json(),
                                r -> r.at("/checks/cluster/detail").asText().contains("outside this cluster"));
                assertThat(warned.get("status").asText()).as(warned.toString()).isEqualTo("UP");
                assertThat(strangerApi.get("/health/ready").status()).isEqualTo(503);
            }
        } finally {
            first.close();
        }
    }
}
