package dev.assay.engine.peer;

import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.assay.engine.peer.PeerFixtures.config;
import static dev.assay.engine.peer.PeerFixtures.learner;
import static dev.assay.engine.peer.PeerFixtures.review;
import static org.assertj.core.api.Assertions.assertThat;

/** Over real HTTP: reviewers who asked first and often must not use up the room of learners who still owe reviews. */
class PeerAssignmentFairnessTest {
    static TestNode node;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        api = node.newPlatform("peer-fair");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void a_learner_who_gave_the_review_required_leaves_the_rest_to_those_who_owe_one() {
        // The QA case: k = 1, no extra, one review required. ann's second review would have taken the only
        // submission bob or cat could still review.
        List<String> names = List.of("ann", "bob", "cat");
        String id = PeerFixtures.assessmentWithSubmissions(api, "fair-three", names);
        assertThat(api.put("/v1/assessments/" + id + "/peer-review",
                config(1, 0, false, Instant.now().plus(Duration.ofDays(3)))).status()).isEqualTo(200);
        Map<String, Api> learners = new LinkedHashMap<>();
        names.forEach(n -> learners.put(n, learner(api, n)));

        assertThat(reviewOnce(learners.get("ann"), id)).isTrue();
        assertThat(learners.get("ann").post("/v1/assessments/" + id + "/reviews:next", "").status())
                .as("ann gave the review required; the rest is kept for bob and cat").isEqualTo(204);
        // With k = 1 and three learners, bob asking before cat would leave cat only her own work whatever the
        // rule (bob takes ann's); that is the order's, not this fix's, so cat asks first.
        assertThat(reviewOnce(learners.get("cat"), id)).isTrue();
        assertThat(reviewOnce(learners.get("bob"), id)).isTrue();
        names.forEach(n -> assertThat(completed(learners.get(n), id)).as(n).isEqualTo(1));
    }

    @Test
    void eager_reviewers_asking_first_still_leave_every_learner_the_reviews_required() {
        // 8 learners, k = 2, extra = 1, 2 required: room for 24 reviews, 16 owed. Three eager learners ask five
        // times each before anyone else asks; before the fix they took 15 and left others short.
        List<String> names = PeerFixtures.learners("fair", 8);
        String id = PeerFixtures.assessmentWithSubmissions(api, "fair-eight", names);
        assertThat(api.put("/v1/assessments/" + id + "/peer-review",
                config(2, 1, false, Instant.now().plus(Duration.ofDays(3)))).status()).isEqualTo(200);
        Map<String, Api> learners = new LinkedHashMap<>();
        names.forEach(n -> learners.put(n, learner(api, n)));

        List<String> asks = new ArrayList<>();
        for (String eager : names.subList(0, 3)) {
            for (int i = 0; i < 5; i++) {
                asks.add(eager);
            }
        }
        for (int round = 0; round < 3; round++) {
            asks.addAll(names);
        }
        for (String n : asks) {
            reviewOnce(learners.get(n), id);
        }
        names.forEach(n -> assertThat(completed(learners.get(n), id)).as(n).isGreaterThanOrEqualTo(2));
        assertThat(completed(learners.get("fair0"), id)).as("spare room still goes to eager reviewers").isGreaterThan(2);
    }

    @Test
    void work_staff_have_settled_is_not_offered_to_new_reviewers() {
        List<String> names = List.of("set0", "set1", "set2");
        String id = PeerFixtures.assessmentWithSubmissions(api, "fair-settled", names);
        assertThat(api.put("/v1/assessments/" + id + "/peer-review", PeerFixtures.anyoneReviews(
                config(2, 0, false, Instant.now().plus(Duration.ofDays(3))))).status()).isEqualTo(200);
        String peerGraded = submission("set0");
        String overridden = submission("set1");
        Api early = learner(api, "set-early");
        Api.Response held = early.post("/v1/assessments/" + id + "/reviews:next", "");
        assertThat(held.json().get("submissionId").asText()).as("the oldest goes first").isEqualTo(peerGraded);

        // The two with the fewest reviews, settled by staff: a peer grade, and the submission's own score.
        Api.Response peerGrade = api.put("/v1/submissions/" + peerGraded + "/peer-grade", Map.of("score", 5, "reason", "staff"));
        assertThat(peerGrade.status()).as(peerGrade.body()).isEqualTo(200);
        Api.Response override = api.put("/v1/submissions/" + overridden + "/override", Map.of("score", 1, "reason", "by hand"));
        assertThat(override.status()).as(override.body()).isEqualTo(200);

        Api reviewer = learner(api, "set-reviewer");
        Api.Response next = reviewer.post("/v1/assessments/" + id + "/reviews:next", "");
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        assertThat(next.json().get("submissionId").asText()).isEqualTo(submission("set2"));
        assertThat(reviewer.post("/v1/reviews/" + next.json().get("leaseId").asText(), review(4, 2)).status()).isEqualTo(200);
        assertThat(reviewer.post("/v1/assessments/" + id + "/reviews:next", "").status()).isEqualTo(204);
        // A lease taken before the override may still be completed.
        assertThat(early.post("/v1/reviews/" + held.json().get("leaseId").asText(), review(4, 2)).status()).isEqualTo(200);
    }

    private static String submission(String learner) {
        return api.get("/v1/learners/" + learner + "/submissions").json().at("/items/0/id").asText();
    }

    /** Asks for a submission and reviews it; false when there was nothing (204). */
    private static boolean reviewOnce(Api learner, String id) {
        Api.Response next = learner.post("/v1/assessments/" + id + "/reviews:next", "");
        if (next.status() == 204) {
            return false;
        }
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        Api.Response done = learner.post("/v1/reviews/" + next.json().get("leaseId").asText(), review(4, 2));
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        return true;
    }

    private static int completed(Api learner, String id) {
        return learner.get("/v1/assessments/" + id + "/reviewing-score").json().get("completed").asInt();
    }
}
