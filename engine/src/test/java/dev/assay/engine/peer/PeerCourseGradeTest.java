package dev.assay.engine.peer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.TestNode;
import dev.assay.engine.testing.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.assay.engine.peer.PeerFixtures.config;
import static dev.assay.engine.peer.PeerFixtures.learner;
import static dev.assay.engine.peer.PeerFixtures.review;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Peer review feeding certification: a peer-reviewed assessment keeps the course grade pending ("awaiting peer
 * review") whatever its automated score, until its peer grade is final; then the published peer grade is the score
 * that counts, reviews given count toward the policy's minimum, and each decided outcome reaches the webhook.
 */
class PeerCourseGradeTest {
    static TestNode node;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        api = node.newPlatform("peer-outcomes");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void finalPeerGradesDecideCourseOutcomesAndReachCertification() {
        List<String> names = PeerFixtures.learners("pc", 4);
        String id = PeerFixtures.assessmentWithSubmissions(api, "peer-course", names);
        // Pass mark 60% of the rubric's 6 points; each learner must give 2 reviews, which needs a peer-reviewed
        // assessment in the course first.
        Map<String, Object> rules = Map.of(
                "categories", List.of(Map.of("id", "essay", "weight", 100, "assessments", List.of(id))),
                "passMark", 60, "minPeerReviewsGiven", 2);
        Api.Response early = api.put("/v1/courses/peer-course/grading-policy", rules);
        assertThat(early.status()).as(early.body()).isEqualTo(400);
        assertThat(early.json().at("/errors/0/field").asText()).isEqualTo("minPeerReviewsGiven");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Api.Response hook = api.post("/v1/webhooks", Map.of("url", receiver.url()));
            receiver.secret(hook.json().get("secret").asText());

            // k = 2, review deadline in the future: grades are not final yet, whatever the quiz grader said (3/3).
            assertThat(api.put("/v1/assessments/" + id + "/peer-review",
                    config(2, 0, false, Instant.now().plus(Duration.ofDays(7)))).status()).isEqualTo(200);
            Api.Response policy = api.put("/v1/courses/peer-course/grading-policy", rules);
            assertThat(policy.status()).as(policy.body()).isEqualTo(200);
            JsonNode before = api.get("/v1/courses/peer-course/learners/pc0/grade").json();
            assertThat(before.get("outcome").asText()).isEqualTo("pending");
            assertThat(before.at("/categories/0/pending/0/reason").asText()).isEqualTo("awaiting peer review");
            // The learner is not shown the automated score as their grade while it waits for peers; staff see both.
            String pc0First = api.get("/v1/learners/pc0/submissions").json().at("/items/0/id").asText();
            JsonNode mine = learner(api, "pc0").get("/v1/submissions/" + pc0First).json();
            assertThat(mine.at("/peerReview/status").asText()).as(mine.toString()).isEqualTo("awaiting");
            assertThat(mine.has("score")).as(mine.toString()).isFalse();
            assertThat(mine.at("/result/score").isNumber()).as("automated feedback kept").isTrue();
            JsonNode staffView = api.get("/v1/submissions/" + pc0First).json();
            assertThat(staffView.at("/peerReview/status").asText()).isEqualTo("awaiting");
            assertThat(staffView.get("score").asDouble()).isEqualTo(3.0);

            Map<String, Api> learners = new HashMap<>();
            names.forEach(n -> learners.put(n, learner(api, n)));
            // pc0 and pc1 write generous reviews (6/6), pc2 and pc3 harsh ones (1/6); everyone gives the two required.
            for (int round = 0; round < 2; round++) {
                for (String n : names) {
                    Api.Response next = learners.get(n).post("/v1/assessments/" + id + "/reviews:next", "");
                    assertThat(next.status()).as(next.body()).isEqualTo(200);
                    boolean generous = n.equals("pc0") || n.equals("pc1");
                    assertThat(learners.get(n).post("/v1/reviews/" + next.json().get("leaseId").asText(),
                            generous ? review(4, 2) : review(0, 1)).status()).isEqualTo(200);
                }
            }
            JsonNode counting = api.get("/v1/courses/peer-course/learners/pc0/grade").json();
            assertThat(counting.at("/peerReviews/given").asInt()).isEqualTo(2);

            // The review deadline passes: grades with k reviews become final and are published into the scores.
            Map<String, Object> closed = config(2, 0, false, Instant.now().minus(Duration.ofMinutes(1)));
            assertThat(api.put("/v1/assessments/" + id + "/peer-review", closed).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/v1/courses/peer-course/outcomes?status=pending")
                    .json().get("items").isEmpty());

            JsonNode grades = api.get("/v1/assessments/" + id + "/peer-grades").json().get("items");
            Map<String, Double> peer = new HashMap<>();
            grades.forEach(g -> peer.put(g.get("learnerId").asText(), g.get("score").asDouble()));
            for (String n : names) {
                JsonNode grade = api.get("/v1/courses/peer-course/learners/" + n + "/grade").json();
                assertThat(grade.get("complete").asBoolean()).as(n).isTrue();
                boolean passes = peer.get(n) / 6 * 100 >= 60;
                assertThat(grade.get("outcome").asText()).as(n + " with peer grade " + peer.get(n))
                        .isEqualTo(passes ? "passed" : "failed");
                JsonNode submission = api.get("/v1/learners/" + n + "/submissions").json().at("/items/0");
                // On the quiz's own scale (3 points), not the rubric's (6).
                assertThat(submission.get("score").asDouble()).isEqualTo(peer.get(n) / 6 * 3, org.assertj.core.api.Assertions.within(1e-3));
                assertThat(submission.get("maxScore").asDouble()).isEqualTo(3.0);
                assertThat(submission.at("/result/peerGrade/status").asText()).isEqualTo("final");
                assertThat(submission.has("peerReview")).as("graded by peers now").isFalse();
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.acknowledged().size() == names.size());
            assertThat(receiver.acknowledged()).allMatch(WebhookReceiver.Received::signatureValid);

            // Staff reopen the review window and allow an extra review each, and harsh extra reviews come in: the
            // published grades may already be on certificates, so they stand (only staff change them now).
            Map<String, JsonNode> outcomesBefore = new HashMap<>();
            names.forEach(n -> outcomesBefore.put(n, api.get("/v1/courses/peer-course/learners/" + n + "/grade").json()));
            assertThat(api.put("/v1/assessments/" + id + "/peer-review",
                    config(2, 1, false, Instant.now().plus(Duration.ofDays(1)))).status()).isEqualTo(200);
            int extra = 0;
            for (String n : names) {
                Api.Response next = learners.get(n).post("/v1/assessments/" + id + "/reviews:next", "");
                if (next.status() == 200) {
                    assertThat(learners.get(n).post("/v1/reviews/" + next.json().get("leaseId").asText(),
                            n.equals("pc0") || n.equals("pc1") ? review(0, 0) : review(4, 2)).status()).isEqualTo(200);
                    extra++;
                }
            }
            assertThat(extra).as("extra reviews given").isPositive();
            JsonNode after = api.get("/v1/assessments/" + id + "/peer-grades").json().get("items");
            assertThat(after).allSatisfy(g -> {
                assertThat(g.get("status").asText()).isEqualTo("final");
                assertThat(g.get("score").asDouble()).isEqualTo(peer.get(g.get("learnerId").asText()),
                        org.assertj.core.api.Assertions.within(1e-9));
            });
            assertThat(after.findValues("reviews").stream().mapToInt(JsonNode::asInt).sum()).isEqualTo(2 * names.size() + extra);
            for (String n : names) {
                JsonNode submission = api.get("/v1/learners/" + n + "/submissions").json().at("/items/0");
                // On the quiz's own scale (3 points), not the rubric's (6).
                assertThat(submission.get("score").asDouble()).isEqualTo(peer.get(n) / 6 * 3, org.assertj.core.api.Assertions.within(1e-3));
                assertThat(submission.get("maxScore").asDouble()).isEqualTo(3.0);
                assertThat(submission.at("/result/peerGrade/status").asText()).isEqualTo("final");
                // The events are recorded with the course grades, in the same transaction: a new one would show here.
                assertThat(api.get("/v1/courses/peer-course/learners/" + n + "/grade").json().get("outcomeVersion"))
                        .isEqualTo(outcomesBefore.get(n).get("outcomeVersion"));
            }
            assertThat(receiver.acknowledged()).hasSize(names.size());

            // Staff override pc0's final peer grade without changing the outcome, then take the override back: the
            // final peer grade stands again in the same transaction, and certification hears nothing (it heard a
            // "pending" revoking the pass, then the pass again).
            String pc0 = api.get("/v1/learners/pc0/submissions").json().at("/items/0/id").asText();
            boolean passed = outcomesBefore.get("pc0").get("outcome").asText().equals("passed");
            assertThat(api.put("/v1/submissions/" + pc0 + "/peer-grade", Map.of("score", passed ? 6 : 0,
                    "reason", "moderated")).status()).isEqualTo(200);
            assertThat(api.delete("/v1/submissions/" + pc0 + "/peer-grade").status()).isEqualTo(204);
            JsonNode restored = api.get("/v1/submissions/" + pc0).json();
            assertThat(restored.get("score").asDouble()).isEqualTo(peer.get("pc0") / 6 * 3, org.assertj.core.api.Assertions.within(1e-3));
            assertThat(restored.at("/result/peerGrade/status").asText()).isEqualTo("final");
            assertThat(api.get("/v1/courses/peer-course/learners/pc0/grade").json().get("outcomeVersion"))
                    .isEqualTo(outcomesBefore.get("pc0").get("outcomeVersion"));
            assertThat(receiver.acknowledged()).hasSize(names.size());

            // pc0 submits again: peers grade the new submission, the old one's final grade and reviews stay readable.
            JsonNode shownBefore = learner(api, "pc0").get("/v1/assessments/" + id + "/received-reviews").json();
            assertThat(shownBefore.get("criteria")).as(shownBefore.toString()).isNotEmpty();
            Api.Response again = api.post("/v1/assessments/" + id + "/submissions",
                    Map.of("learnerId", "pc0", "answers", Map.of("q1", "a", "q2", true)));
            assertThat(again.status()).as(again.body()).isEqualTo(201);
            Api pc0Learner = learner(api, "pc0");
            JsonNode current = pc0Learner.get("/v1/assessments/" + id + "/received-reviews").json();
            assertThat(current.get("submissionId").asText()).isEqualTo(again.json().get("id").asText());
            assertThat(current.get("current").asBoolean()).isTrue();
            assertThat(current.has("items")).as("not final yet").isFalse();
            assertThat(pc0Learner.get("/v1/submissions/" + again.json().get("id").asText()).json()
                    .at("/peerReview/status").asText()).isEqualTo("awaiting");
            JsonNode earlier = pc0Learner.get("/v1/assessments/" + id + "/received-reviews?submissionId=" + pc0).json();
            assertThat(earlier.get("current").asBoolean()).isFalse();
            assertThat(earlier.get("status").asText()).isEqualTo("final");
            assertThat(earlier.get("score").asDouble()).isEqualTo(peer.get("pc0"), org.assertj.core.api.Assertions.within(1e-9));
            assertThat(earlier.get("items")).hasSizeGreaterThanOrEqualTo(2);
            // The grade as published when it became final: the reviews counted then, which later reviews do not move.
            assertThat(earlier.get("countedReviews")).as(earlier.toString())
                    .isEqualTo(api.get("/v1/submissions/" + pc0).json().at("/result/peerGrade/countedReviews"));
            assertThat(earlier.get("countedReviews").asInt()).isBetween(1, earlier.get("reviews").asInt());
            assertThat(earlier.get("uncertainPassFail").asBoolean()).isFalse();
            assertThat(earlier.get("late")).as("the fields the current view has").isEqualTo(shownBefore.get("late"));
            List<String> criteriaShown = new java.util.ArrayList<>();
            shownBefore.get("criteria").fieldNames().forEachRemaining(criteriaShown::add);
            assertThat(earlier.get("criteria")).as(earlier.toString()).isNotNull();
            assertThat(earlier.get("criteria").fieldNames()).toIterable().containsExactlyElementsOf(criteriaShown);
            String pc1 = api.get("/v1/learners/pc1/submissions").json().at("/items/0/id").asText();
            Api.Response others = pc0Learner.get("/v1/assessments/" + id + "/received-reviews?submissionId=" + pc1);
            assertThat(others.status()).isEqualTo(404);
            assertThat(others.json().at("/errors/0/field").asText()).isEqualTo("submissionId");
            assertThat(pc0Learner.get("/v1/assessments/" + id + "/received-reviews?submissionId=x").status()).isEqualTo(400);
            // Highest attempt counts: the final peer grade stands while the new work waits, and certification hears nothing.
            assertThat(api.get("/v1/courses/peer-course/learners/pc0/grade").json().get("outcomeVersion"))
                    .isEqualTo(outcomesBefore.get("pc0").get("outcomeVersion"));
        }
    }

    @Test
    void attachingPeerReviewToGradedWorkRecomputesTheCourseAtOnce() {
        String id = PeerFixtures.assessmentWithSubmissions(api, "peer-attach", List.of("at1"));
        assertThat(api.put("/v1/courses/peer-attach/grading-policy", Map.of(
                "categories", List.of(Map.of("id", "all", "weight", 100, "assessments", List.of(id))),
                "passMark", 60)).status()).isEqualTo(200);
        String grade = "/v1/courses/peer-attach/learners/at1/grade";
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get(grade).json().get("outcomeVersion").asInt() == 1);
        assertThat(api.get(grade).json().get("outcome").asText()).isEqualTo("passed");

        // From now on peers grade this work: the stored outcome (what certification was told) follows without
        // waiting for another change to the learner's grade.
        // Graded work would wait for peers again and the pass be revoked meanwhile: staff must say they mean it.
        String url = "/v1/assessments/" + id + "/peer-review";
        Map<String, Object> peer = config(1, 0, false, Instant.now().plus(Duration.ofDays(1)));
        Api.Response refused = api.put(url, peer);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("applyToGradedWork");
        assertThat(api.get(url).status()).as("nothing stored").isEqualTo(404);
        Api.Response foreign;
        try {
            foreign = node.newPlatform("peer-attach-other").put(url, peer);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertThat(foreign.status()).as("another platform learns nothing about this assessment's work").isEqualTo(404);
        assertThat(api.put(url + "?applyToGradedWork=maybe", peer).status()).isEqualTo(400);
        assertThat(api.put(url + "?applyToGradedWork=true", peer).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get(grade).json().get("outcomeVersion").asInt() == 2);
        JsonNode pending = api.get(grade).json();
        assertThat(pending.get("outcome").asText()).isEqualTo("pending");
        assertThat(pending.toString()).contains("awaiting peer review");
    }
}
