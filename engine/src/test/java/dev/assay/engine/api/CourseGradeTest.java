package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.Quizzes;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Grading policies and learners' course grades over real HTTP. */
class CourseGradeTest {
    static TestNode node;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        api = node.newPlatform("grades");
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    /** Two categories, one quiz each: quizzes 40%, exam 60%, pass mark 60, a merit band from 75. */
    private static Map<String, Object> policy(String quiz, String exam) {
        return Map.of(
                "categories", List.of(
                        Map.of("id", "quizzes", "weight", 40, "assessments", List.of(quiz)),
                        Map.of("id", "exam", "weight", 60, "assessments", List.of(exam))),
                "passMark", 60,
                "bands", List.of(Map.of("name", "pass", "minimum", 60), Map.of("name", "merit", "minimum", 75)));
    }

    /** Course {@code courseId} with two quizzes (3 points each); returns their ids. */
    private static String[] twoQuizzes(String courseId) {
        return new String[]{Quizzes.createQuiz(api, courseId, Quizzes.twoQuestions(true)),
                Quizzes.createQuiz(api, courseId, Quizzes.twoQuestions(true))};
    }

    /** Submits answers to the two-question quiz: q1 "a" earns 2 points, q2 true earns 1. */
    private static void submit(String assessment, String learner, Map<String, Object> answers) {
        Api.Response r = api.post("/v1/assessments/" + assessment + "/submissions",
                Map.of("learnerId", learner, "answers", answers));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("status").asText()).isEqualTo("graded");
    }

    private static List<String> fields(Api.Response r) {
        List<String> out = new ArrayList<>();
        r.json().get("errors").forEach(e -> out.add(e.get("field").asText()));
        return out;
    }

    @Test
    void policyIsStoredVersionedAndReadBack() {
        String[] q = twoQuizzes("gp-1");
        assertThat(api.get("/v1/courses/gp-1/grading-policy").status()).isEqualTo(404);

        Api.Response first = api.put("/v1/courses/gp-1/grading-policy", policy(q[0], q[1]));
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().get("version").asInt()).isEqualTo(1);
        assertThat(first.json().get("courseId").asText()).isEqualTo("gp-1");
        JsonNode stored = first.json().get("policy");
        assertThat(stored.at("/categories/1/assessments/0").asText()).isEqualTo(q[1]);
        assertThat(stored.at("/categories/0/dropLowest").asInt()).isZero(); // defaults are filled in
        assertThat(stored.get("passMark").asDouble()).isEqualTo(60.0);

        // What GET returns can be sent back as it is: the same policy is not a new version; a changed one is.
        Api.Response read = api.get("/v1/courses/gp-1/grading-policy");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().get("policy")).isEqualTo(stored);
        Api.Response same = api.put("/v1/courses/gp-1/grading-policy", read.json().get("policy"));
        assertThat(same.status()).as(same.body()).isEqualTo(200);
        assertThat(same.json().get("version").asInt()).isEqualTo(1);
        var changed = (com.fasterxml.jackson.databind.node.ObjectNode) read.json().get("policy").deepCopy();
        changed.put("passMark", 55);
        Api.Response second = api.put("/v1/courses/gp-1/grading-policy", changed);
        assertThat(second.status()).as(second.body()).isEqualTo(200);
        assertThat(second.json().get("version").asInt()).isEqualTo(2);
    }

    @Test
    void invalidPoliciesAreRejectedNamingEveryField() {
        String[] q = twoQuizzes("gp-2");
        Api.Response weights = api.put("/v1/courses/gp-2/grading-policy", Map.of(
                "categories", List.of(
                        Map.of("id", "quizzes", "weight", 40, "assessments", List.of(q[0])),
                        Map.of("id", "exam", "weight", 50, "assessments", List.of(q[1]))),
                "passMark", 60));
        assertThat(weights.status()).isEqualTo(400);
        assertThat(fields(weights)).containsExactly("categories");
        assertThat(weights.json().get("detail").asText()).contains("add up to 100");

        Api.Response badWeight = api.put("/v1/courses/gp-2/grading-policy", Map.of(
                "categories", List.of(
                        Map.of("id", "quizzes", "weight", 40, "assessments", List.of(q[0])),
                        Map.of("id", "exam", "weight", 150, "assessments", List.of(q[1]))),
                "passMark", 60));
        assertThat(badWeight.status()).isEqualTo(400);
        assertThat(fields(badWeight)).contains("categories[1].weight");

        String elsewhere = Quizzes.createQuiz(api, "gp-2-other", Quizzes.twoQuestions(true));
        Api.Response unknown = api.put("/v1/courses/gp-2/grading-policy", Map.of(
                "categories", List.of(Map.of("id", "all", "weight", 100,
                        "assessments", List.of(q[0], elsewhere, "not-an-assessment"))),
                "mustPass", List.of(Map.of("assessment", "nope", "passFraction", 0.5)),
                "passMark", 60));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(fields(unknown)).containsExactlyInAnyOrder("categories[0].assessments[1]",
                "categories[0].assessments[2]", "mustPass[0].assessment");

        Api.Response typo = api.put("/v1/courses/gp-2/grading-policy", Map.of(
                "categories", List.of(Map.of("id", "all", "weight", 100, "assessments", List.of(q[0]), "droplowest", 1)),
                "passMark", 60));
        assertThat(typo.status()).isEqualTo(400);
        assertThat(fields(typo)).contains("categories[0].droplowest");

        assertThat(api.get("/v1/courses/gp-2/grading-policy").status()).isEqualTo(404); // nothing was stored
        assertThat(api.put("/v1/courses/no-such-course/grading-policy", policy(q[0], q[1])).status()).isEqualTo(404);
        assertThat(api.get("/v1/courses/no-such-course/grading-policy").status()).isEqualTo(404);
    }

    /** {@link #policy} counting each learner's latest graded attempt, not the highest. */
    private static Map<String, Object> latestCounts(String quiz, String exam) {
        Map<String, Object> p = new java.util.HashMap<>(policy(quiz, exam));
        p.put("attempts", "latest");
        return p;
    }

    @Test
    void gradedLearnersGetTheWeightedTotalBreakdownAndOutcome() {
        String[] q = twoQuizzes("gp-3");
        assertThat(api.put("/v1/courses/gp-3/grading-policy", latestCounts(q[0], q[1])).status()).isEqualTo(200);
        submit(q[0], "ann", Map.of("q1", "a", "q2", true)); // 3/3
        submit(q[1], "ann", Map.of("q1", "a"));              // 2/3
        submit(q[0], "bob", Map.of("q2", true));             // 1/3
        submit(q[1], "bob", Map.of("q1", "a", "q2", true));  // 3/3 at first...
        submit(q[1], "bob", Map.of("q2", true));             // ...but the most recent submission counts: 1/3

        Api.Response ann = api.get("/v1/courses/gp-3/learners/ann/grade");
        assertThat(ann.status()).as(ann.body()).isEqualTo(200);
        JsonNode a = ann.json();
        assertThat(a.get("courseId").asText()).isEqualTo("gp-3");
        assertThat(a.get("learnerId").asText()).isEqualTo("ann");
        assertThat(a.get("policyVersion").asInt()).isEqualTo(1);
        assertThat(a.get("complete").asBoolean()).isTrue();
        assertThat(a.get("outcome").asText()).isEqualTo("passed");
        assertThat(a.get("band").asText()).isEqualTo("merit");
        assertThat(a.get("total").asDouble()).isCloseTo(40 + 60 * 2.0 / 3, within(1e-6));
        assertThat(a.get("maximum").asDouble()).isCloseTo(a.get("total").asDouble(), within(1e-6));
        assertThat(a.at("/categories/0/id").asText()).isEqualTo("quizzes");
        assertThat(a.at("/categories/0/percent").asDouble()).isCloseTo(100, within(1e-6));
        assertThat(a.at("/categories/0/contribution").asDouble()).isCloseTo(40, within(1e-6));
        assertThat(a.at("/categories/1/percent").asDouble()).isCloseTo(200.0 / 3, within(1e-6));
        assertThat(a.at("/categories/1/contribution").asDouble()).isCloseTo(40, within(1e-6));
        assertThat(a.at("/categories/1/counted/0/assessment").asText()).isEqualTo(q[1]);
        assertThat(a.at("/categories/1/counted/0/fraction").asDouble()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(a.at("/categories/1/pending")).isEmpty();

        JsonNode b = api.get("/v1/courses/gp-3/learners/bob/grade").json();
        assertThat(b.get("complete").asBoolean()).isTrue();
        assertThat(b.get("outcome").asText()).isEqualTo("failed");
        assertThat(b.get("band").isNull()).isTrue();
        assertThat(b.get("total").asDouble()).isCloseTo(100.0 / 3, within(1e-6));
        assertThat(b.at("/categories/1/counted/0/fraction").asDouble()).isCloseTo(1.0 / 3, within(1e-9));
    }

    @Test
    void totalsCarryNoFloatingPointNoiseAndAMathematical45PassesAMarkOf45() throws Exception {
        // Two 10-point quizzes scored 2/10 and 7/10: the mean of 0.2 and 0.7 came out as 44.99999999999999.
        JsonNode tenPoints = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"title": "Ten", "questions": [{"type": "single_choice", "id": "q", "prompt": "?", "points": 10,
                  "choices": [{"id": "full", "text": "F", "fraction": 1}, {"id": "two", "text": "2", "fraction": 0.2},
                              {"id": "seven", "text": "7", "fraction": 0.7}]}]}""");
        String first = Quizzes.createQuiz(api, "gp-noise", tenPoints);
        String second = Quizzes.createQuiz(api, "gp-noise", tenPoints);
        assertThat(api.put("/v1/courses/gp-noise/grading-policy", Map.of(
                "categories", List.of(Map.of("id", "quizzes", "weight", 100, "assessments", List.of(first, second))),
                "passMark", 45)).status()).isEqualTo(200);
        submit(first, "ann", Map.of("q", "two"));
        submit(second, "ann", Map.of("q", "seven"));

        Api.Response grade = api.get("/v1/courses/gp-noise/learners/ann/grade");

        assertThat(grade.status()).as(grade.body()).isEqualTo(200);
        JsonNode g = grade.json();
        assertThat(g.get("total").doubleValue()).isEqualTo(45.0);
        assertThat(g.get("maximum").doubleValue()).isEqualTo(45.0);
        assertThat(g.at("/categories/0/percent").doubleValue()).isEqualTo(45.0);
        assertThat(g.at("/categories/0/contribution").doubleValue()).isEqualTo(45.0);
        assertThat(g.get("outcome").asText()).isEqualTo("passed");
    }

    @Test
    void lateWorkCountsIsKeptWithoutCountingOrIsRefusedAsStaffChoose() {
        String[] q = twoQuizzes("gp-late");
        assertThat(api.put("/v1/courses/gp-late/grading-policy", policy(q[0], q[1])).status()).isEqualTo(200);
        submit(q[1], "lee", Map.of("q1", "a", "q2", true)); // the exam: 3/3
        Api.Response onTime = api.post("/v1/assessments/" + q[0] + "/submissions",
                Map.of("learnerId", "lee", "answers", Map.of("q2", true)), Map.of("Idempotency-Key", "lee-on-time")); // 1/3
        assertThat(onTime.status()).as(onTime.body()).isEqualTo(201);
        // The deadline falls at the first submission: anything after it is late.
        String due = onTime.json().get("createdAt").asText();
        String deadline = "/v1/assessments/" + q[0] + "/deadline";
        Api.Response ignore = api.put(deadline, Map.of("dueAt", due, "lateSubmissions", "ignore"));
        assertThat(ignore.status()).as(ignore.body()).isEqualTo(200);
        assertThat(ignore.json().get("lateSubmissions").asText()).isEqualTo("ignore");
        submit(q[0], "lee", Map.of("q1", "a", "q2", true)); // late: 3/3, graded and kept

        JsonNode kept = api.get("/v1/courses/gp-late/learners/lee/grade").json();
        assertThat(kept.at("/categories/0/counted/0/fraction").asDouble()).as("the work on time counts")
                .isCloseTo(1.0 / 3, within(1e-9));
        JsonNode both = api.get("/v1/learners/lee/submissions?assessmentId=" + q[0]).json().get("items");
        assertThat(both).hasSize(2);
        assertThat(both.findValues("late")).extracting(JsonNode::asBoolean).containsExactlyInAnyOrder(true, false);
        assertThat(both.findValues("countsTowardGrade")).extracting(JsonNode::asBoolean).containsExactly(false);

        Map<String, Object> count = new java.util.HashMap<>();
        count.put("dueAt", due);
        assertThat(api.put(deadline, count).json().get("lateSubmissions").asText()).as("the default").isEqualTo("count");
        JsonNode counted = api.get("/v1/courses/gp-late/learners/lee/grade").json();
        assertThat(counted.at("/categories/0/counted/0/fraction").asDouble()).isCloseTo(1.0, within(1e-9));

        assertThat(api.put(deadline, Map.of("dueAt", due, "lateSubmissions", "refuse")).status()).isEqualTo(200);
        // Refusing late work keeps out the late work stored before too: the work on time counts again.
        JsonNode refusing = api.get("/v1/courses/gp-late/learners/lee/grade").json();
        assertThat(refusing.at("/categories/0/counted/0/fraction").asDouble()).isCloseTo(1.0 / 3, within(1e-9));
        Api.Response refused = api.post("/v1/assessments/" + q[0] + "/submissions",
                Map.of("learnerId", "lee", "answers", Map.of("q1", "a")));
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("type").asText()).endsWith("/deadline-passed");
        assertThat(fields(refused)).containsExactly("dueAt");
        assertThat(api.get("/v1/learners/lee/submissions?assessmentId=" + q[0]).json().get("items")).as("nothing stored")
                .hasSize(2);
        // A retry of work stored on time still gets its stored result.
        Api.Response retried = api.post("/v1/assessments/" + q[0] + "/submissions",
                Map.of("learnerId", "lee", "answers", Map.of("q2", true)), Map.of("Idempotency-Key", "lee-on-time"));
        assertThat(retried.status()).as(retried.body()).isIn(200, 201);
        assertThat(retried.json().get("id").asText()).isEqualTo(onTime.json().get("id").asText());

        // Without a deadline nothing is late, whatever the rule.
        Map<String, Object> noDeadline = new java.util.HashMap<>();
        noDeadline.put("dueAt", null);
        noDeadline.put("lateSubmissions", "refuse");
        assertThat(api.put(deadline, noDeadline).status()).isEqualTo(200);
        Api.Response open = api.post("/v1/assessments/" + q[0] + "/submissions",
                Map.of("learnerId", "lee", "answers", Map.of("q1", "a")));
        assertThat(open.status()).as(open.body()).isEqualTo(201);
        assertThat(open.json().get("late").asBoolean()).isFalse();

        Api.Response bad = api.put(deadline, Map.of("dueAt", due, "lateSubmissions", "sometimes"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(fields(bad)).containsExactly("lateSubmissions");
    }

    @Test
    void aDeadlineSetInThePastAfterwardsMakesNoWorkLateThatWasSentInTime() {
        String[] q = twoQuizzes("gp-retro");
        assertThat(api.put("/v1/courses/gp-retro/grading-policy", policy(q[0], q[1])).status()).isEqualTo(200);
        submit(q[1], "rae", Map.of("q1", "a", "q2", true));
        // Sent while the quiz had no deadline; then staff enter one 12 hours ago, penalising late work.
        Api.Response sent = api.post("/v1/assessments/" + q[0] + "/submissions",
                Map.of("learnerId", "rae", "answers", Map.of("q1", "a", "q2", true)));
        String deadline = "/v1/assessments/" + q[0] + "/deadline";
        String earlier = java.time.Instant.now().minus(java.time.Duration.ofHours(12)).toString();
        assertThat(api.put(deadline, Map.of("dueAt", earlier, "lateSubmissions", "penalize",
                "latePenalty", Map.of("percentPerDay", 10))).status()).isEqualTo(200);
        JsonNode view = api.get("/v1/submissions/" + sent.json().get("id").asText()).json();
        assertThat(view.get("late").asBoolean()).isFalse();
        assertThat(view.has("latePenaltyPercent")).isFalse();
        assertThat(api.get("/v1/courses/gp-retro/learners/rae/grade").json()
                .at("/categories/0/counted/0/fraction").asDouble()).isCloseTo(1.0, within(1e-9));

        // Work sent now, after that deadline, is late; moving the deadline earlier still does not add to its penalty.
        Api.Response late = api.post("/v1/assessments/" + q[0] + "/submissions",
                Map.of("learnerId", "sol", "answers", Map.of("q1", "a", "q2", true)));
        assertThat(late.json().get("late").asBoolean()).isTrue();
        String lateId = late.json().get("id").asText();
        assertThat(api.get("/v1/submissions/" + lateId).json().get("latePenaltyPercent").asDouble()).isEqualTo(10);
        String lastWeek = java.time.Instant.now().minus(java.time.Duration.ofDays(7)).toString();
        assertThat(api.put(deadline, Map.of("dueAt", lastWeek, "lateSubmissions", "penalize",
                "latePenalty", Map.of("percentPerDay", 10))).status()).isEqualTo(200);
        assertThat(api.get("/v1/submissions/" + lateId).json().get("latePenaltyPercent").asDouble()).isEqualTo(10);
        // Moving it later forgives.
        String tomorrow = java.time.Instant.now().plus(java.time.Duration.ofDays(1)).toString();
        assertThat(api.put(deadline, Map.of("dueAt", tomorrow)).status()).isEqualTo(200);
        assertThat(api.get("/v1/submissions/" + lateId).json().get("late").asBoolean()).isFalse();
    }

    @Test
    void lateWorkCanCountWithAPenaltyPerDayBegunUpToACap() {
        String[] q = twoQuizzes("gp-penalty");
        assertThat(api.put("/v1/courses/gp-penalty/grading-policy", policy(q[0], q[1])).status()).isEqualTo(200);
        submit(q[1], "pat", Map.of("q1", "a", "q2", true));
        String deadline = "/v1/assessments/" + q[0] + "/deadline";
        // 30 hours ago: work sent now is two days late (a day begun counts whole), 2 x 10 % capped at 15 %.
        String due = java.time.Instant.now().minus(java.time.Duration.ofHours(30)).toString();
        Api.Response set = api.put(deadline, Map.of("dueAt", due, "lateSubmissions", "penalize",
                "latePenalty", Map.of("percentPerDay", 10, "maxPercent", 15)));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(set.json().get("lateSubmissions").asText()).isEqualTo("penalize");
        assertThat(set.json().at("/latePenalty/percentPerDay").asDouble()).isEqualTo(10);
        assertThat(api.get("/v1/assessments/" + q[0]).json().at("/latePenalty/maxPercent").asDouble()).isEqualTo(15);

        Api.Response late = api.post("/v1/assessments/" + q[0] + "/submissions",
                Map.of("learnerId", "pat", "answers", Map.of("q1", "a", "q2", true)));
        assertThat(late.status()).as(late.body()).isEqualTo(201);
        String id = late.json().get("id").asText();
        JsonNode view = api.get("/v1/submissions/" + id).json();
        assertThat(view.get("late").asBoolean()).isTrue();
        assertThat(view.get("score").asDouble()).isEqualTo(3);
        assertThat(view.get("latePenaltyPercent").asDouble()).isEqualTo(15);
        assertThat(view.get("scoreAfterPenalty").asDouble()).isCloseTo(2.55, within(1e-9));
        JsonNode grade = api.get("/v1/courses/gp-penalty/learners/pat/grade").json();
        assertThat(grade.at("/categories/0/counted/0/fraction").asDouble()).isCloseTo(0.85, within(1e-9));

        // One day begun: 10 %, under the cap.
        String recent = java.time.Instant.now().minus(java.time.Duration.ofMinutes(5)).toString();
        assertThat(api.put(deadline, Map.of("dueAt", recent, "lateSubmissions", "penalize",
                "latePenalty", Map.of("percentPerDay", 10))).status()).isEqualTo(200);
        assertThat(api.get("/v1/courses/gp-penalty/learners/pat/grade").json()
                .at("/categories/0/counted/0/fraction").asDouble()).isCloseTo(0.9, within(1e-9));

        // A staff override is the score that counts, as given.
        assertThat(api.put("/v1/submissions/" + id + "/override", Map.of("score", 3, "reason", "extension granted"))
                .status()).isEqualTo(200);
        assertThat(api.get("/v1/courses/gp-penalty/learners/pat/grade").json()
                .at("/categories/0/counted/0/fraction").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(api.get("/v1/submissions/" + id).json().has("latePenaltyPercent")).isFalse();

        Api.Response missing = api.put(deadline, Map.of("dueAt", due, "lateSubmissions", "penalize"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(fields(missing)).containsExactly("latePenalty");
        Api.Response stray = api.put(deadline, Map.of("dueAt", due, "lateSubmissions", "ignore",
                "latePenalty", Map.of("percentPerDay", 10)));
        assertThat(fields(stray)).containsExactly("latePenalty");
        Api.Response wrong = api.put(deadline, Map.of("dueAt", due, "lateSubmissions", "penalize",
                "latePenalty", Map.of("percentPerDay", 0, "maxPercent", 101, "perWeek", 1)));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(fields(wrong)).containsExactlyInAnyOrder("latePenalty.percentPerDay", "latePenalty.maxPercent",
                "latePenalty.perWeek");
    }

    @Test
    void onlyTheSubmissionThatCountsCanBeOverridden() {
        String quiz = Quizzes.createQuiz(api, "gp-override", Quizzes.twoQuestions(true));
        String exam = Quizzes.createQuiz(api, "gp-override", Quizzes.twoQuestions(true));
        assertThat(api.put("/v1/courses/gp-override/grading-policy", latestCounts(quiz, exam)).status()).isEqualTo(200);
        String first = api.post("/v1/assessments/" + quiz + "/submissions",
                Map.of("learnerId", "ovl", "answers", Map.of("q2", true))).json().get("id").asText();
        String latest = api.post("/v1/assessments/" + quiz + "/submissions",
                Map.of("learnerId", "ovl", "answers", Map.of("q1", "a"))).json().get("id").asText();
        Api.Response stale = api.put("/v1/submissions/" + first + "/override", Map.of("score", 3, "reason", "re-marked"));
        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        assertThat(stale.json().at("/errors/0/field").asText()).isEqualTo("submission");
        assertThat(stale.json().get("detail").asText()).contains(latest);
        assertThat(api.get("/v1/submissions/" + first).json().has("override")).isFalse();
        Api.Response ok = api.put("/v1/submissions/" + latest + "/override", Map.of("score", 3, "reason", "re-marked"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void missingWorkKeepsTheGradePending() {
        String[] q = twoQuizzes("gp-4");
        assertThat(api.put("/v1/courses/gp-4/grading-policy", policy(q[0], q[1])).status()).isEqualTo(200);
        submit(q[0], "cy", Map.of("q1", "a", "q2", true));

        JsonNode c = api.get("/v1/courses/gp-4/learners/cy/grade").json();
        assertThat(c.get("outcome").asText()).isEqualTo("pending");
        assertThat(c.get("complete").asBoolean()).isFalse();
        assertThat(c.get("total").asDouble()).isCloseTo(40, within(1e-6));
        assertThat(c.get("maximum").asDouble()).isCloseTo(100, within(1e-6));
        assertThat(c.at("/categories/1/pending/0/assessment").asText()).isEqualTo(q[1]);

        // A learner with nothing submitted at all is pending too, never failed.
        JsonNode nobody = api.get("/v1/courses/gp-4/learners/nobody/grade").json();
        assertThat(nobody.get("outcome").asText()).isEqualTo("pending");
        assertThat(nobody.get("total").asDouble()).isZero();
    }

    @Test
    void aGradeNeedsACourseAndAPolicy() {
        twoQuizzes("gp-5");
        Api.Response none = api.get("/v1/courses/gp-5/learners/dan/grade");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().get("detail").asText()).contains("no grading policy");
        assertThat(api.get("/v1/courses/no-such-course/learners/dan/grade").status()).isEqualTo(404);
    }

    @Test
    void learnerTokenReadsOnlyItsOwnGrade() {
        String[] q = twoQuizzes("gp-6");
        assertThat(api.put("/v1/courses/gp-6/grading-policy", policy(q[0], q[1])).status()).isEqualTo(200);
        submit(q[0], "eve", Map.of("q1", "a", "q2", true));
        submit(q[1], "eve", Map.of("q1", "a", "q2", true));
        Api eve = api.as(api.post("/v1/learner-tokens", Map.of("learnerId", "eve")).json().get("token").asText());

        Api.Response own = eve.get("/v1/courses/gp-6/learners/eve/grade");
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.json().get("outcome").asText()).isEqualTo("passed");
        assertThat(own.json().get("total").asDouble()).isCloseTo(100, within(1e-6));
        assertThat(eve.get("/v1/courses/gp-6/learners/fay/grade").status()).isEqualTo(403);
        assertThat(eve.get("/v1/courses/gp-6/grading-policy").status()).isEqualTo(403);
        assertThat(eve.put("/v1/courses/gp-6/grading-policy", policy(q[0], q[1])).status()).isEqualTo(403);
    }

    @Test
    void anotherPlatformSeesNeitherThePolicyNorTheGrades() throws Exception {
        String[] q = twoQuizzes("gp-7");
        assertThat(api.put("/v1/courses/gp-7/grading-policy", policy(q[0], q[1])).status()).isEqualTo(200);
        submit(q[0], "gus", Map.of("q1", "a"));
        Api other = node.newPlatform("grades-other");

        assertThat(other.get("/v1/courses/gp-7/grading-policy").status()).isEqualTo(404);
        assertThat(other.put("/v1/courses/gp-7/grading-policy", policy(q[0], q[1])).status()).isEqualTo(404);
        assertThat(other.get("/v1/courses/gp-7/learners/gus/grade").status()).isEqualTo(404);
        Api gus = other.as(other.post("/v1/learner-tokens", Map.of("learnerId", "gus")).json().get("token").asText());
        assertThat(gus.get("/v1/courses/gp-7/learners/gus/grade").status()).isEqualTo(404);
        assertThat(api.get("/v1/courses/gp-7/grading-policy").json().get("version").asInt()).isEqualTo(1);
    }
}
