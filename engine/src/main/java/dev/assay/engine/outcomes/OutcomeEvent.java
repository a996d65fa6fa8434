package dev.assay.engine.outcomes;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.UUID;

/**
 * One change of a learner's course outcome, as stored in the outbox and delivered to certification. The body
 * follows the Standard Webhooks payload shape ({@code type}, {@code timestamp}, {@code data}); {@code data.id} is
 * the event's stable id (also the {@code webhook-id} header), and {@code data.version} grows by one per learner and
 * course, so a receiver can both deduplicate and spot an out-of-date event.
 */
public record OutcomeEvent(UUID id, String courseId, String learnerId, OutcomeChange change, CourseGrade grade,
                           int policyVersion, Instant at) {

    public static final String TYPE = "course.outcome.changed";

    public long version() {
        return change.version();
    }

    public String outcome() {
        return change.outcomeName();
    }

    public ObjectNode payload() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode data = OutcomeChange.eventBody(root, TYPE, at, id);
        data.put("courseId", courseId);
        data.put("learnerId", learnerId);
        data.put("version", version());
        data.put("outcome", outcome());
        data.put("band", change.current().band());
        data.put("previousOutcome", lower(change.previous().outcome()));
        data.put("previousBand", change.previous().band());
        data.put("change", lower(change.kind()));
        data.put("revokesPass", change.revokesPass());
        data.put("total", grade.total());
        data.put("complete", grade.complete());
        data.put("policyVersion", policyVersion);
        return root;
    }

    private static String lower(Enum<?> e) {
        return OutcomeChange.wire(e);
    }
}
