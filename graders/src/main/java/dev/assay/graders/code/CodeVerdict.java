package dev.assay.graders.code;

import dev.assay.graders.GradeResult;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the code grader decides about a submission: a score it stands by, or that staff must look first. A staff
 * checker that fails ({@link Verdict#CHECKER_ERROR}) says nothing about the learner's program, so a score built
 * from it would blame the learner for the staff's mistake; such a submission gets no score at all, like an essay
 * routed to review ({@code dev.assay.graders.essay.EssayVerdict}).
 */
public sealed interface CodeVerdict permits CodeVerdict.Scored, CodeVerdict.NeedsStaff {

    /** What learners are told while staff fix the checker: no score, no checker internals. */
    String CHECKER_FAILED_MESSAGE = "Your submission could not be graded automatically because a staff test checker"
            + " failed; staff have been told, and you will get your score and feedback once they have dealt with it.";

    /** The reason a submission needing staff is stored with, beside an essay's route reasons. */
    String CHECKER_ERROR_REASON = "checker_error";

    /** Every test was judged: the result is the score. */
    record Scored(GradeResult result) implements CodeVerdict {
        public Scored {
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * A checker failed on at least one test. {@code evidence} (staff only) holds every test's verdict with the
     * checkers' errors ({@code checkerErrors}); {@code learnerMessage} says what happens next and nothing more.
     *
     * @param maxScore what the submission is marked out of, once staff score it
     */
    record NeedsStaff(double maxScore, String learnerMessage, Map<String, Object> evidence) implements CodeVerdict {
        public NeedsStaff {
            Objects.requireNonNull(learnerMessage, "learnerMessage");
            evidence = evidence == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
        }

        /** Why, as the engine stores it with the submission (like a routed essay's reasons). */
        public String reason() {
            return CHECKER_ERROR_REASON;
        }
    }
}
