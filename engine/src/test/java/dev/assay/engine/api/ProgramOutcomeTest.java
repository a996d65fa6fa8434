package dev.assay.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.engine.node.NodeConfig;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.Quizzes;
import dev.assay.engine.testing.TestNode;
import dev.assay.engine.testing.WebhookReceiver;
import dev.assay.engine.webhooks.DeliveryConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Programs (specializations, micro-credentials) over real HTTP and a real store: a learner's program outcome follows
 * their course outcomes in the same transaction, reaches a loopback webhook receiver signed and in version order
 * beside the course events, changes with the program's definition, and is listed for certification to pull.
 */
class ProgramOutcomeTest {
    static TestNode node;
    Api api;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(NodeConfig.defaults().withDelivery(DeliveryConfig.DEFAULT
                .withTimeout(400).withBackoff(100, 400).withMaxAttempts(6).withPoll(50)));
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @BeforeEach
    void platform() throws Exception {
        api = node.newPlatform("programs");
    }

    /** A course with one quiz that alone decides; the latest attempt counts, so a learner can pass, then fail. */
    private String course(String courseId) {
        String quiz = Quizzes.createQuiz(api, courseId, Quizzes.twoQuestions(true));
        Api.Response policy = api.put("/v1/courses/" + courseId + "/grading-policy", Map.of(
                "categories", List.of(Map.of("id", "quiz", "weight", 100, "assessments", List.of(quiz))),
                "passMark", 60, "attempts", "latest"));
        assertThat(policy.status()).as(policy.body()).isEqualTo(200);
        return quiz;
    }

    private void submit(String quiz, String learner, boolean right) {
        Map<String, Object> answers = right ? Map.of("q1", "a", "q2", true) : Map.of("q1", "b", "q2", false);
        Api.Response r = api.post("/v1/assessments/" + quiz + "/submissions", Map.of("learnerId", learner, "answers", answers));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    private String register(WebhookReceiver receiver) {
        Api.Response hook = api.post("/v1/webhooks", Map.of("url", receiver.url()));
        assertThat(hook.status()).as(hook.body()).isEqualTo(201);
        receiver.secret(hook.json().get("secret").asText());
        return hook.json().get("id").asText();
    }

    private static List<WebhookReceiver.Received> programEvents(WebhookReceiver receiver, String programId) {
        return receiver.acknowledged().stream()
                .filter(r -> r.json().get("type").asText().equals("program.outcome.changed"))
                .filter(r -> r.data().get("programId").asText().equals(programId)).toList();
    }

    @Test
    void aSpecializationFollowsItsCoursesToCertification() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            String hook = register(receiver);
            String intro = course("ps-intro");
            String capstone = course("ps-capstone");
            Api.Response created = api.put("/v1/programs/ds-spec", Map.of("title", "Data Science",
                    "kind", "specialization", "courses", List.of("ps-intro", "ps-capstone"), "required", List.of("ps-capstone")));
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            assertThat(created.json().get("version").asInt()).isEqualTo(1);
            assertThat(created.json().get("minPassed").asInt()).isEqualTo(2);

            submit(intro, "ada", true);
            JsonNode standing = api.get("/v1/programs/ds-spec/learners/ada/outcome").json();
            assertThat(standing.get("outcome").asText()).isEqualTo("pending");
            assertThat(standing.get("courses").get("ps-intro").asText()).isEqualTo("passed");
            assertThat(standing.get("courses").get("ps-capstone").asText()).isEqualTo("pending");
            assertThat(standing.get("outcomeVersion").asInt()).isZero();

            submit(capstone, "ada", true);   // both passed: the specialization is earned (version 1)
            submit(capstone, "ada", false);  // the required capstone failed: revoked (version 2)

            await().atMost(Duration.ofSeconds(20)).until(() -> programEvents(receiver, "ds-spec").size() == 2);
            List<WebhookReceiver.Received> events = programEvents(receiver, "ds-spec");
            assertThat(events).allMatch(WebhookReceiver.Received::signatureValid);
            assertThat(events.stream().map(r -> r.data().get("version").asLong())).containsExactly(1L, 2L);
            assertThat(events.stream().map(r -> r.data().get("outcome").asText())).containsExactly("passed", "failed");
            JsonNode revoked = events.get(1).data();
            assertThat(revoked.get("revokesPass").asBoolean()).isTrue();
            assertThat(revoked.get("change").asText()).isEqualTo("reversed");
            assertThat(revoked.get("programKind").asText()).isEqualTo("specialization");
            assertThat(revoked.get("courses").get("ps-capstone").asText()).isEqualTo("failed");
            assertThat(revoked.get("learnerId").asText()).isEqualTo("ada");
            // The course events went too; the program's came after the course change that caused each of them.
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.acknowledged().size() == 5);

            // The delivery log names the program; the course's own event log holds only course events.
            JsonNode log = api.get("/v1/webhooks/" + hook + "/deliveries/" + events.get(0).id()).json();
            assertThat(log.get("programId").asText()).isEqualTo("ds-spec");
            assertThat(log.has("courseId")).isFalse();
            assertThat(api.get("/v1/courses/ps-capstone/outcome-events").json().get("items")).hasSize(2);

            // Pull: the stored outcome, and the log of program events.
            JsonNode outcomes = api.get("/v1/programs/ds-spec/outcomes").json().get("items");
            assertThat(outcomes).hasSize(1);
            assertThat(outcomes.get(0).get("outcome").asText()).isEqualTo("failed");
            assertThat(outcomes.get(0).get("version").asInt()).isEqualTo(2);
            assertThat(api.get("/v1/programs/ds-spec/outcome-events").json().get("items")).hasSize(2);
            assertThat(api.get("/v1/programs/ds-spec/outcome-events?status=passed").json().get("items")).hasSize(1);
            assertThat(api.get("/v1/programs/ds-spec/outcomes?status=passed").json().get("items")).isEmpty();

            // Staff relax the rule: one course of the two, nothing required. The sweep applies it to every learner.
            Api.Response relaxed = api.put("/v1/programs/ds-spec", Map.of("title", "Data Science",
                    "kind", "specialization", "courses", List.of("ps-intro", "ps-capstone"), "minPassed", 1));
            assertThat(relaxed.status()).as(relaxed.body()).isEqualTo(200);
            assertThat(relaxed.json().get("version").asInt()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(20)).until(() -> programEvents(receiver, "ds-spec").size() == 3);
            JsonNode regained = programEvents(receiver, "ds-spec").get(2).data();
            assertThat(regained.get("outcome").asText()).isEqualTo("passed");
            assertThat(regained.get("version").asInt()).isEqualTo(3);
            assertThat(regained.get("definitionVersion").asInt()).isEqualTo(2);
            // The same definition again is not a new version and sends nothing.
            assertThat(api.put("/v1/programs/ds-spec", Map.of("title", "Data Science", "kind", "specialization",
                    "courses", List.of("ps-intro", "ps-capstone"), "minPassed", 1)).json().get("version").asInt()).isEqualTo(2);
            assertThat(api.get("/v1/programs").json().get("items")).extracting(p -> p.get("id").asText())
                    .containsExactly("ds-spec");

            // A learner reads their own standing, nobody else's, and not the staff listings.
            Api ada = api.as(api.post("/v1/learner-tokens", Map.of("learnerId", "ada")).json().get("token").asText());
            Api.Response own = ada.get("/v1/programs/ds-spec/learners/ada/outcome");
            assertThat(own.status()).as(own.body()).isEqualTo(200);
            assertThat(own.json().get("outcome").asText()).isEqualTo("passed");
            assertThat(own.json().get("outcomeVersion").asInt()).isEqualTo(3);
            assertThat(ada.get("/v1/programs/ds-spec/learners/bo/outcome").status()).isEqualTo(403);
            assertThat(ada.get("/v1/programs/ds-spec/outcomes").status()).isEqualTo(403);
            // Another platform does not see the program at all.
            Api other = node.newPlatform("other");
            assertThat(other.get("/v1/programs/ds-spec").status()).isEqualTo(404);
        }
    }

    @Test
    void aProgramNamedLikeACourseKeepsItsOwnVersions() {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            register(receiver);
            String quiz = course("same-id");
            submit(quiz, "bo", true);   // course event version 1, before the program exists
            submit(quiz, "bo", false);  // course event version 2
            Api.Response created = api.put("/v1/programs/same-id", Map.of("title", "Micro",
                    "kind", "micro_credential", "courses", List.of("same-id")));
            assertThat(created.status()).as(created.body()).isEqualTo(200);
            submit(quiz, "bo", true);   // course version 3; program version 1 (here or from the definition's sweep)

            await().atMost(Duration.ofSeconds(20)).until(() -> programEvents(receiver, "same-id").size() == 1
                    && receiver.acknowledged().size() == 4);
            assertThat(programEvents(receiver, "same-id").get(0).data().get("version").asInt()).isEqualTo(1);
            assertThat(programEvents(receiver, "same-id").get(0).data().get("outcome").asText()).isEqualTo("passed");
            assertThat(api.get("/v1/courses/same-id/outcome-events").json().get("items")).extracting(
                    e -> e.at("/data/version").asInt()).containsExactly(1, 2, 3);
            assertThat(api.get("/v1/programs/same-id/outcome-events").json().get("items")).hasSize(1);
        }
    }

    /**
     * Each learner passes both courses of a program at once, from two requests in flight together: each course's
     * transaction derives the program outcome, and only one of them can see the other's pass. A lost update would
     * leave the learner failed, or earn the program twice.
     */
    @Test
    void concurrentCoursePassesEarnTheProgramOnce() throws Exception {
        String first = course("pc-1");
        String second = course("pc-2");
        assertThat(api.put("/v1/programs/pc", Map.of("title", "Both", "kind", "micro_credential",
                "courses", List.of("pc-1", "pc-2"))).status()).isEqualTo(200);
        int learners = 40;
        for (int i = 0; i < learners; i++) {
            submit(first, "l" + i, false); // failed the first course: the program row exists, failed (version 1)
        }
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < learners; i++) {
                String learner = "l" + i;
                sent.add(pool.submit(() -> submit(first, learner, true)));
                sent.add(pool.submit(() -> submit(second, learner, true)));
            }
            for (var f : sent) {
                f.get();
            }
        }
        JsonNode outcomes = api.get("/v1/programs/pc/outcomes?limit=100").json().get("items");
        assertThat(outcomes).hasSize(learners);
        // failed, then passed; or failed, pending (the first course passed first), passed
        assertThat(outcomes).allSatisfy(o -> assertThat(o.get("outcome").asText()).as(o.toString()).isEqualTo("passed"));
        Map<String, List<Integer>> versions = new java.util.TreeMap<>();
        api.get("/v1/programs/pc/outcome-events?limit=200").json().get("items").forEach(e -> versions
                .computeIfAbsent(e.at("/data/learnerId").asText(), k -> new java.util.ArrayList<>())
                .add(e.at("/data/version").asInt()));
        outcomes.forEach(o -> assertThat(versions.get(o.get("learnerId").asText())).as(o.toString())
                .isEqualTo(java.util.stream.IntStream.rangeClosed(1, o.get("version").asInt()).boxed().toList()));
        JsonNode passed = api.get("/v1/programs/pc/outcome-events?status=passed&limit=100").json().get("items");
        assertThat(passed).hasSize(learners);
        assertThat(passed).allMatch(e -> e.at("/data/passedCourses").asInt() == 2);
    }

    @Test
    void badDefinitionsAreRefusedNamingTheField() {
        course("pb-1");
        Api.Response unknown = api.put("/v1/programs/pb", Map.of("title", "P", "kind", "specialization",
                "courses", List.of("pb-1", "nope")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.header("content-type")).startsWith("application/problem+json");
        assertThat(unknown.json().at("/errors/0/field").asText()).isEqualTo("courses[1]");
        assertThat(api.get("/v1/programs/pb").status()).isEqualTo(404);

        Api.Response wrong = api.put("/v1/programs/pb", Map.of("title", "P", "kind", "badge",
                "courses", List.of("pb-1"), "minPassed", 2));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("errors")).extracting(e -> e.get("field").asText())
                .containsExactly("kind", "minPassed");

        Api.Response malformed = api.send(api.request("/v1/programs/pb").header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"title\": ")).build());
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.header("content-type")).startsWith("application/problem+json");

        Api.Response missing = api.get("/v1/programs/none/outcomes");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().at("/errors/0/field").asText()).isEqualTo("programId");
        assertThat(api.get("/v1/programs/none/learners/ada/outcome").status()).isEqualTo(404);
        assertThat(api.get("/v1/programs/none/outcome-events?status=maybe").status()).isEqualTo(400);
    }
}
