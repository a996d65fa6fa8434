package dev.assay.engine.programs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.outcomes.OutcomeChange;

import java.time.Instant;
import java.util.UUID;

/**
 * One change of a learner's program outcome, as stored in the outbox and delivered to certification, shaped like
 * a course's ({@code type}, {@code timestamp}, {@code data} with a stable {@code id} and a {@code version} that grows
 * by one per learner and program), with the course outcomes it was derived from.
 */
public record ProgramEvent(UUID id, Program program, int definitionVersion, String learnerId, OutcomeChange change,
                           ProgramStanding standing, Instant at) {

    public static final String TYPE = "program.outcome.changed";

    public long version() {
        return change.version();
    }

    public String outcome() {
        return change.outcomeName();
    }

    public ObjectNode payload() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode data = OutcomeChange.eventBody(root, TYPE, at, id);
        data.put("programId", program.id());
        data.put("programKind", program.kind().wire());
        data.put("learnerId", learnerId);
        data.put("version", version());
        data.put("outcome", outcome());
        data.put("previousOutcome", lower(change.previous().outcome()));
        data.put("change", lower(change.kind()));
        data.put("revokesPass", change.revokesPass());
        data.set("courses", courses(standing));
        data.put("passedCourses", standing.passedCourses());
        data.put("minPassed", program.minPassed());
        data.put("definitionVersion", definitionVersion);
        return root;
    }

    /** The member courses' outcomes, in the program's order: {@code {"course-1": "passed", ...}}. */
    public static ObjectNode courses(ProgramStanding standing) {
        ObjectNode courses = JsonNodeFactory.instance.objectNode();
        standing.courses().forEach((course, outcome) -> courses.put(course, lower(outcome)));
        return courses;
    }

    private static String lower(Enum<?> e) {
        return OutcomeChange.wire(e);
    }
}
