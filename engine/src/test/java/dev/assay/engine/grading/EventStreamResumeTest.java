package dev.assay.engine.grading;

import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.EventStream;
import dev.assay.engine.testing.EventStream.Event;
import dev.assay.engine.testing.Quizzes;
import dev.assay.engine.testing.TestNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A learner's event stream resumes after any event it sent: a submission tells several events over its life (routed,
 * then a staff override, ...), each with its own id, so a client that heard the first and reconnects with it is
 * replayed the later ones, once, on whichever node shares the store.
 */
class EventStreamResumeTest {
    static TestNode node;
    static TestNode other;
    static Api api;
    static String essay;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start();
        other = TestNode.startSharing(node);
        api = node.newPlatform("resume");
        assertThat(api.put("/v1/courses/writing", Map.of("title", "Writing")).status()).isEqualTo(200);
        essay = api.post("/v1/courses/writing/assessments", Map.of("title", "Libraries", "kind", "essay",
                "definition", EssaySubmissionFlowTest.definition())).json().get("id").asText();
        assertThat(api.post("/v1/assessments/" + essay + "/exemplars",
                Map.of("exemplars", EssaySubmissionFlowTest.exemplars(40, 42))).status()).isEqualTo(201);
        assertThat(api.post("/v1/assessments/" + essay + "/model/train", "").status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            other.close();
        } finally {
            node.close();
        }
    }

    @Test
    void resumingAfterTheRoutedEventReplaysTheLaterOverrideOnce() {
        String token = token("ria");
        String url = node.baseUrl() + "/v1/learners/ria/events";
        String submission;
        Event routed;
        try (EventStream live = new EventStream(url, token)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> live.saw("event: ready"));
            submission = submitPromptCopy("ria");
            routed = await().atMost(Duration.ofSeconds(90)).until(() -> only(live.results()), e -> e != null);
            assertThat(routed.data()).contains(submission, "\"status\":\"routed\"");
        }

        // Staff score it while the client is away.
        assertThat(api.put("/v1/submissions/" + submission + "/override", Map.of("score", 3, "reason", "r")).status())
                .isEqualTo(200);

        Event override;
        try (EventStream resumed = new EventStream(url, token, Map.of("Last-Event-ID", routed.id()))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> resumed.saw("event: ready"));
            assertThat(resumed.results()).hasSize(1);
            override = resumed.results().getFirst();
            assertThat(override.data()).contains(submission, "\"status\":\"graded\"", "\"score\":3.0");
            assertThat(Long.parseLong(override.id())).isGreaterThan(Long.parseLong(routed.id()));
            assertThat(ready(resumed).id()).as("ready carries the id reached").isEqualTo(override.id());
        }

        // Resuming after the latest event repeats nothing, now or once the stream is live.
        try (EventStream latest = new EventStream(url, token, Map.of("Last-Event-ID", override.id()))) {
            await().atMost(Duration.ofSeconds(20)).until(() -> latest.saw("event: ready"));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> latest.results().isEmpty());
        }
    }

    @Test
    void anotherNodeOnTheSameStoreResumesFromTheSameIds() {
        String token = token("sol");
        String path = "/v1/learners/sol/events";
        String submission;
        Event routed;
        try (EventStream live = new EventStream(node.baseUrl() + path, token)) {
            await().atMost(Duration.ofSeconds(20)).until(() -> live.saw("event: ready"));
            submission = submitPromptCopy("sol");
            routed = await().atMost(Duration.ofSeconds(90)).until(() -> only(live.results()), e -> e != null);
        }
        // The other node stores the override (its events go out on its own bus, not this node's).
        assertThat(api.at(other.baseUrl()).put("/v1/submissions/" + submission + "/override",
                Map.of("score", 2, "reason", "r")).status()).isEqualTo(200);

        List<Event> replayed = new ArrayList<>();
        for (TestNode n : List.of(other, node)) {
            try (EventStream resumed = new EventStream(n.baseUrl() + path, token, Map.of("Last-Event-ID", routed.id()))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> resumed.saw("event: ready"));
                assertThat(resumed.results()).hasSize(1);
                replayed.add(resumed.results().getFirst());
            }
        }
        assertThat(replayed.get(0).data()).contains(submission, "\"score\":2.0");
        assertThat(replayed.get(1)).as("both nodes read the same event from the store").isEqualTo(replayed.get(0));
    }

    @Test
    void concurrentChangesOnTwoNodesAreToldOnceEachInOrder() throws Exception {
        String quiz = Quizzes.createQuiz(api, "resume-quiz", Quizzes.twoQuestions(true));
        String token = token("cy");
        String path = "/v1/learners/cy/events";
        try (EventStream live = new EventStream(node.baseUrl() + path, token);
             var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> live.saw("event: ready"));
            // Twenty quiz results stored at once, half by each node: this node's stream hears only its own live,
            // and must fill in the other node's from the store, in id order.
            List<CompletableFuture<String>> posted = IntStream.range(0, 20)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> submitQuiz(i % 2 == 0 ? node : other, quiz), pool))
                    .toList();
            List<String> submissions = new ArrayList<>(posted.stream().map(CompletableFuture::join).toList());
            // One more, after them all, by this node: its live event is the learner's latest.
            submissions.add(submitQuiz(node, quiz));

            await().atMost(Duration.ofSeconds(20)).until(() -> live.results().size() >= submissions.size());
            List<Event> told = live.results();
            assertThat(told).hasSize(submissions.size());
            assertConsecutive(told);
            assertThat(told).map(e -> submissionOf(e, submissions)).containsExactlyInAnyOrderElementsOf(submissions);

            // Resuming in the middle, on the other node, replays exactly the rest.
            Event middle = told.get(9);
            try (EventStream resumed = new EventStream(other.baseUrl() + path, token, Map.of("Last-Event-ID", middle.id()))) {
                await().atMost(Duration.ofSeconds(20)).until(() -> resumed.saw("event: ready"));
                assertThat(resumed.results()).isEqualTo(told.subList(10, told.size()));
            }
        }
    }

    private static String token(String learner) {
        return api.post("/v1/learner-tokens", Map.of("learnerId", learner)).json().get("token").asText();
    }

    /** A copy of the prompt, which the grader routes to staff. */
    private static String submitPromptCopy(String learner) {
        Api.Response r = api.post("/v1/assessments/" + essay + "/submissions",
                Map.of("learnerId", learner, "text", EssaySubmissionFlowTest.PROMPT));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("id").asText();
    }

    private static String submitQuiz(TestNode on, String quiz) {
        Api.Response r = api.at(on.baseUrl()).post("/v1/assessments/" + quiz + "/submissions",
                Map.of("learnerId", "cy", "answers", Map.of("q1", "a")));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    private static Event only(List<Event> results) {
        return results.size() == 1 ? results.getFirst() : null;
    }

    private static Event ready(EventStream stream) {
        return stream.events().stream().filter(e -> "ready".equals(e.name())).findFirst().orElseThrow();
    }

    private static String submissionOf(Event e, List<String> submissions) {
        return submissions.stream().filter(e.data()::contains).findFirst().orElseThrow();
    }

    private static void assertConsecutive(List<Event> events) {
        long first = Long.parseLong(events.getFirst().id());
        assertThat(events).map(e -> Long.parseLong(e.id()))
                .containsExactlyElementsOf(IntStream.range(0, events.size()).mapToObj(i -> first + i).toList());
    }
}
