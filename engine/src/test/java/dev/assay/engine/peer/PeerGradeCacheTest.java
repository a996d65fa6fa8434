package dev.assay.engine.peer;

import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Computed peer grades are reused while nothing they depend on changes, and computed again after a review, a
 * rating, a new submission or a configuration change (each made through the API, as users make them).
 */
class PeerGradeCacheTest {
    static TestNode node;
    static Api platform;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        platform = node.newPlatform("grade-cache");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void grades_are_reused_until_a_review_rating_submission_or_configuration_changes_them() throws Exception {
        List<String> names = PeerFixtures.learners("g", 3);
        String id = PeerFixtures.assessmentWithSubmissions(platform, "cache", names);
        Instant deadline = Instant.now().plus(Duration.ofDays(1));
        assertThat(platform.put("/v1/assessments/" + id + "/peer-review", PeerFixtures.config(1, 0, false, deadline))
                .status()).isEqualTo(200);
        UUID assessment = UUID.fromString(id);

        PeerGrades.Result first = grades(assessment);
        assertThat(grades(assessment)).as("nothing changed").isSameAs(first);

        Api g0 = PeerFixtures.learner(platform, "g0");
        String lease = g0.post("/v1/assessments/" + id + "/reviews:next", "").json().get("leaseId").asText();
        assertThat(g0.post("/v1/reviews/" + lease, PeerFixtures.review(2, 1)).status()).isEqualTo(200);
        PeerGrades.Result afterReview = grades(assessment);
        assertThat(afterReview).isNotSameAs(first);
        assertThat(afterReview.grades().stream().mapToInt(PeerGrades.Grade::reviews).sum()).isEqualTo(1);
        assertThat(grades(assessment)).isSameAs(afterReview);

        assertThat(platform.post("/v1/assessments/" + id + "/submissions",
                Map.of("learnerId", "g9", "answers", Map.of("q1", "a", "q2", true))).status()).isEqualTo(201);
        PeerGrades.Result afterSubmission = grades(assessment);
        assertThat(afterSubmission).isNotSameAs(afterReview);
        assertThat(afterSubmission.grades()).hasSize(4);

        // The author of the reviewed submission rates the review.
        String reviewed = afterSubmission.grades().stream().filter(g -> g.reviews() == 1).findFirst().orElseThrow().learnerId();
        Api author = PeerFixtures.learner(platform, reviewed);
        String reviewId = node.node().services().peer().store().reviews(assessment, null)
                .await(10, TimeUnit.SECONDS).getFirst().id().toString();
        // Not before the author was shown it (their grade is not final yet)...
        Api.Response early = author.post("/v1/reviews/" + reviewId + "/rating", Map.of("helpfulness", 4));
        assertThat(early.status()).as(early.body()).isEqualTo(409);
        assertThat(early.json().at("/errors/0/field").asText()).isEqualTo("review");
        assertThat(grades(assessment)).isSameAs(afterSubmission);
        // ...but once staff decided the grade, which shows the reviews.
        String submission = afterSubmission.grades().stream().filter(g -> g.reviews() == 1).findFirst().orElseThrow()
                .submissionId();
        assertThat(platform.put("/v1/submissions/" + submission + "/override", Map.of("score", 3, "reason", "checked"))
                .status()).isEqualTo(200);
        PeerGrades.Result afterOverride = grades(assessment);
        assertThat(author.post("/v1/reviews/" + reviewId + "/rating", Map.of("helpfulness", 4)).status()).isEqualTo(200);
        PeerGrades.Result afterRating = grades(assessment);
        assertThat(afterRating).isNotSameAs(afterOverride);

        assertThat(platform.put("/v1/assessments/" + id + "/peer-review", PeerFixtures.config(2, 0, false, deadline))
                .status()).isEqualTo(200);
        assertThat(grades(assessment)).isNotSameAs(afterRating);
    }

    @Test
    void the_phase_changes_at_the_review_deadline_and_again_when_staff_grace_ends() {
        Instant deadline = Instant.parse("2026-03-01T00:00:00Z");
        PeerConfig config = config(deadline, Duration.ofHours(12));
        assertThat(PeerGradeCache.phase(config, deadline.minusSeconds(1))).isEqualTo(1);
        assertThat(PeerGradeCache.phase(config, deadline)).isEqualTo(2);
        assertThat(PeerGradeCache.phase(config, deadline.plus(Duration.ofHours(12)).minusSeconds(1))).isEqualTo(2);
        assertThat(PeerGradeCache.phase(config, deadline.plus(Duration.ofHours(12)))).isEqualTo(3);
    }

    private static PeerConfig config(Instant deadline, Duration grace) {
        var body = new java.util.LinkedHashMap<>(PeerFixtures.config(1, 0, false, deadline));
        body.put("staffGraceHours", grace.toHours());
        return PeerConfigCodec.read(dev.assay.engine.store.Json.toTree(body));
    }

    private static PeerGrades.Result grades(UUID assessment) throws Exception {
        var row = node.node().services().peer().store().gradeStamp(assessment).await(10, TimeUnit.SECONDS);
        assertThat(row).isPresent();
        var stored = node.node().services().peer().configs().reload(
                platformId(), assessment).await(10, TimeUnit.SECONDS).orElseThrow();
        return node.node().services().peer().grades().grades(assessment, stored.config()).await(30, TimeUnit.SECONDS);
    }

    private static UUID platformId() throws Exception {
        String token = platform.post("/v1/learner-tokens", Map.of("learnerId", "x")).json().get("token").asText();
        return dev.assay.engine.auth.LearnerTokens.claimedPlatform(token).orElseThrow();
    }
}
