package dev.assay.engine.grading;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.SubmissionStore.SubmissionRow;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Result notifications on the (clustered) event bus. Best effort by design: the store is the record, the stream
 * is a convenience. Each event carries the learner's event id its change took in the store ({@code LearnerEventIds});
 * a stream that misses one, or a client that reconnects with its last event id, gets what it missed from the store.
 */
public final class ResultEvents {
    private static final String EVENT_ID = "eventId";
    private final Vertx vertx;

    public ResultEvents(Vertx vertx) {
        this.vertx = vertx;
    }

    public static String address(UUID platformId, String learnerId) {
        return "assay.results." + platformId + "." + learnerId;
    }

    /** The common head of a result event. */
    public static ObjectNode event(UUID submissionId, UUID assessmentId, String courseId, String status) {
        return Json.object().put("type", "result").put("submissionId", submissionId.toString())
                .put("assessmentId", assessmentId.toString()).put("courseId", courseId).put("status", status);
    }

    /**
     * Publishes to the learner's stream. The stream is read by learners, so the grader's evidence (hidden tests'
     * output, an essay's features and provisional score) never goes out on it, whoever built the event.
     */
    public void publish(UUID platformId, String learnerId, Long eventId, ObjectNode event) {
        if (eventId == null) {
            return; // the store did not change (another run had stored it): there is nothing new to tell
        }
        vertx.eventBus().publish(address(platformId, learnerId), Json.write(forLearner(event)),
                new DeliveryOptions().addHeader(EVENT_ID, Long.toString(eventId)));
    }

    /** Publishes the submission as it is stored, under its latest event id. */
    public void publish(UUID platformId, SubmissionRow row) {
        publish(platformId, row.learnerId(), row.eventId(), of(row));
    }

    /** Whether a stored result holds a published peer grade (final, or staff's override of it): the score stands. */
    public static boolean peerGraded(JsonNode result) {
        String status = result.path("peerGrade").path("status").asText();
        return status.equals("final") || status.equals("overridden");
    }

    /** The event without the grader's evidence and routing reasons (a copy when there were some): what a learner may read. */
    public static ObjectNode forLearner(ObjectNode event) {
        if (!(event.get("result") instanceof ObjectNode result) || !result.has("evidence") && !result.has("reasons")) {
            return event;
        }
        ObjectNode out = event.deepCopy();
        withoutStaffDetails(out.get("result"));
        return out;
    }

    /**
     * Drops what is for staff from a stored result, in place: the evidence, and why a submission was routed. A learner
     * reads the routed result's message; naming the check ("incoherent", "near_duplicate") would tell a learner whose
     * genuine essay was routed that it was judged so before anyone read it, and tell one gaming the grader which
     * check to get past.
     */
    public static void withoutStaffDetails(JsonNode result) {
        if (result instanceof ObjectNode o) {
            o.remove("evidence");
            o.remove("reasons");
        }
    }

    public MessageConsumer<String> subscribe(UUID platformId, String learnerId, Consumer<Live> onEvent) {
        return vertx.eventBus().<String>consumer(address(platformId, learnerId), m -> {
            String id = m.headers().get(EVENT_ID);
            onEvent.accept(new Live(id == null ? null : Long.valueOf(id), m.body()));
        });
    }

    /**
     * An event as the bus delivers it: its learner's event id, and the event's JSON. The id is null only from a node
     * of a version before event ids (during a rolling upgrade).
     */
    public record Live(Long eventId, String json) {
    }

    /** The result event of a submission, for the learner's stream (read by learners, like their view). */
    public static ObjectNode of(SubmissionRow r) {
        ObjectNode e = event(r.id(), r.assessmentId(), r.courseId(), r.status());
        if (r.gradedVersion() != null) {
            // Told the same way live and on replay, from the row: the result is of a later version than the learner's.
            e.put("version", r.gradedVersion()).put("regrade", r.gradedVersion() > r.submittedVersion());
        }
        // A staff override gives work a score before any grader has: the event tells it, as the view does.
        if (r.gradedVersion() != null || r.score() != null) {
            e.put("score", r.score()).put("maxScore", r.maxScore());
        }
        if (r.gradedVersion() != null) {
            e.set("result", storedResult(r));
        }
        if (r.peerState() != null) {
            peerReview(e, r.peerState(), r.kind(), false);
        }
        return e;
    }

    /** The grader's stored result, as views and events show it. */
    public static JsonNode storedResult(SubmissionRow r) {
        JsonNode result = Json.parse(r.result());
        if ((r.override() != null || peerGraded(result)) && result instanceof ObjectNode routed) {
            // "You will get its score and feedback then" no longer holds once staff or peers have given the score.
            routed.remove("learnerMessage");
        }
        return result;
    }

    /**
     * Work peers grade and that has no peer grade yet. A quiz's automated score is instant feedback then, not the
     * grade: a learner shown it as the score would take it for what counts, so their view keeps it only in the
     * grader's result and says what the grade waits for. Staff see both.
     */
    public static void peerReview(ObjectNode node, String state, String kind, boolean staff) {
        String message = switch (state) {
            case "awaiting" -> "Peers grade this submission. Its grade is their final peer grade"
                    + (kind.equals("upload") ? "." : "; any score in the result is the automated grader's feedback "
                    + "and does not count.");
            case "superseded" -> "Peers grade your latest submission, not this one; this one gets no peer grade.";
            default -> throw new IllegalStateException("unknown peer state " + state);
        };
        node.putObject("peerReview").put("status", state).put("learnerMessage", message);
        if (!staff) {
            node.remove(List.of("score", "maxScore", "scoreAfterPenalty"));
        }
    }
}
