package dev.assay.graders.essay;

import dev.assay.graders.GradeResult;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What the essay grader decides: a score it stands by, or review by peers or staff. */
public sealed interface EssayVerdict permits EssayVerdict.AutoScored, EssayVerdict.Routed {

    /** Model id (the engine stores it with the result so that re-grading is idempotent per model). */
    String modelId();

    /** The essay was scored automatically; {@code result.evidence()} holds the confidence and features. */
    record AutoScored(String modelId, GradeResult result) implements EssayVerdict {

        public AutoScored {
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * The essay needs review. It has no score: {@code evidence} (for staff only) carries the provisional model
     * score, confidence, features and, for duplicates, the matches and overlapping passages;
     * {@code learnerMessage} says what happens next without revealing the provisional score.
     */
    record Routed(String modelId, List<RouteReason> reasons, String learnerMessage, Map<String, Object> evidence)
            implements EssayVerdict {

        public Routed {
            reasons = List.copyOf(reasons);
            if (reasons.isEmpty()) {
                throw new IllegalArgumentException("a routed essay needs a reason");
            }
            evidence = evidence == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(evidence));
        }
    }
}
