package dev.assay.engine.peer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An upload assessment (a text and/or text files, graded only by people), end to end over HTTP: strict definitions
 * and responses, submissions stored as awaiting review with no score, peers reviewing them under a rubric, and the
 * final peer grade becoming the submission's score.
 */
class UploadPeerFlowTest {
    static TestNode node;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        api = node.newPlatform("upload");
        assertThat(api.put("/v1/courses/up", Map.of("title", "Uploads")).status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void uploads_are_checked_stored_for_review_and_graded_by_peers() {
        Api.Response bad = api.post("/v1/courses/up/assessments", Map.of("title", "Report", "kind", "upload",
                "definition", Map.of("title", "Report", "maxFiles", -1, "colour", "red")));
        assertThat(bad.status()).as(bad.body()).isBetween(400, 422);
        assertThat(PeerFixtures.fields(bad)).contains("definition.maxFiles", "definition.colour");

        Api.Response created = api.post("/v1/courses/up/assessments", Map.of("title", "Report", "kind", "upload",
                "definition", Map.of("title", "Lab report", "instructions", "Upload your report", "maxChars", 2000,
                        "maxFiles", 2)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();

        // Bad work is refused, naming what to fix.
        assertThat(PeerFixtures.fields(submit(id, "u9", Map.of("text", "")))).containsExactly("text");
        assertThat(PeerFixtures.fields(submit(id, "u9", Map.of("files", Map.of("../etc/passwd", "x")))))
                .containsExactly("files.../etc/passwd");
        assertThat(PeerFixtures.fields(submit(id, "u9", Map.of("text", "x".repeat(2001))))).containsExactly("text");
        // Characters as a reader counts them: 2,000 emoji fit, though Java holds each as two UTF-16 units.
        assertThat(submit(id, "u0", Map.of("text", "\uD83D\uDE00".repeat(2000))).status()).isEqualTo(201); // superseded below
        assertThat(PeerFixtures.fields(submit(id, "u9", Map.of("files", Map.of("a.txt", "1", "b.txt", "2", "c.txt", "3")))))
                .containsExactly("files");
        assertThat(PeerFixtures.fields(submit(id, "u9", Map.of("answers", Map.of())))).contains("answers");

        List<String> names = PeerFixtures.learners("u", 3);
        for (String n : names) {
            Api.Response r = submit(id, n, Map.of("text", "My report, by " + n,
                    "files", Map.of("data/results.csv", "x,y\n1,2\n")));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            assertThat(r.json().get("status").asText()).isEqualTo("routed");
            assertThat(r.json().path("score").isNumber()).as("no score until people grade it").isFalse();
        }

        assertThat(api.put("/v1/assessments/" + id + "/peer-review",
                PeerFixtures.config(1, 1, false, Instant.now().plus(Duration.ofDays(1)))).status()).isEqualTo(200);
        for (String n : names) {
            Api learner = PeerFixtures.learner(api, n);
            Api.Response next = learner.post("/v1/assessments/" + id + "/reviews:next", "");
            assertThat(next.status()).as(next.body()).isEqualTo(200);
            assertThat(next.json().at("/submission/files/data~1results.csv").asText()).isEqualTo("x,y\n1,2\n");
            assertThat(learner.post("/v1/reviews/" + next.json().get("leaseId").asText(), PeerFixtures.review(4, 1))
                    .status()).isEqualTo(200);
        }
        assertThat(api.post("/v1/assessments/" + id + "/regrade", "").status()).isEqualTo(409);
        // Two reviewers scored the same work alike and one scored work nobody else did. Agreement so far bounds the
        // reliability by the rubric's step (1 point: 12), not the fit's 1e12; the lone reviewer is unknown.
        JsonNode reviewers = api.get("/v1/assessments/" + id + "/peer-reviewers").json().get("items");
        assertThat(reviewers).hasSize(3);
        long unknown = java.util.stream.StreamSupport.stream(reviewers.spliterator(), false)
                .filter(r -> r.get("reliability").isNull() && r.get("bias").isNull()).count();
        assertThat(unknown).as(reviewers.toString()).isEqualTo(1);
        reviewers.forEach(r -> assertThat(r.get("reliability").asDouble()).as(r.toString()).isLessThanOrEqualTo(12.0));

        // The review window closes: the peer grades become final and are written into the submissions.
        assertThat(api.put("/v1/assessments/" + id + "/peer-review",
                PeerFixtures.config(1, 1, false, Instant.now().minus(Duration.ofMinutes(1)))).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> "graded".equals(
                api.get("/v1/learners/u0/submissions").json().at("/items/0/status").asText()));
        JsonNode graded = api.get("/v1/learners/u0/submissions").json().at("/items/0");
        JsonNode peer = api.get("/v1/assessments/" + id + "/peer-grades").json().get("items");
        double u0 = java.util.stream.StreamSupport.stream(peer.spliterator(), false)
                .filter(g -> g.get("learnerId").asText().equals("u0")).findFirst().orElseThrow().get("score").asDouble();
        // The peer grade (on the rubric's 6 points) is written on the upload's scale: its points, 100 by default.
        assertThat(graded.get("score").asDouble()).isEqualTo(u0 / 6 * 100, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(u0).isBetween(3.0, 6.0);
        // "Your work will be graded by people" no longer holds once it has been.
        assertThat(graded.at("/result/learnerMessage").isMissingNode()).as(graded.toString()).isTrue();
        // Per criterion too, each on its own scale (ideas 0-4, style 0-2), for staff and, once final, the learner.
        JsonNode u0Grade = java.util.stream.StreamSupport.stream(peer.spliterator(), false)
                .filter(g -> g.get("learnerId").asText().equals("u0")).findFirst().orElseThrow();
        assertThat(u0Grade.at("/criteria/ideas/score").asDouble()).isBetween(2.0, 4.0);
        assertThat(u0Grade.at("/criteria/style/score").asDouble()).isBetween(0.5, 2.0);
        assertThat(u0Grade.at("/criteria/ideas/interval/high").asDouble()).isLessThanOrEqualTo(4.0);
        JsonNode received = PeerFixtures.learner(api, "u0").get("/v1/assessments/" + id + "/received-reviews").json();
        assertThat(received.get("status").asText()).isEqualTo("final");
        assertThat(received.at("/criteria/ideas/score").asDouble()).isEqualTo(u0Grade.at("/criteria/ideas/score").asDouble());
        assertThat(graded.get("maxScore").asDouble()).isEqualTo(100.0);
        assertThat(graded.at("/result/peerGrade/status").asText()).isEqualTo("final");
    }

    @Test
    void peers_review_the_submission_that_counts_not_late_work_that_does_not() {
        String id = api.post("/v1/courses/up/assessments", Map.of("title", "Late report", "kind", "upload",
                "definition", Map.of("title", "Report"))).json().get("id").asText();
        Api.Response onTime = submit(id, "w1", Map.of("text", "on time work"));
        assertThat(onTime.status()).as(onTime.body()).isEqualTo(201);
        assertThat(submit(id, "w2", Map.of("text", "w2 work")).status()).isEqualTo(201);
        // The deadline falls at w1's first submission; w1 then sends late work, which this assessment does not count.
        assertThat(api.put("/v1/assessments/" + id + "/deadline", Map.of("dueAt", onTime.json().get("createdAt").asText(),
                "lateSubmissions", "ignore")).status()).isEqualTo(200);
        Api.Response late = submit(id, "w1", Map.of("text", "LATE work"));
        assertThat(late.json().get("countsTowardGrade").asBoolean()).isFalse();
        assertThat(api.put("/v1/assessments/" + id + "/peer-review",
                PeerFixtures.config(1, 0, false, Instant.now().plus(Duration.ofDays(1)))).status()).isEqualTo(200);

        Api.Response next = PeerFixtures.learner(api, "w2").post("/v1/assessments/" + id + "/reviews:next", "");
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        assertThat(next.json().get("submissionId").asText()).isEqualTo(onTime.json().get("id").asText());
        assertThat(next.json().at("/submission/text").asText()).isEqualTo("on time work");
        JsonNode grades = api.get("/v1/assessments/" + id + "/peer-grades").json().get("items");
        assertThat(grades.findValuesAsText("submissionId")).contains(onTime.json().get("id").asText())
                .doesNotContain(late.json().get("id").asText());
        // An override of the late work would change nothing anyone sees: refused, naming the submission peers grade.
        Api.Response wrong = api.put("/v1/submissions/" + late.json().get("id").asText() + "/peer-grade",
                Map.of("score", 1, "reason", "x"));
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(409);
        assertThat(PeerFixtures.fields(wrong)).containsExactly("submission");
    }

    @Test
    void aStaffOverrideOfTheSubmissionTakesItOutOfTheStaffQueueAndShowsTheLearnerTheirReviews() {
        String id = api.post("/v1/courses/up/assessments", Map.of("title", "Queue", "kind", "upload",
                "definition", Map.of("title", "Queue"))).json().get("id").asText();
        String submission = submit(id, "q1", Map.of("text", "my essay")).json().get("id").asText();
        var config = new java.util.LinkedHashMap<>(PeerFixtures.config(1, 0, false, Instant.now().minus(Duration.ofMinutes(1))));
        config.put("staffGraceHours", 0);
        assertThat(api.put("/v1/assessments/" + id + "/peer-review", config).status()).isEqualTo(200);
        // No peer reviewed it by the deadline: staff must.
        assertThat(api.get("/v1/assessments/" + id + "/peer-grades?status=staff").json().get("items")).hasSize(1);

        assertThat(api.put("/v1/submissions/" + submission + "/override", Map.of("score", 4, "reason", "marked by staff"))
                .status()).isEqualTo(200);
        assertThat(api.get("/v1/assessments/" + id + "/peer-grades?status=staff").json().get("items")).isEmpty();
        JsonNode decided = api.get("/v1/assessments/" + id + "/peer-grades?status=overridden").json().at("/items/0");
        assertThat(decided.get("submissionId").asText()).isEqualTo(submission);
        assertThat(decided.get("uncertainPassFail").asBoolean()).isFalse();
        JsonNode mine = PeerFixtures.learner(api, "q1").get("/v1/assessments/" + id + "/received-reviews").json();
        assertThat(mine.get("status").asText()).as(mine.toString()).isEqualTo("overridden");
        assertThat(mine.get("items")).as("the reviews (none here) are shown once the grade stands").isEmpty();
    }

    @Test
    void removingAStaffOverrideFallsBackToThePeerGrade() {
        // Worth 12 points: a peer grade on the rubric's 6 counts double in the submission's score.
        String id = api.post("/v1/courses/up/assessments", Map.of("title", "Essay", "kind", "upload",
                "definition", Map.of("title", "Essay", "points", 12))).json().get("id").asText();
        String submission = submit(id, "o1", Map.of("text", "my essay")).json().get("id").asText();
        assertThat(api.put("/v1/assessments/" + id + "/peer-review",
                PeerFixtures.config(1, 0, false, Instant.now().minus(Duration.ofMinutes(1)))).status()).isEqualTo(200);
        assertThat(api.put("/v1/submissions/" + submission + "/peer-grade", Map.of("score", 5, "reason", "staff marked"))
                .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.get("/v1/submissions/" + submission).json().path("score").asDouble(-1) == 10.0);

        assertThat(api.put("/v1/submissions/" + submission + "/override", Map.of("score", 2, "reason", "appeal"))
                .status()).isEqualTo(200);
        assertThat(api.get("/v1/submissions/" + submission).json().get("score").asDouble()).isEqualTo(2.0);
        // The peer views say which score counts: they showed the peer override (5) while the course grade counted 2.
        JsonNode listed = api.get("/v1/assessments/" + id + "/peer-grades").json().at("/items/0");
        assertThat(listed.at("/override/score").asDouble()).isEqualTo(5.0);
        assertThat(listed.at("/submissionOverride/score").asDouble()).isEqualTo(2.0);
        assertThat(listed.at("/submissionOverride/countsInsteadOfPeerGrade").asBoolean()).isTrue();
        JsonNode mine = PeerFixtures.learner(api, "o1").get("/v1/assessments/" + id + "/received-reviews").json();
        assertThat(mine.at("/submissionOverride/score").asDouble()).as(mine.toString()).isEqualTo(2.0);
        assertThat(mine.at("/submissionOverride/reason").asText()).isEqualTo("appeal");
        assertThat(mine.at("/submissionOverride/by").isMissingNode()).isTrue();
        Api.Response peerAgain = api.put("/v1/submissions/" + submission + "/peer-grade", Map.of("score", 5, "reason", "re-marked"));
        assertThat(peerAgain.json().at("/submissionOverride/score").asDouble()).as(peerAgain.body()).isEqualTo(2.0);
        Api.Response cleared = api.send(api.request("/v1/submissions/" + submission + "/override").DELETE().build());
        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        JsonNode after = api.get("/v1/submissions/" + submission).json();
        assertThat(after.get("status").asText()).as(after.toString()).isEqualTo("graded");
        assertThat(after.get("score").asDouble()).isEqualTo(10.0);
        assertThat(after.get("maxScore").asDouble()).isEqualTo(12.0);
    }

    @Test
    void anAssessmentWhosePeerGradesCannotBePublishedDoesNotHoldUpTheOthers() throws Exception {
        String broken = api.post("/v1/courses/up/assessments", Map.of("title", "Broken", "kind", "upload",
                "definition", Map.of("title", "Broken"))).json().get("id").asText();
        String fine = api.post("/v1/courses/up/assessments", Map.of("title", "Fine", "kind", "upload",
                "definition", Map.of("title", "Fine", "points", 6))).json().get("id").asText();
        submit(broken, "b1", Map.of("text", "work"));
        String submission = submit(fine, "f1", Map.of("text", "work")).json().get("id").asText();
        Instant closed = Instant.now().minus(Duration.ofMinutes(1));
        assertThat(api.put("/v1/assessments/" + broken + "/peer-review", PeerFixtures.config(1, 0, false, closed))
                .status()).isEqualTo(200);
        // A stored configuration the publisher cannot read stands for any failure of one assessment's publication
        // (an aggregation that cannot settle, say); it is always first in line, having changed first.
        var pg = node.pg();
        try (var c = java.sql.DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             var st = c.createStatement()) {
            st.execute("UPDATE peer_review_configs SET config = '{\"unreadable\": true}', grades_changed_at = now() - interval '1 hour' "
                    + "WHERE assessment_id = '" + broken + "'");
        }
        assertThat(api.put("/v1/assessments/" + fine + "/peer-review", PeerFixtures.config(1, 0, false, closed))
                .status()).isEqualTo(200);
        assertThat(api.put("/v1/submissions/" + submission + "/peer-grade", Map.of("score", 4, "reason", "staff marked"))
                .status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.get("/v1/submissions/" + submission).json().path("score").asDouble(-1) == 4.0);
    }

    @Test
    void afterTheReviewDeadlineOnlyWorkShortOfKIsHandedOut() {
        String id = api.post("/v1/courses/up/assessments", Map.of("title", "Window", "kind", "upload",
                "definition", Map.of("title", "Window"))).json().get("id").asText();
        String first = submit(id, "x1", Map.of("text", "first work")).json().get("id").asText();
        String second = submit(id, "x2", Map.of("text", "second work")).json().get("id").asText();
        // k = 1 and one extra review: before the deadline a submission may get a second review. x3 reviews without
        // having submitted.
        assertThat(api.put("/v1/assessments/" + id + "/peer-review", PeerFixtures.anyoneReviews(
                PeerFixtures.config(1, 1, false, Instant.now().minus(Duration.ofMinutes(1))))).status()).isEqualTo(200);
        Api.Response byX2 = PeerFixtures.learner(api, "x2").post("/v1/assessments/" + id + "/reviews:next", "");
        assertThat(byX2.json().get("submissionId").asText()).isEqualTo(first);
        assertThat(PeerFixtures.learner(api, "x2").post("/v1/reviews/" + byX2.json().get("leaseId").asText(),
                PeerFixtures.review(4, 1)).status()).isEqualTo(200);

        // The first is final with its one review; the only work a reviewer gets now is the second, still at 0.
        Api.Response byX3 = PeerFixtures.learner(api, "x3").post("/v1/assessments/" + id + "/reviews:next", "");
        assertThat(byX3.json().get("submissionId").asText()).isEqualTo(second);
        assertThat(PeerFixtures.learner(api, "x3").post("/v1/reviews/" + byX3.json().get("leaseId").asText(),
                PeerFixtures.review(2, 1)).status()).isEqualTo(200);
        Api.Response byX4 = PeerFixtures.learner(api, "x4").post("/v1/assessments/" + id + "/reviews:next", "");
        assertThat(byX4.status()).as("no extra review of final grades after the deadline").isEqualTo(204);
    }

    private static Api.Response submit(String id, String learner, Map<String, Object> work) {
        var body = new java.util.LinkedHashMap<String, Object>(work);
        body.put("learnerId", learner);
        return api.post("/v1/assessments/" + id + "/submissions", body);
    }

    @Test
    void aSubmissionDeadlineSetInThePastAfterwardsMakesNoPeerWorkLate() {
        String id = api.post("/v1/courses/up/assessments", Map.of("title", "Retro", "kind", "upload",
                "definition", Map.of("title", "Retro"))).json().get("id").asText();
        String url = "/v1/assessments/" + id + "/peer-review";
        assertThat(api.put(url, PeerFixtures.config(1, 0, false, Instant.now().plus(Duration.ofDays(1)))).status())
                .isEqualTo(200);
        String onTime = submit(id, "r1", Map.of("text", "sent while there was no submission deadline")).json()
                .get("id").asText();
        // Staff enter a submission deadline of two hours ago: work sent before they did is not late...
        assertThat(api.patch(url, Map.of("submissionDeadline", Instant.now().minus(Duration.ofHours(2)).toString()))
                .status()).isEqualTo(200);
        String after = submit(id, "r2", Map.of("text", "sent after the deadline was set")).json().get("id").asText();
        JsonNode grades = api.get("/v1/assessments/" + id + "/peer-grades").json().get("items");
        Map<String, Boolean> late = new java.util.HashMap<>();
        grades.forEach(g -> late.put(g.get("submissionId").asText(), g.get("late").asBoolean()));
        assertThat(late).containsEntry(onTime, false);
        // ...and work sent after it is.
        assertThat(late).containsEntry(after, true);
    }
}
