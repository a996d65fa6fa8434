package dev.assay.engine.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Learners' submissions and their grading results. */
public final class SubmissionStore {
    private static final String COLUMNS = """
            id, assessment_id, course_id, learner_id, idempotency_key, request_hash, response::text AS response,
            status, submitted_version, graded_version, score, max_score, result::text AS result, created_at, graded_at
            """;

    private final Pool pool;

    public SubmissionStore(Pool pool) {
        this.pool = pool;
    }

    public record SubmissionRow(UUID id, UUID assessmentId, String courseId, String learnerId, String idempotencyKey,
                                byte[] requestHash, String response, String status, int submittedVersion,
                                Integer gradedVersion, Double score, Double maxScore, String result,
                                OffsetDateTime createdAt, OffsetDateTime gradedAt) {
    }

    /** A submission graded before it is stored: the submission and its result commit together. */
    public record NewGradedSubmission(UUID platformId, UUID assessmentId, String courseId, String learnerId,
                                      String idempotencyKey, byte[] requestHash, String response, int version,
                                      double score, double maxScore, String result, String gradedBy) {
    }

    /** What {@link #insertGraded} found: the stored row, and whether it already existed under that key. */
    public record Stored(SubmissionRow row, boolean replayed) {
    }

    public Future<Stored> insertGraded(NewGradedSubmission s) {
        UUID id = UUID.randomUUID();
        return pool.withTransaction(c -> c.preparedQuery("""
                                INSERT INTO submissions(id, platform_id, assessment_id, course_id, learner_id, idempotency_key,
                                    request_hash, response, status, submitted_version, graded_version, score, max_score,
                                    result, graded_at)
                                VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, 'graded', $9, $9, $10, $11, $12::text::jsonb, now())
                                ON CONFLICT (platform_id, idempotency_key) DO NOTHING
                                RETURNING id""")
                        .execute(Tuple.from(Arrays.asList(id, s.platformId(), s.assessmentId(), s.courseId(), s.learnerId(),
                                s.idempotencyKey(), Buffer.buffer(s.requestHash()), s.response(), s.version(), s.score(),
                                s.maxScore(), s.result())))
                        .compose(rows -> {
                            if (rows.size() == 0) {
                                return Future.succeededFuture(false);
                            }
                            return c.preparedQuery("""
                                            INSERT INTO grading_results(submission_id, version, score, max_score, result, graded_by)
                                            VALUES ($1, $2, $3, $4, $5::text::jsonb, $6)""")
                                    .execute(Tuple.of(id, s.version(), s.score(), s.maxScore(), s.result(), s.gradedBy()))
                                    .map(true);
                        }))
                .compose(inserted -> inserted
                        ? byId(s.platformId(), id).map(r -> new Stored(r.orElseThrow(), false))
                        : byKey(s.platformId(), s.idempotencyKey()).map(r -> new Stored(r.orElseThrow(), true)));
    }

    public Future<Optional<SubmissionRow>> byKey(UUID platformId, String key) {
        return one("SELECT " + COLUMNS + " FROM submissions WHERE platform_id = $1 AND idempotency_key = $2",
                Tuple.of(platformId, key));
    }

    public Future<Optional<SubmissionRow>> byId(UUID platformId, UUID id) {
        return one("SELECT " + COLUMNS + " FROM submissions WHERE platform_id = $1 AND id = $2", Tuple.of(platformId, id));
    }

    /** A learner's submissions, newest first, optionally within one course or assessment. */
    public Future<List<SubmissionRow>> byLearner(UUID platformId, String learnerId, String courseId, UUID assessmentId,
                                                 int limit, int offset) {
        return pool.preparedQuery("SELECT " + COLUMNS + """
                         FROM submissions WHERE platform_id = $1 AND learner_id = $2
                          AND ($3::text IS NULL OR course_id = $3) AND ($4::uuid IS NULL OR assessment_id = $4)
                        ORDER BY created_at DESC, id LIMIT $5 OFFSET $6""")
                .execute(Tuple.from(Arrays.asList(platformId, learnerId, courseId, assessmentId, limit, offset)))
                .map(rows -> {
                    List<SubmissionRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(toRow(r)));
                    return out;
                });
    }

    private Future<Optional<SubmissionRow>> one(String sql, Tuple args) {
        return pool.preparedQuery(sql).execute(args)
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toRow(rows.iterator().next())));
    }

    public static SubmissionRow toRow(Row r) {
        Buffer hash = r.getBuffer("request_hash");
        return new SubmissionRow(r.getUUID("id"), r.getUUID("assessment_id"), r.getString("course_id"),
                r.getString("learner_id"), r.getString("idempotency_key"), hash == null ? new byte[0] : hash.getBytes(),
                r.getString("response"), r.getString("status"), r.getInteger("submitted_version"),
                r.getInteger("graded_version"), r.getDouble("score"), r.getDouble("max_score"), r.getString("result"),
                r.getOffsetDateTime("created_at"), r.getOffsetDateTime("graded_at"));
    }
}
