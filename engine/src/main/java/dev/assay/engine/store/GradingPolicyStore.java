package dev.assay.engine.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * Courses' grading policies, one current policy per course. The JSON stored is the policy as validated and
 * re-serialised by {@code GradingPolicyCodec}, never the raw request; each replacement increments {@code version}.
 */
public final class GradingPolicyStore {
    private final Pool pool;
    private final CourseGradeStore grades;

    public GradingPolicyStore(Pool pool, CourseGradeStore grades) {
        this.pool = pool;
        this.grades = grades;
    }

    /** @param policy the policy JSON as text */
    public record PolicyRow(String courseId, String policy, int version, OffsetDateTime createdAt,
                            OffsetDateTime updatedAt) {
    }

    /**
     * Stores the course's policy, replacing (and bumping the version of) a different earlier one, and in the same
     * transaction asks for every learner's stored course grade to be recomputed under it (the sweep does it in
     * batches, with the outcome events). The same policy again changes nothing. The course must exist.
     */
    /** Stores the policy; fails with {@link ReviewSupply.Shortfall} when it requires reviews learners cannot give. */
    public Future<PolicyRow> put(UUID platformId, String courseId, String policyJson) {
        return pool.withTransaction(c -> ReviewSupply.lock(c, platformId, courseId).compose(locked -> c.preparedQuery("""
                        INSERT INTO grading_policies(platform_id, course_id, policy) VALUES ($1, $2, $3::text::jsonb)
                        ON CONFLICT (platform_id, course_id) DO UPDATE
                            SET policy = EXCLUDED.policy, version = grading_policies.version + 1, updated_at = now()
                            WHERE grading_policies.policy IS DISTINCT FROM EXCLUDED.policy
                        RETURNING course_id, policy::text AS policy, version, created_at, updated_at""")
                .execute(Tuple.of(platformId, courseId, policyJson))
                .compose(rows -> rows.size() == 0
                        // The same policy again (jsonb equality ignores key order and spacing): a retried PUT is
                        // not a new version, and no grade needs recomputing.
                        ? get(platformId, courseId).map(Optional::orElseThrow)
                        : ReviewSupply.check(c, platformId, courseId)
                        .compose(v -> recompute(c, platformId, courseId, toRow(rows.iterator().next()))))));
    }

    private Future<PolicyRow> recompute(io.vertx.sqlclient.SqlClient c, UUID platformId, String courseId, PolicyRow row) {
        return CourseGradeStore.requestRecompute(c, platformId, courseId, "grading policy version " + row.version()).map(row);
    }

    public Future<Optional<PolicyRow>> get(UUID platformId, String courseId) {
        return pool.preparedQuery("""
                        SELECT course_id, policy::text AS policy, version, created_at, updated_at
                        FROM grading_policies WHERE platform_id = $1 AND course_id = $2""")
                .execute(Tuple.of(platformId, courseId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toRow(rows.iterator().next())));
    }

    private static PolicyRow toRow(Row r) {
        return new PolicyRow(r.getString("course_id"), r.getString("policy"), r.getInteger("version"),
                r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"));
    }
}
