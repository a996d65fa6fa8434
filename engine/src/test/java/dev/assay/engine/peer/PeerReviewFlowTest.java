package dev.assay.engine.peer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.store.Json;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.assay.engine.peer.PeerFixtures.config;
import static dev.assay.engine.peer.PeerFixtures.fields;
import static dev.assay.engine.peer.PeerFixtures.learner;
import static dev.assay.engine.peer.PeerFixtures.review;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Peer review over real HTTP: configuration, calibration gate, leases, reviews, grades, ratings, overrides. */
class PeerReviewFlowTest {
    static TestNode node;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        api = node.newPlatform("peer");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void configuration_is_validated_field_by_field_and_stored() {
        String id = PeerFixtures.assessmentWithSubmissions(api, "peer-config", List.of());
        Map<String, Object> bad = new HashMap<>(config(3, 1, true, Instant.now()));
        bad.put("model", "best");
        bad.put("reviewsPerSubmission", 0);
        bad.put("leaseMinutes", "soon");
        bad.put("colour", "red");
        bad.put("calibration", Map.of("required", true, "examples", List.of(
                Map.of("id", "e", "content", "x", "scores", Map.of("ideas", 3, "style", 1)))));
        Api.Response r = api.put("/v1/assessments/" + id + "/peer-review", bad);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(fields(r)).contains("model", "reviewsPerSubmission", "leaseMinutes", "colour",
                "calibration.examples[0].scores.ideas");

        Map<String, Object> badRubric = new HashMap<>(config(3, 1, false, Instant.now()));
        badRubric.put("rubric", Map.of("criteria", List.of(Map.of("id", "a", "levels", List.of(
                Map.of("points", 2), Map.of("points", 1))))));
        assertThat(fields(api.put("/v1/assessments/" + id + "/peer-review", badRubric)))
                .containsExactly("rubric.criteria[0].levels[1].points");

        Api.Response ok = api.put("/v1/assessments/" + id + "/peer-review", config(3, 1, true, Instant.now()));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("version").asInt()).isEqualTo(1);
        Api.Response read = api.get("/v1/assessments/" + id + "/peer-review");
        assertThat(read.json().at("/config/rubric/criteria/0/levels/2/points").asDouble()).isEqualTo(4);
        assertThat(read.json().at("/config/calibration/maxAttempts").asInt()).isEqualTo(2);
        assertThat(api.put("/v1/assessments/" + id + "/peer-review", config(2, 0, false, Instant.now()))
                .json().get("version").asInt()).isEqualTo(2);
    }

    @Test
    void the_rubric_scale_is_fixed_once_reviews_exist_but_wording_and_settings_may_change() {
        String id = PeerFixtures.assessmentWithSubmissions(api, "peer-rescale", PeerFixtures.learners("rs", 2));
        Map<String, Object> original = PeerFixtures.anyoneReviews(config(1, 0, false, Instant.now().minus(Duration.ofMinutes(1))));
        String url = "/v1/assessments/" + id + "/peer-review";
        // Nothing scored yet: the scale may still change, and change back.
        assertThat(api.put(url, PeerFixtures.rescaled(original)).status()).isEqualTo(200);
        assertThat(api.put(url, original).status()).isEqualTo(200);

        Api reviewer = learner(api, "rs-reviewer");
        Api.Response lease = reviewer.post("/v1/assessments/" + id + "/reviews:next", "");
        assertThat(reviewer.post("/v1/reviews/" + lease.json().get("leaseId").asText(), review(4, 2)).status()).isEqualTo(200);

        Api.Response refused = api.put(url, PeerFixtures.rescaled(original));
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(fields(refused)).containsExactly("rubric");
        assertThat(refused.json().get("detail").asText()).contains("style", "1 completed review");
        assertThat(api.get(url).json().get("version").asInt()).as("nothing stored").isEqualTo(2);

        // Wording, comment fields, k, model and pass mark do not change what a stored review's points mean.
        Map<String, Object> reworded = new HashMap<>(PeerFixtures.reworded(original));
        reworded.put("reviewsRequired", 2);
        reworded.put("extraReviews", 1);
        reworded.put("leaseMinutes", 90);
        reworded.put("model", "mean");
        reworded.put("passMark", 3);
        Api.Response ok = api.put(url, reworded);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().at("/config/rubric/criteria/0/prompt").asText()).isEqualTo("Is the argument easy to follow?");
        // The one review (6 of 6) is still read on its own scale: the mean of it is 6, not more.
        JsonNode graded = null;
        for (JsonNode g : api.get("/v1/assessments/" + id + "/peer-grades").json().get("items")) {
            graded = g.get("reviews").asInt() == 1 ? g : graded;
        }
        assertThat(graded).isNotNull();
        assertThat(graded.get("score").asDouble()).isEqualTo(6.0);
    }

    @Test
    void a_review_checked_against_a_replaced_configuration_is_not_stored() throws Exception {
        String id = PeerFixtures.assessmentWithSubmissions(api, "peer-rescale-race", PeerFixtures.learners("rr", 2));
        Map<String, Object> original = PeerFixtures.anyoneReviews(config(1, 0, false, Instant.now().plus(Duration.ofDays(1))));
        String url = "/v1/assessments/" + id + "/peer-review";
        assertThat(api.put(url, original).status()).isEqualTo(200);
        Api reviewer = learner(api, "rr-reviewer");
        String leaseId = reviewer.post("/v1/assessments/" + id + "/reviews:next", "").json().get("leaseId").asText();
        // The moment of the race: the review was validated against version 1, then staff stored a new scale
        // (allowed: no review is complete yet) before the review reached the store.
        assertThat(api.put(url, PeerFixtures.rescaled(original)).status()).isEqualTo(200);
        var store = node.node().services().peer().leases();
        var done = store.complete(UUID.fromString(leaseId), "rr-reviewer", "{\"ideas\": 4, \"style\": 2}", "{}", 6, 1,
                        stored -> dev.assay.engine.peer.ScoringChanges.rubric(PeerConfigCodec.readStored(stored).rubric(),
                                PeerConfigCodec.read(dev.assay.engine.store.Json.MAPPER.valueToTree(original)).rubric()).isEmpty())
                .toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(done).isEqualTo(dev.assay.engine.store.PeerLeaseStore.Completion.STALE_CONFIG);
        assertThat(api.get("/v1/assessments/" + id + "/peer-grades").json().findValues("reviews"))
                .allSatisfy(n -> assertThat(n.asInt()).isZero());
        // Sent through the API, it is checked against the stored scale and stored on it.
        Api.Response ok = reviewer.post("/v1/reviews/" + leaseId, review(4, 3));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("total").asDouble()).isEqualTo(7.0);
    }

    @Test
    void calibration_attempts_fix_the_rubric_scale_too() {
        String id = PeerFixtures.assessmentWithSubmissions(api, "peer-rescale-cal", List.of());
        Map<String, Object> original = config(1, 0, true, Instant.now().plus(Duration.ofDays(1)));
        String url = "/v1/assessments/" + id + "/peer-review";
        assertThat(api.put(url, original).status()).isEqualTo(200);
        assertThat(learner(api, "rsc").post("/v1/assessments/" + id + "/calibration",
                Map.of("exampleId", "ex1", "scores", Map.of("ideas", 2, "style", 1))).status()).isEqualTo(201);
        Api.Response refused = api.put(url, PeerFixtures.rescaled(original));
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(fields(refused)).containsExactly("rubric");
        assertThat(refused.json().get("detail").asText()).contains("1 calibration attempt");
    }

    @Test
    void an_examples_staff_scores_are_fixed_once_attempts_exist_and_a_stale_attempt_is_not_stored() throws Exception {
        String id = PeerFixtures.assessmentWithSubmissions(api, "peer-cal-rescore", List.of());
        Map<String, Object> original = config(1, 0, true, Instant.now().plus(Duration.ofDays(1)));
        String url = "/v1/assessments/" + id + "/peer-review";
        assertThat(api.put(url, original).status()).isEqualTo(200);
        Map<String, Object> corrected = new java.util.LinkedHashMap<>(original);
        corrected.put("calibration", Map.of("required", true, "tolerance", 1, "maxAttempts", 2, "examples", List.of(
                Map.of("id", "ex1", "content", "A sample essay", "scores", Map.of("ideas", 4, "style", 1)),
                Map.of("id", "ex2", "content", "Another", "scores", Map.of("ideas", 4, "style", 2)))));
        // No attempt yet: staff may still correct an example.
        assertThat(api.put(url, corrected).status()).isEqualTo(200);
        assertThat(api.put(url, original).status()).isEqualTo(200);
        int stored = api.get(url).json().get("version").asInt();

        // The moment of the race: an attempt scored under an earlier version reaches the store after a replacement.
        var outcome = node.node().services().peer().store().addAttempt(UUID.fromString(id), stored - 1, "cal-race",
                "ex1", "{\"ideas\": 2, \"style\": 1}", true, 0, 0, 2)
                .toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOf(dev.assay.engine.store.PeerReviewStore.AttemptOutcome.StaleConfig.class);
        Api racer = learner(api, "cal-race");
        assertThat(racer.get("/v1/assessments/" + id + "/calibration").json().get("attempts").asInt()).isZero();

        // Through the API it is scored under the stored version: ideas 2 is what ex1's staff gave, so it passes.
        Api.Response passed = racer.post("/v1/assessments/" + id + "/calibration",
                Map.of("exampleId", "ex1", "scores", Map.of("ideas", 2, "style", 1)));
        assertThat(passed.status()).as(passed.body()).isEqualTo(201);
        assertThat(passed.json().at("/attempt/passed").asBoolean()).isTrue();

        // Now the pass rests on ex1's staff scores: they cannot change under it, but a new example can replace it.
        Api.Response refused = api.put(url, corrected);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(fields(refused)).containsExactly("calibration");
        assertThat(refused.json().get("detail").asText()).contains("ex1").contains("1 calibration attempt")
                .contains("new id");
        Map<String, Object> replaced = new java.util.LinkedHashMap<>(original);
        replaced.put("calibration", Map.of("required", true, "tolerance", 1, "maxAttempts", 2, "examples", List.of(
                Map.of("id", "ex1b", "content", "A sample essay", "scores", Map.of("ideas", 4, "style", 1)),
                Map.of("id", "ex2", "content", "Another", "scores", Map.of("ideas", 4, "style", 2)))));
        Api.Response ok = api.put(url, replaced);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(racer.get("/v1/assessments/" + id + "/calibration").json().get("state").asText()).isEqualTo("passed");
        // Bringing ex1 back under its old id with other scores would re-judge the attempts made on it.
        Api.Response reused = api.put(url, corrected);
        assertThat(reused.status()).as(reused.body()).isEqualTo(409);
        assertThat(fields(reused)).containsExactly("calibration");
        assertThat(reused.json().get("detail").asText()).contains("ex1").contains("new id");
    }

    @Test
    void calibration_stops_at_max_attempts_and_after_a_pass() {
        String id = PeerFixtures.assessmentWithSubmissions(api, "peer-cal-limit", List.of());
        // maxAttempts 2, tolerance 1; ex1's staff scores are ideas 2, style 1, ex2's ideas 4, style 2.
        assertThat(api.put("/v1/assessments/" + id + "/peer-review",
                config(1, 0, true, Instant.now().plus(Duration.ofDays(1)))).status()).isEqualTo(200);
        String url = "/v1/assessments/" + id + "/calibration";
        Map<String, Object> wrong = Map.of("exampleId", "ex1", "scores", Map.of("ideas", 4, "style", 1));
        Map<String, Object> wrongSecond = Map.of("exampleId", "ex2", "scores", Map.of("ideas", 0, "style", 0));
        Map<String, Object> right = Map.of("exampleId", "ex1", "scores", Map.of("ideas", 2, "style", 1));

        Api failing = learner(api, "cal-fail");
        assertThat(failing.post(url, wrong).status()).isEqualTo(201);
        assertThat(failing.post(url, wrongSecond).json().get("state").asText()).isEqualTo("exhausted");
        Api.Response third = failing.post(url, right);
        assertThat(third.status()).as(third.body()).isEqualTo(409);
        assertThat(third.header("Content-Type")).startsWith("application/problem+json");
        assertThat(fields(third)).containsExactly("maxAttempts");
        JsonNode after = failing.get(url).json();
        assertThat(after.get("attempts").asInt()).as("not recorded").isEqualTo(2);
        assertThat(after.get("state").asText()).isEqualTo("exhausted");

        Api passing = learner(api, "cal-pass");
        assertThat(passing.post(url, right).json().get("state").asText()).isEqualTo("passed");
        Api.Response again = passing.post(url, wrong);
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.json().get("detail").asText()).contains("already passed");
        assertThat(fields(again)).containsExactly("calibration");
        JsonNode passed = passing.get(url).json();
        assertThat(passed.get("attempts").asInt()).as("the extra attempt is not evidence").isEqualTo(1);
        assertThat(passed.has("next")).as("no example is offered for an attempt that would be refused").isFalse();
        assertThat(passed.get("state").asText()).isEqualTo("passed");

        // Five last attempts sent at once cannot slip under the limit together.
        Api eager = learner(api, "cal-eager");
        assertThat(eager.post(url, wrong).status()).isEqualTo(201);
        var sent = new java.util.ArrayList<java.util.concurrent.CompletableFuture<Integer>>();
        var threads = java.util.concurrent.Executors.newFixedThreadPool(5);
        try {
            for (int i = 0; i < 5; i++) {
                sent.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> eager.post(url, wrongSecond).status(), threads));
            }
            assertThat(sent.stream().map(java.util.concurrent.CompletableFuture::join).toList())
                    .containsExactlyInAnyOrder(201, 409, 409, 409, 409);
        } finally {
            threads.shutdownNow();
        }
        assertThat(eager.get(url).json().get("attempts").asInt()).isEqualTo(2);
    }

    @Test
    void unknown_ids_are_404_and_learner_routes_need_learner_tokens() {
        String unknown = UUID.randomUUID().toString();
        assertThat(api.get("/v1/assessments/" + unknown + "/peer-review").status()).isEqualTo(404);
        assertThat(api.put("/v1/assessments/" + unknown + "/peer-review", config(3, 1, false, Instant.now())).status()).isEqualTo(404);
        String plain = PeerFixtures.assessmentWithSubmissions(api, "peer-none", List.of("x"));
        Api.Response none = api.get("/v1/assessments/" + plain + "/peer-grades");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().get("detail").asText()).contains("not peer reviewed");
        Api ann = learner(api, "ann");
        assertThat(ann.post("/v1/reviews/" + unknown, review(2, 1)).status()).isEqualTo(404);
        assertThat(ann.post("/v1/assessments/" + plain + "/reviews:next", "").status()).isEqualTo(404);
        assertThat(api.post("/v1/assessments/" + plain + "/reviews:next", "").status()).isEqualTo(403);
        assertThat(ann.get("/v1/assessments/" + plain + "/peer-review").status()).isEqualTo(403);
    }

    @Test
    void calibrated_reviewers_review_peers_and_grades_become_final_and_visible() {
        List<String> names = PeerFixtures.learners("fl", 6);
        String id = PeerFixtures.assessmentWithSubmissions(api, "peer-flow", names);
        // The review deadline has passed: grades with k reviews are final at once.
        assertThat(api.put("/v1/assessments/" + id + "/peer-review",
                config(3, 0, true, Instant.now().minus(Duration.ofMinutes(1)))).status()).isEqualTo(200);
        Map<String, Api> learners = new HashMap<>();
        names.forEach(n -> learners.put(n, learner(api, n)));
        Api first = learners.get("fl0");

        Api.Response gated = first.post("/v1/assessments/" + id + "/reviews:next", "");
        assertThat(gated.status()).isEqualTo(409);
        assertThat(gated.json().get("type").asText()).endsWith("/calibration-required");
        assertThat(fields(gated)).containsExactly("calibration");

        JsonNode status = first.get("/v1/assessments/" + id + "/calibration").json();
        assertThat(status.get("state").asText()).isEqualTo("required");
        assertThat(status.at("/next/exampleId").asText()).isEqualTo("ex1");
        Api.Response badAttempt = first.post("/v1/assessments/" + id + "/calibration",
                Map.of("exampleId", "ex1", "scores", Map.of("ideas", 3, "style", "one")));
        assertThat(fields(badAttempt)).containsExactlyInAnyOrder("scores.style");
        Api.Response fail = first.post("/v1/assessments/" + id + "/calibration",
                Map.of("exampleId", "ex1", "scores", Map.of("ideas", 4, "style", 1)));
        assertThat(fail.status()).as(fail.body()).isEqualTo(201);
        assertThat(fail.json().at("/attempt/passed").asBoolean()).isFalse();
        assertThat(fail.json().at("/attempt/criteria/0/withinTolerance").asBoolean()).isFalse();
        assertThat(fail.json().get("state").asText()).isEqualTo("required");
        // The failed attempt showed ex1's staff scores: trying ex1 again with them would pass without judging.
        Api.Response repeat = first.post("/v1/assessments/" + id + "/calibration",
                Map.of("exampleId", "ex1", "scores", Map.of("ideas", 2, "style", 1)));
        assertThat(repeat.status()).as(repeat.body()).isEqualTo(409);
        assertThat(fields(repeat)).containsExactly("exampleId");
        Api.Response pass = first.post("/v1/assessments/" + id + "/calibration",
                Map.of("exampleId", "ex2", "scores", Map.of("ideas", 4, "style", 1)));
        assertThat(pass.json().get("state").asText()).isEqualTo("passed");
        for (String n : names.subList(1, names.size())) {
            learners.get(n).post("/v1/assessments/" + id + "/calibration", Map.of("exampleId", "ex1", "scores", Map.of("ideas", 2, "style", 1)));
        }

        Api.Response lease = first.post("/v1/assessments/" + id + "/reviews:next", "");
        assertThat(lease.status()).as(lease.body()).isEqualTo(200);
        String leaseId = lease.json().get("leaseId").asText();
        assertThat(lease.json().at("/submission/learnerId").isMissingNode() || true).isTrue();
        assertThat(first.post("/v1/assessments/" + id + "/reviews/next", "").json().get("leaseId").asText())
                .as("asking again returns the lease already held").isEqualTo(leaseId);
        Api.Response invalid = first.post("/v1/reviews/" + leaseId,
                Map.of("scores", Map.of("ideas", 3, "mood", 1), "comments", Map.of("feedback", "ok")));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(fields(invalid)).containsExactlyInAnyOrder("scores.ideas", "scores.style", "scores.mood", "comments.feedback");
        assertThat(learners.get("fl1").post("/v1/reviews/" + leaseId, review(2, 1)).status())
                .as("someone else's lease").isEqualTo(404);
        assertThat(first.post("/v1/reviews/" + leaseId, review(2, 1)).status()).isEqualTo(200);
        assertThat(first.post("/v1/reviews/" + leaseId, review(2, 1)).status()).isEqualTo(409);
        // A first review: the reviewer's calibration against staff scores is what their reliability rests on.
        JsonNode early = api.get("/v1/assessments/" + id + "/peer-reviewers").json().at("/items/0");
        assertThat(early.get("reliability").asDouble()).as(early.toString()).isBetween(0.01, 100.0);

        // Everyone reviews until nothing is left; 6 learners × 3 reviews = 18 = 6 submissions × k.
        int given = 1;
        for (int round = 0; round < 10; round++) {
            for (String n : names) {
                Api.Response next = learners.get(n).post("/v1/assessments/" + id + "/reviews:next", "");
                if (next.status() == 204) {
                    continue;
                }
                assertThat(next.status()).as(next.body()).isEqualTo(200);
                int ideas = n.equals("fl5") ? 4 : 2; // fl5 is generous
                assertThat(learners.get(n).post("/v1/reviews/" + next.json().get("leaseId").asText(), review(ideas, 1)).status()).isEqualTo(200);
                given++;
            }
        }
        assertThat(given).isEqualTo(18);

        JsonNode grades = api.get("/v1/assessments/" + id + "/peer-grades").json();
        assertThat(grades.get("items")).hasSize(6);
        grades.get("items").forEach(g -> {
            assertThat(g.get("countedReviews").asInt()).isEqualTo(3);
            assertThat(g.get("status").asText()).isEqualTo("final");
            assertThat(g.at("/interval/low").asDouble()).isLessThanOrEqualTo(g.get("score").asDouble());
        });
        JsonNode reviewers = api.get("/v1/assessments/" + id + "/peer-reviewers").json().get("items");
        assertThat(reviewers).hasSize(6);
        double generous = 0;
        double others = 0;
        for (JsonNode r : reviewers) {
            if (r.get("reviewerId").asText().equals("fl5")) {
                generous = r.get("bias").asDouble();
            } else {
                others = Math.max(others, r.get("bias").asDouble());
            }
        }
        assertThat(generous).as("the generous reviewer's bias").isGreaterThan(others);
        reviewers.forEach(r -> assertThat(r.get("reliability").isNumber()).as(r.toString()).isTrue());

        // Reviewing scores: every grade is final, so every review is judged; the generous reviewer was further from
        // the final grades than fl0.
        JsonNode mineScore = first.get("/v1/assessments/" + id + "/reviewing-score").json();
        assertThat(mineScore.get("completed").asInt()).isPositive();
        assertThat(mineScore.get("judged").asInt()).isEqualTo(mineScore.get("completed").asInt());
        assertThat(mineScore.get("required").asInt()).isEqualTo(3);
        JsonNode generousScore = learners.get("fl5").get("/v1/assessments/" + id + "/reviewing-score").json();
        assertThat(generousScore.get("completed").asInt()).isPositive();
        assertThat(generousScore.get("meanAbsoluteError").asDouble())
                .isGreaterThan(mineScore.get("meanAbsoluteError").asDouble());
        assertThat(generousScore.get("score").asDouble()).isLessThan(mineScore.get("score").asDouble());
        assertThat(reviewers.get(0).at("/reviewing/score").isNumber()).isTrue();

        // Read once the publisher has written the final grade: until then the view shows the model's live estimate,
        // which a later recompute (a reviewer's reviews counted again) may move, while a published grade stands.
        String mySubmission = first.get("/v1/assessments/" + id + "/received-reviews").json().get("submissionId").asText();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() ->
                api.get("/v1/submissions/" + mySubmission).json().at("/result/peerGrade/status").asText().equals("final"));
        JsonNode mine = first.get("/v1/assessments/" + id + "/received-reviews").json();
        assertThat(mine.get("status").asText()).isEqualTo("final");
        assertThat(mine.get("items")).hasSize(3);
        String reviewId = mine.at("/items/0/id").asText();
        assertThat(fields(first.post("/v1/reviews/" + reviewId + "/rating", Map.of("helpfulness", 9)))).containsExactly("helpfulness");
        assertThat(first.post("/v1/reviews/" + reviewId + "/rating", Map.of("helpfulness", 2, "flag", true, "reason", "rude")).status()).isEqualTo(200);
        // The answer is the rating as stored, not only the fields sent (found in QA: the flag was left out).
        JsonNode rerated = first.post("/v1/reviews/" + reviewId + "/rating", Map.of("helpfulness", 4)).json();
        assertThat(rerated.get("helpfulness").asInt()).isEqualTo(4);
        assertThat(rerated.get("flagged").asBoolean()).isTrue();
        assertThat(learners.get("fl1").post("/v1/reviews/" + reviewId + "/rating", Map.of("helpfulness", 1)).status())
                .as("only the author rates").isEqualTo(404);
        assertThat(first.get("/v1/assessments/" + id + "/received-reviews").json().at("/items/0/flagged").asBoolean()).isTrue();

        // Staff see the flag, its reason and the rating: in the reviews list and in the reviewer's summary.
        JsonNode flaggedReviews = api.get("/v1/assessments/" + id + "/reviews?flagged=true").json().get("items");
        assertThat(flaggedReviews).hasSize(1);
        JsonNode flaggedReview = flaggedReviews.get(0);
        assertThat(flaggedReview.get("id").asText()).isEqualTo(reviewId);
        assertThat(flaggedReview.get("flagReason").asText()).isEqualTo("rude");
        assertThat(flaggedReview.get("helpfulness").asInt()).isEqualTo(4);
        assertThat(flaggedReview.get("authorId").asText()).isEqualTo("fl0");
        String flaggedReviewer = flaggedReview.get("reviewerId").asText();
        assertThat(api.get("/v1/assessments/" + id + "/reviews?reviewerId=" + flaggedReviewer).json().get("items"))
                .allSatisfy(r -> assertThat(r.get("reviewerId").asText()).isEqualTo(flaggedReviewer));
        assertThat(api.get("/v1/assessments/" + id + "/reviews?flagged=false").json().get("items"))
                .noneSatisfy(r -> assertThat(r.get("id").asText()).isEqualTo(reviewId));
        JsonNode summary = java.util.stream.StreamSupport.stream(api.get("/v1/assessments/" + id + "/peer-reviewers")
                        .json().get("items").spliterator(), false)
                .filter(r -> r.get("reviewerId").asText().equals(flaggedReviewer)).findFirst().orElseThrow();
        assertThat(summary.at("/ratings/flagged").asInt()).isEqualTo(1);
        assertThat(summary.at("/ratings/rated").asInt()).isEqualTo(1);
        assertThat(summary.at("/ratings/meanHelpfulness").asDouble()).isEqualTo(4.0);
        JsonNode firstPage = api.get("/v1/assessments/" + id + "/reviews?limit=2").json();
        assertThat(firstPage.get("items")).hasSize(2);
        JsonNode secondPage = api.get(firstPage.get("next").asText()).json();
        assertThat(secondPage.at("/items/0/id").asText()).isNotIn(firstPage.findValuesAsText("id"));
        assertThat(fields(api.get("/v1/assessments/" + id + "/reviews?flagged=maybe"))).containsExactly("flagged");
        assertThat(fields(api.get("/v1/assessments/" + id + "/reviews?submissionId=12"))).containsExactly("submissionId");
        assertThat(first.get("/v1/assessments/" + id + "/reviews").status()).as("staff only").isEqualTo(403);

        String submission = mine.get("submissionId").asText();
        assertThat(fields(api.put("/v1/submissions/" + submission + "/peer-grade", Map.of("score", 60, "reason", "x")))).containsExactly("score");
        assertThat(api.put("/v1/submissions/" + submission + "/peer-grade", Map.of("score", 5.5, "reason", "staff regrade")).status()).isEqualTo(200);
        JsonNode overridden = first.get("/v1/assessments/" + id + "/received-reviews").json();
        assertThat(overridden.get("status").asText()).isEqualTo("overridden");
        assertThat(overridden.get("score").asDouble()).isEqualTo(5.5);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                Math.abs(api.get("/v1/submissions/" + submission).json().path("score").asDouble() - 5.5 / 6 * 3) < 1e-9);

        // Staff take the override back: the peers' grade stands again, in the views and in the submission's score.
        assertThat(api.delete("/v1/submissions/" + submission + "/peer-grade").status()).isEqualTo(204);
        JsonNode restored = first.get("/v1/assessments/" + id + "/received-reviews").json();
        assertThat(restored.get("status").asText()).isEqualTo("final");
        assertThat(restored.get("score").asDouble()).isEqualTo(mine.get("score").asDouble());
        // On the quiz's 3 points, to a thousandth of a point.
        await().atMost(Duration.ofSeconds(30)).until(() -> Math.abs(api.get("/v1/submissions/" + submission).json()
                .path("score").asDouble() - mine.get("score").asDouble() / 6 * 3) <= 1e-3);
        Api.Response again = api.delete("/v1/submissions/" + submission + "/peer-grade");
        assertThat(again.status()).isEqualTo(404);
        assertThat(fields(again)).containsExactly("submissionId");
    }

    @Test
    void nothing_to_review_is_204_and_grades_stay_hidden_until_final() {
        List<String> names = PeerFixtures.learners("hid", 3);
        String id = PeerFixtures.assessmentWithSubmissions(api, "peer-hidden", names);
        api.put("/v1/assessments/" + id + "/peer-review", config(2, 0, false, Instant.now().plus(Duration.ofDays(3))));
        Api a = learner(api, "hid0");
        Api loner = learner(api, "nobody");
        for (int i = 0; i < 2; i++) {
            Api.Response next = a.post("/v1/assessments/" + id + "/reviews:next", "");
            assertThat(next.status()).isEqualTo(200);
            assertThat(next.json().get("submissionId").asText()).isNotBlank();
            assertThat(a.post("/v1/reviews/" + next.json().get("leaseId").asText(), review(4, 2)).status()).isEqualTo(200);
        }
        assertThat(a.post("/v1/assessments/" + id + "/reviews:next", "").status())
                .as("own submission only left").isEqualTo(204);
        assertThat(loner.get("/v1/assessments/" + id + "/received-reviews").status()).isEqualTo(404);
        JsonNode pending = learner(api, "hid1").get("/v1/assessments/" + id + "/received-reviews").json();
        assertThat(pending.get("status").asText()).isEqualTo("pending");
        assertThat(pending.has("items")).isFalse();
        assertThat(pending.has("score")).isFalse();

        // hid0 gave both reviews owed, but no grade is final yet: nothing to judge accuracy by, so no credit for it.
        JsonNode score = a.get("/v1/assessments/" + id + "/reviewing-score").json();
        assertThat(score.get("completed").asInt()).isEqualTo(2);
        assertThat(score.get("judged").asInt()).isZero();
        assertThat(score.get("accuracy").isNull()).as(score.toString()).isTrue();
        assertThat(score.get("score").asDouble()).isEqualTo(50.0);
        JsonNode staffView = api.get("/v1/assessments/" + id + "/peer-reviewers").json().at("/items/0/reviewing");
        assertThat(staffView.get("accuracy").isNull()).as(staffView.toString()).isTrue();
        // A learner with no review yet gets the same fields, not two of them (found in QA).
        JsonNode none = learner(api, "hid2").get("/v1/assessments/" + id + "/reviewing-score").json();
        assertThat(none.get("completed").asInt()).as(none.toString()).isZero();
        assertThat(none.get("required").asInt()).isEqualTo(score.get("required").asInt());
        assertThat(none.get("judged").asInt()).isZero();
        assertThat(none.get("accuracy").isNull()).isTrue();
    }

    @Test
    void an_expired_lease_gives_its_submission_back_to_the_queue() throws Exception {
        String id = PeerFixtures.assessmentWithSubmissions(api, "peer-expiry", PeerFixtures.learners("ex", 2));
        assertThat(api.put("/v1/assessments/" + id + "/peer-review",
                PeerFixtures.anyoneReviews(config(1, 0, false, Instant.now().plus(Duration.ofDays(1))))).status()).isEqualTo(200);
        Api a = learner(api, "rvA");
        Api b = learner(api, "rvB");
        Api c = learner(api, "rvC");
        Api.Response leaseA = a.post("/v1/assessments/" + id + "/reviews:next", "");
        String taken = leaseA.json().get("submissionId").asText();
        assertThat(b.post("/v1/assessments/" + id + "/reviews:next", "").json().get("submissionId").asText())
                .isNotEqualTo(taken);
        assertThat(c.post("/v1/assessments/" + id + "/reviews:next", "").status()).as("both at k").isEqualTo(204);

        // rvA's lease runs out; the sweep gives its place in the queue back.
        var pg = node.pg();
        try (var conn = java.sql.DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
            conn.createStatement().executeUpdate(
                    "UPDATE peer_reviews SET expires_at = now() - interval '1 second' WHERE reviewer_id = 'rvA'");
        }
        assertThat(node.node().services().peer().leases().releaseExpired()
                .toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS)).isOne();
        Api.Response again = c.post("/v1/assessments/" + id + "/reviews:next", "");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("submissionId").asText()).isEqualTo(taken);
        // A late review under the lapsed lease is still accepted.
        assertThat(a.post("/v1/reviews/" + leaseA.json().get("leaseId").asText(), review(2, 1)).status()).isEqualTo(200);
    }

    @Test
    void reviews_that_stop_counting_send_the_submission_out_again_and_short_ones_go_to_staff() throws Exception {
        List<String> names = PeerFixtures.learners("tu", 3);
        String id = PeerFixtures.assessmentWithSubmissions(api, "peer-topup", names);
        // The review deadline has passed with no grace: everything short of k is the staff's, and no peer gets it.
        Map<String, Object> config = PeerFixtures.anyoneReviews(config(1, 0, false, Instant.now().minus(Duration.ofMinutes(1))));
        config.put("staffGraceHours", 0);
        assertThat(api.put("/v1/assessments/" + id + "/peer-review", config).status()).isEqualTo(200);
        JsonNode grades = api.get("/v1/assessments/" + id + "/peer-grades").json().get("items");
        assertThat(grades).hasSize(3);
        grades.forEach(g -> assertThat(g.get("status").asText()).isEqualTo("staff"));
        assertThat(api.get("/v1/assessments/" + id + "/peer-grades?status=staff").json().get("items")).hasSize(3);
        assertThat(api.get("/v1/assessments/" + id + "/peer-grades?status=late").status()).isEqualTo(400);
        assertThat(learner(api, "tu0").post("/v1/assessments/" + id + "/reviews:next", "").status())
                .as("staff have taken over").isEqualTo(204);

        // Staff give peers an hour's grace after the deadline: work short of k goes out again until it ends.
        config.put("staffGraceHours", 1);
        assertThat(api.put("/v1/assessments/" + id + "/peer-review", config).status()).isEqualTo(200);
        Api t0 = learner(api, "tu0");
        Api.Response lease = t0.post("/v1/assessments/" + id + "/reviews:next", "");
        String reviewed = lease.json().get("submissionId").asText();
        assertThat(t0.post("/v1/reviews/" + lease.json().get("leaseId").asText(), review(4, 2)).status()).isEqualTo(200);

        // Two learners without submissions of their own take the two submissions still at 0; then all are full
        // (k = 1, no extra).
        Api t1 = learner(api, "rv1");
        Api t2 = learner(api, "rv2");
        for (Api a : List.of(t1, t2)) {
            Api.Response next = a.post("/v1/assessments/" + id + "/reviews:next", "");
            assertThat(next.json().get("submissionId").asText()).isNotEqualTo(reviewed);
            a.post("/v1/reviews/" + next.json().get("leaseId").asText(), review(2, 1));
        }
        Api t3 = learner(api, "rv3");
        assertThat(t3.post("/v1/assessments/" + id + "/reviews:next", "").status()).isEqualTo(204);
        // What the aggregation does on flagging tu0 lazy: their review stops counting toward k.
        assertThat(node.node().services().peer().store().setCounting(java.util.UUID.fromString(id), List.of("tu0"))
                .toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
        Api.Response again = t3.post("/v1/assessments/" + id + "/reviews:next", "");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("submissionId").asText()).isEqualTo(reviewed);
    }

    @Test
    void another_platforms_learner_cannot_touch_a_lease_and_bodies_are_strict() {
        List<String> names = PeerFixtures.learners("tn", 2);
        String id = PeerFixtures.assessmentWithSubmissions(api, "peer-tenancy", names);
        api.put("/v1/assessments/" + id + "/peer-review", config(1, 0, false, Instant.now().plus(Duration.ofDays(1))));
        Api mine = learner(api, "tn0");
        String leaseId = mine.post("/v1/assessments/" + id + "/reviews:next", "").json().get("leaseId").asText();
        Api other;
        try {
            other = learner(node.newPlatform("other"), "tn0");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertThat(other.post("/v1/reviews/" + leaseId, review(2, 1)).status()).isEqualTo(404);
        assertThat(other.post("/v1/assessments/" + id + "/reviews:next", "").status()).isEqualTo(404);
        assertThat(mine.post("/v1/reviews/" + leaseId, "[1]").status()).isEqualTo(400);
        Api.Response extraField = mine.post("/v1/reviews/" + leaseId, Map.of("scores", Map.of("ideas", 2, "style", 1),
                "comments", Map.of("feedback", "fine work here"), "grade", 3));
        assertThat(fields(extraField)).containsExactly("grade");
        assertThat(fields(mine.post("/v1/reviews/" + leaseId, Map.of("scores", Map.of("ideas", 2, "style", 1),
                "comments", Map.of("feedback", 7))))).containsExactly("comments.feedback");
        assertThat(fields(mine.post("/v1/assessments/" + id + "/reviews:next", Map.of("x", 1)))).containsExactly("x");
    }

    @Test
    void team_mates_never_review_each_other() {
        List<String> names = List.of("ta", "tb", "tc", "td");
        String id = PeerFixtures.assessmentWithSubmissions(api, "peer-teams", names);
        Map<String, Object> config = new HashMap<>(config(1, 1, false, Instant.now().plus(Duration.ofDays(1))));
        config.put("teams", List.of(Map.of("id", "red", "members", List.of("ta", "tb")), Map.of("id", "blue", "members", List.of("tb"))));
        assertThat(fields(api.put("/v1/assessments/" + id + "/peer-review", config))).containsExactly("teams[1].members[0]");
        config.put("teams", List.of(Map.of("id", "red", "members", List.of("ta", "tb"))));
        Api.Response stored = api.put("/v1/assessments/" + id + "/peer-review", config);
        assertThat(stored.json().at("/config/teams/0/members")).hasSize(2);

        Map<String, String> authors = new HashMap<>();
        JsonNode grades = api.get("/v1/assessments/" + id + "/peer-grades").json().get("items");
        grades.forEach(g -> authors.put(g.get("submissionId").asText(), g.get("learnerId").asText()));
        Api ta = learner(api, "ta");
        List<String> reviewed = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Api.Response next = ta.post("/v1/assessments/" + id + "/reviews:next", "");
            if (next.status() == 204) {
                break;
            }
            reviewed.add(authors.get(next.json().get("submissionId").asText()));
            ta.post("/v1/reviews/" + next.json().get("leaseId").asText(), review(2, 1));
        }
        assertThat(reviewed).containsExactlyInAnyOrder("tc", "td");
    }

    @Test
    void only_learners_who_submitted_review_unless_staff_open_reviewing_to_anyone() {
        List<String> names = List.of("sa", "sb");
        String id = PeerFixtures.assessmentWithSubmissions(api, "peer-submitters", names);
        Map<String, Object> config = new HashMap<>(config(1, 1, false, Instant.now().plus(Duration.ofDays(1))));
        // sc has submitted nothing; sd has not either, but is in a team with sb, who submitted for both.
        config.put("teams", List.of(Map.of("id", "pair", "members", List.of("sb", "sd"))));
        Api.Response stored = api.put("/v1/assessments/" + id + "/peer-review", config);
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(stored.json().at("/config/reviewersMustSubmit").asBoolean()).as("the default").isTrue();

        Api.Response refused = learner(api, "sc").post("/v1/assessments/" + id + "/reviews:next", "");
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("type").asText()).endsWith("/submission-required");
        assertThat(fields(refused)).containsExactly("learnerId");
        assertThat(learner(api, "sa").post("/v1/assessments/" + id + "/reviews:next", "").status()).isEqualTo(200);
        assertThat(learner(api, "sd").post("/v1/assessments/" + id + "/reviews:next", "").status())
                .as("a team-mate's submission counts").isEqualTo(200);

        config.put("reviewersMustSubmit", false);
        Api.Response opened = api.put("/v1/assessments/" + id + "/peer-review", config);
        assertThat(opened.status()).isEqualTo(200);
        assertThat(opened.json().at("/config/reviewersMustSubmit").asBoolean()).as(opened.body()).isFalse();
        Api.Response open = learner(api, "sc").post("/v1/assessments/" + id + "/reviews:next", "");
        assertThat(open.status()).as(open.body()).isEqualTo(200);
        config.put("reviewersMustSubmit", "no");
        assertThat(fields(api.put("/v1/assessments/" + id + "/peer-review", config))).containsExactly("reviewersMustSubmit");
    }

    @Test
    void a_patch_changes_only_what_it_names_and_keeps_the_teams() {
        String id = PeerFixtures.assessmentWithSubmissions(api, "peer-patch", List.of("pa", "pb", "pc"));
        Map<String, Object> config = new HashMap<>(config(1, 1, false, Instant.now().plus(Duration.ofDays(1))));
        config.put("teams", List.of(Map.of("id", "red", "members", List.of("pa", "pb"))));
        String url = "/v1/assessments/" + id + "/peer-review";
        assertThat(api.put(url, config).status()).isEqualTo(200);

        String later = Instant.now().plus(Duration.ofDays(3)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        Api.Response patched = api.patch(url, Map.of("reviewDeadline", later, "leaseMinutes", 90));
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        assertThat(patched.json().at("/config/reviewDeadline").asText()).isEqualTo(later);
        assertThat(patched.json().at("/config/leaseMinutes").asInt()).isEqualTo(90);
        assertThat(patched.json().at("/config/teams/0/members")).as("kept").hasSize(2);
        assertThat(patched.json().at("/config/rubric/criteria")).hasSize(2);
        assertThat(patched.json().get("version").asInt()).isEqualTo(2);

        // Nothing changed is not a new version, whether an empty patch or the stored configuration sent again.
        Api.Response same = api.patch(url, Map.of());
        assertThat(same.status()).as(same.body()).isEqualTo(200);
        assertThat(same.json().get("version").asInt()).isEqualTo(2);
        assertThat(api.put(url, Json.MAPPER.convertValue(same.json().get("config"), Map.class)).json().get("version")
                .asInt()).isEqualTo(2);
        assertThat(api.patch(url, Map.of("leaseMinutes", 91)).json().get("version").asInt()).isEqualTo(3);

        // Calibration that is off still shows its settings, and one of them can be patched before examples exist.
        assertThat(patched.json().at("/config/calibration/required").asBoolean()).isFalse();
        Api.Response tolerance = api.patch(url, Map.of("calibration", Map.of("tolerance", 2)));
        assertThat(tolerance.status()).as(tolerance.body()).isEqualTo(200);
        assertThat(tolerance.json().at("/config/calibration/tolerance").asDouble()).isEqualTo(2);
        assertThat(tolerance.json().at("/config/calibration/required").asBoolean()).isFalse();

        // Bad values are named as in a PUT; a null removes a setting (back to its default).
        assertThat(fields(api.patch(url, Map.of("leaseMinutes", 0)))).containsExactly("leaseMinutes");
        assertThat(fields(api.patch(url, Map.of("colour", "red")))).containsExactly("colour");
        Map<String, Object> noTeams = new HashMap<>();
        noTeams.put("teams", null);
        assertThat(api.patch(url, noTeams).json().at("/config/teams").isMissingNode()).isTrue();
        assertThat(api.patch("/v1/assessments/" + java.util.UUID.randomUUID() + "/peer-review", Map.of("leaseMinutes", 5))
                .status()).isEqualTo(404);
        String plain = PeerFixtures.assessmentWithSubmissions(api, "peer-patch", List.of());
        Api.Response notPeer = api.patch("/v1/assessments/" + plain + "/peer-review", Map.of("leaseMinutes", 5));
        assertThat(notPeer.status()).isEqualTo(404);
        assertThat(fields(notPeer)).containsExactly("assessmentId");
    }
    @Test
    void peer_review_is_removed_while_no_work_would_be_lost_and_its_versions_never_repeat() {
        String id = PeerFixtures.assessmentWithSubmissions(api, "peer-remove", List.of("ra", "rb", "rc"));
        String url = "/v1/assessments/" + id + "/peer-review";
        Map<String, Object> config = config(1, 1, false, Instant.now().plus(Duration.ofDays(1)));
        assertThat(api.put(url, config).json().get("version").asInt()).isEqualTo(1);
        Api ra = learner(api, "ra");
        Api.Response lease = ra.post("/v1/assessments/" + id + "/reviews:next", "");
        assertThat(lease.status()).as(lease.body()).isEqualTo(200);
        String submission = api.get("/v1/learners/ra/submissions").json().at("/items/0/id").asText();
        assertThat(api.get("/v1/submissions/" + submission).json().at("/peerReview/status").asText()).isEqualTo("awaiting");

        // Not while the course's policy needs reviews that only this assessment offers.
        String policyUrl = "/v1/courses/peer-remove/grading-policy";
        Map<String, Object> rules = new HashMap<>(Map.of("categories", List.of(Map.of("id", "q", "weight", 100,
                "assessments", List.of(id))), "passMark", 60, "minPeerReviewsGiven", 3));
        Api.Response tooMany = api.put(policyUrl, rules);
        assertThat(tooMany.status()).as(tooMany.body()).isEqualTo(400);
        assertThat(fields(tooMany)).containsExactly("minPeerReviewsGiven");
        assertThat(tooMany.json().at("/errors/0/message").asText()).contains("at most 2");
        rules.put("minPeerReviewsGiven", 2);
        assertThat(api.put(policyUrl, rules).status()).isEqualTo(200);
        Api.Response needed = api.delete(url);
        assertThat(needed.status()).as(needed.body()).isEqualTo(409);
        assertThat(fields(needed)).containsExactly("assessmentId");
        assertThat(needed.json().get("detail").asText()).contains("requires 2 peer reviews");
        Api.Response fewer = api.patch(url, Map.of("extraReviews", 0));
        assertThat(fewer.status()).as(fewer.body()).isEqualTo(409);
        assertThat(fields(fewer)).containsExactly("reviewsPerSubmission");
        rules.put("minPeerReviewsGiven", 0);
        assertThat(api.put(policyUrl, rules).status()).isEqualTo(200);

        // An open lease is not work: the configuration goes, with the lease.
        assertThat(api.delete(url).status()).isEqualTo(204);
        assertThat(fields(api.get(url))).containsExactly("assessmentId");
        assertThat(fields(api.delete(url))).containsExactly("assessmentId");
        assertThat(ra.post("/v1/assessments/" + id + "/reviews:next", "").status()).isEqualTo(404);
        JsonNode plain = ra.get("/v1/submissions/" + submission).json();
        assertThat(plain.has("peerReview")).as(plain.toString()).isFalse();
        assertThat(plain.get("score").asDouble()).as("the quiz's own score counts again").isEqualTo(3.0);
        assertThat(api.delete("/v1/assessments/" + UUID.randomUUID() + "/peer-review").status()).isEqualTo(404);
        // A patch needs a configuration to apply to; it does not bring a removed one back.
        assertThat(fields(api.patch(url, Map.of("leaseMinutes", 45)))).containsExactly("assessmentId");

        // Configured again: a new version number, so no node's cached copy of the removed one passes for it, and the
        // queue starts empty (the removed lease no longer holds a place).
        // The course's policy counts this quiz's graded work, which would wait for peers again: staff say so.
        assertThat(fields(api.put(url, config))).containsExactly("applyToGradedWork");
        assertThat(api.put(url + "?applyToGradedWork=true", config).json().get("version").asInt()).isEqualTo(2);
        Api.Response again = ra.post("/v1/assessments/" + id + "/reviews:next", "");
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("leaseId").asText()).isNotEqualTo(lease.json().get("leaseId").asText());
        assertThat(ra.post("/v1/reviews/" + again.json().get("leaseId").asText(), review(2, 1)).status()).isEqualTo(200);

        // A completed review would be lost: refused, naming what exists.
        Api.Response refused = api.delete(url);
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(fields(refused)).containsExactly("assessmentId");
        assertThat(refused.json().get("detail").asText()).contains("1 completed review(s)");
        assertThat(api.get(url).status()).isEqualTo(200);
    }

    /**
     * A removal racing the work it must not lose: whichever commits first, a review (or calibration attempt, or
     * override) acknowledged to its sender is never removed with the configuration, and a patch racing the removal
     * never brings the configuration back. Which interleaving each round gets varies; the invariant holds in all.
     */
    @Test
    void a_removal_racing_reviews_overrides_and_patches_never_loses_acknowledged_work() throws Exception {
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 6; round++) {
                int r = round;
                String id = PeerFixtures.assessmentWithSubmissions(api, "peer-race", List.of("xa" + round, "xb" + round));
                String url = "/v1/assessments/" + id + "/peer-review";
                assertThat(api.put(url, config(1, 1, false, Instant.now().plus(Duration.ofDays(1)))).status()).isEqualTo(200);
                Api reviewer = learner(api, "xa" + round);
                String lease = reviewer.post("/v1/assessments/" + id + "/reviews:next", "").json().get("leaseId").asText();
                String other = api.get("/v1/learners/xb" + round + "/submissions").json().at("/items/0/id").asText();

                var review = pool.submit(() -> r % 2 == 0 ? reviewer.post("/v1/reviews/" + lease, review(2, 1))
                        : api.put("/v1/submissions/" + other + "/peer-grade", Map.of("score", 3, "reason", "staff")));
                var removal = pool.submit(() -> api.delete(url));
                int kept = review.get().status();
                int removed = removal.get().status();
                assertThat(kept == 200 && removed == 204).as("round " + round + ": work acknowledged and removed").isFalse();
                if (kept == 200) {
                    assertThat(removed).isEqualTo(409);
                    assertThat(api.delete(url).status()).as("the work is still there").isEqualTo(409);
                }

                // A patch racing a removal: if the removal answered 204, the configuration is gone for good.
                String id2 = PeerFixtures.assessmentWithSubmissions(api, "peer-race", List.of());
                String url2 = "/v1/assessments/" + id2 + "/peer-review";
                assertThat(api.put(url2, config(1, 1, false, Instant.now().plus(Duration.ofDays(1)))).status()).isEqualTo(200);
                var patch = pool.submit(() -> api.patch(url2, Map.of("leaseMinutes", 40 + r)));
                var delete = pool.submit(() -> api.delete(url2));
                patch.get();
                if (delete.get().status() == 204) {
                    assertThat(api.get(url2).status()).as("round " + round + ": removed, then patched back").isEqualTo(404);
                }

                // Two removals in a course whose policy needs the reviews of one of them: never both.
                String course = "peer-race-policy-" + round;
                String first = PeerFixtures.assessmentWithSubmissions(api, course, List.of());
                String second = PeerFixtures.assessmentWithSubmissions(api, course, List.of());
                for (String a : List.of(first, second)) {
                    assertThat(api.put("/v1/assessments/" + a + "/peer-review",
                            config(1, 1, false, Instant.now().plus(Duration.ofDays(1)))).status()).isEqualTo(200);
                }
                assertThat(api.put("/v1/courses/" + course + "/grading-policy", Map.of("categories", List.of(Map.of(
                        "id", "q", "weight", 100, "assessments", List.of(first, second))), "passMark", 60,
                        "minPeerReviewsGiven", 2)).status()).isEqualTo(200);
                var one = pool.submit(() -> api.delete("/v1/assessments/" + first + "/peer-review"));
                var two = pool.submit(() -> api.delete("/v1/assessments/" + second + "/peer-review"));
                assertThat(List.of(one.get().status(), two.get().status())).as("round " + round)
                        .containsExactlyInAnyOrder(204, 409);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
