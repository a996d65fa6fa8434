package dev.assay.engine.store;

/**
 * A peer grade carried onto the grader's scale, in SQL shared by the publisher (writing a final peer grade into its
 * submission) and by removing a staff override (the published peer grade counts again): both must land on the same
 * score.
 */
public final class PeerScale {
    private PeerScale() {
    }

    /**
     * SQL for a peer grade {@code score} on a rubric from {@code rubricMin} to {@code rubricMax} carried onto the
     * scale the grader marks submission {@code t} on, from its lowest score (an essay's {@code minScore}; a rubric
     * essay's criteria minimums summed; otherwise 0) to {@code graderMax}; on the rubric's own scale when the grader
     * gave no maximum. An essay marked 2 to 12 was given 0 of 12 by a peer grade of 0 before. To a thousandth of a
     * point, as the peer grade itself is kept (a third of a rubric point is 5.333 of 12, not 5.333333333).
     */
    public static String onGradersScale(String score, String rubricMin, String rubricMax, String graderMax) {
        String lowest = """
                COALESCE((SELECT CASE WHEN a.kind = 'essay' THEN COALESCE((v.definition->>'minScore')::float8,
                                   (SELECT sum((c->>'minScore')::float8) FROM jsonb_array_elements(v.definition->'criteria') c
                                    WHERE jsonb_typeof(v.definition->'criteria') = 'array')) END
                          FROM assessments a JOIN assessment_versions v ON v.assessment_id = a.id
                          WHERE a.id = t.assessment_id AND v.version = COALESCE(t.graded_version, t.submitted_version)), 0)""";
        return """
                CASE WHEN %4$s IS NULL THEN %1$s
                     ELSE round((%5$s + (%1$s - %2$s) / NULLIF(%3$s - %2$s, 0) * (%4$s - %5$s))::numeric, 3)::float8 END"""
                .formatted(score, rubricMin, rubricMax, graderMax, lowest);
    }
}
