package dev.assay.engine.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Learners' submissions and their grading results. A result is stored at most once per submission and assessment
 * version (the {@code grading_results} key), which is what makes every grading task safe to run twice.
 */
public final class SubmissionStore {
    /**
     * Where a submission stands with peers before it has a peer grade: {@code awaiting} when it is the learner's
     * latest counted one, which peers grade; {@code superseded} when a later one is graded by peers instead. Null when
     * peers do not grade it (no peer review, an essay the grader scored, late work that does not count) or when its
     * peer grade is published (the result says so).
     */
    private static final String PEER_STATE = """
            CASE WHEN s.peer_graded_at IS NOT NULL OR s.override IS NOT NULL OR NOT """ + PeerWork.forPeers("a", "s") + """
             OR """ + LateWork.notCounted("a", "s") + """
             OR NOT EXISTS (SELECT 1 FROM peer_review_configs p WHERE p.assessment_id = s.assessment_id) THEN NULL
                 WHEN EXISTS (SELECT 1 FROM submissions t WHERE t.assessment_id = s.assessment_id
                                 AND t.learner_id = s.learner_id AND (t.created_at, t.id) > (s.created_at, s.id)
                                 AND NOT """ + LateWork.notCounted("a", "t") + """
            ) THEN 'superseded'
                 ELSE 'awaiting' END""";

    /** Shared with {@link LearnerEventStore}, so a replayed event reads a submission as {@link #byId} does. */
    static final String SELECT = """
            SELECT s.id, s.assessment_id, a.kind, s.course_id, s.learner_id, s.idempotency_key, s.request_hash,
                   s.response::text AS response, s.status, s.submitted_version, s.graded_version, s.score, s.max_score,
                   s.result::text AS result, s.created_at, s.graded_at, s.override::text AS override, s.event_id,
                   """ + LateWork.late("a", "s") + """
             AS late,
                   """ + LateWork.notCounted("a", "s") + """
             AS ignored,
                   CASE WHEN s.override IS NULL THEN """ + LateWork.penaltyPercent("a", "s") + """
             ELSE 0 END AS penalty_percent,
                   """ + PEER_STATE + """
             AS peer_state
            FROM submissions s JOIN assessments a ON a.id = s.assessment_id
            """;

    private final Pool pool;
    private final CourseGradeStore grades;
    private final SubmissionLeases leases;

    public SubmissionStore(Pool pool, CourseGradeStore grades) {
        this.pool = pool;
        this.grades = grades;
        this.leases = new SubmissionLeases(pool);
    }

    /** Where accepted submissions stand with the worker pool: handed off, being graded, waiting too long. */
    public SubmissionLeases leases() {
        return leases;
    }

    public record SubmissionRow(UUID id, UUID assessmentId, String kind, String courseId, String learnerId,
                                String idempotencyKey, byte[] requestHash, String response, String status,
                                int submittedVersion, Integer gradedVersion, Double score, Double maxScore, String result,
                                OffsetDateTime createdAt, OffsetDateTime gradedAt, String override, boolean late,
                                boolean lateIgnored, double latePenaltyPercent, String peerState, Long eventId) {
    }

    /** A submission to store; {@code graded} is set when it was graded inline, before storing. */
    public record NewSubmission(UUID platformId, UUID assessmentId, String courseId, String learnerId,
                                String idempotencyKey, byte[] requestHash, String response, int version, Graded graded) {
    }

    /** A result stored with the submission: {@code graded} with a score, or {@code routed} to people without one. */
    public record Graded(String status, Double score, double maxScore, String result, String gradedBy) {
        public static Graded scored(double score, double maxScore, String result, String gradedBy) {
            return new Graded("graded", score, maxScore, result, gradedBy);
        }

        public static Graded routed(double maxScore, String result, String gradedBy) {
            return new Graded("routed", null, maxScore, result, gradedBy);
        }
    }

    /** What {@link #insert} found: the stored row, and whether it already existed under that key. */
    public record Stored(SubmissionRow row, boolean replayed) {
    }

    /** Everything a worker needs to grade one accepted submission. */
    public record GradingWork(UUID id, UUID platformId, UUID assessmentId, String courseId, String kind, int version,
                              String definition, String learnerId, String response) {
    }

    /**
     * The assessment got a new version after the submission was checked (and, for quizzes, graded) against the
     * previous one: nothing was stored, and the caller starts again with the new version.
     */
    public static final class VersionMoved extends RuntimeException {
        public VersionMoved() {
            super("the assessment has a newer version", null, false, false);
        }
    }

    /** The assessment refuses late work and its deadline has passed: nothing was stored. */
    public static final class DeadlinePassed extends RuntimeException {
        private final OffsetDateTime dueAt;

        public DeadlinePassed(OffsetDateTime dueAt) {
            super("the deadline passed at " + dueAt, null, false, false);
            this.dueAt = dueAt;
        }

        public OffsetDateTime dueAt() {
            return dueAt;
        }
    }

    /**
     * Commits the submission (and its inline result, if any) in one transaction; a known key returns the first row.
     * The assessment row is share-locked first and must still be at the submission's version: a new version (which
     * updates that row) then commits either before, and the submission is redone against it, or after, and a regrade
     * it is followed by finds this submission. Without the lock a submission checked against the old version could
     * commit after the regrade's snapshot and keep its old score. Under the same lock, an assessment that refuses
     * late work refuses it once its deadline has passed by the database's clock ({@link DeadlinePassed}), unless
     * this is a retry of a submission stored before.
     */
    public Future<Stored> insert(NewSubmission s) {
        UUID id = UUID.randomUUID();
        Graded g = s.graded();
        return pool.withTransaction(c -> c.preparedQuery("""
                                SELECT a.current_version, a.due_at,
                                       a.late_submissions = 'refuse' AND COALESCE(a.due_at <= now(), false)
                                       AND NOT EXISTS (SELECT 1 FROM submissions WHERE platform_id = $2 AND idempotency_key = $3)
                                FROM assessments a WHERE a.id = $1 FOR SHARE""")
                        .execute(Tuple.of(s.assessmentId(), s.platformId(), s.idempotencyKey()))
                        .compose(current -> {
                            if (current.size() == 0) {
                                return Future.succeededFuture();
                            }
                            Row a = current.iterator().next();
                            return a.getInteger(0) != s.version() ? Future.failedFuture(new VersionMoved())
                                    : a.getBoolean(2) ? Future.failedFuture(new DeadlinePassed(a.getOffsetDateTime(1)))
                                    : Future.succeededFuture();
                        })
                        .compose(locked -> c.preparedQuery("""
                                INSERT INTO submissions(id, platform_id, assessment_id, course_id, learner_id, idempotency_key,
                                    request_hash, response, status, submitted_version, graded_version, score, max_score,
                                    result, graded_at, deadline_at_submission, peer_deadline_at_submission)
                                VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9, $10, $11, $12, $13, $14::text::jsonb,
                                        CASE WHEN $11::int IS NULL THEN NULL ELSE now() END,
                                        (SELECT due_at FROM assessments WHERE id = $3),
                                        (SELECT (config->>'submissionDeadline')::timestamptz FROM peer_review_configs
                                         WHERE assessment_id = $3))
                                ON CONFLICT (platform_id, idempotency_key) DO NOTHING
                                RETURNING id""")
                        .execute(Tuple.from(Arrays.asList(id, s.platformId(), s.assessmentId(), s.courseId(), s.learnerId(),
                                s.idempotencyKey(), Buffer.buffer(s.requestHash()), s.response(),
                                g == null ? "accepted" : g.status(), s.version(), g == null ? null : s.version(),
                                g == null ? null : g.score(), g == null ? null : g.maxScore(), g == null ? null : g.result())))
                        .compose(rows -> {
                            if (rows.size() == 0) {
                                return Future.succeededFuture(false);
                            }
                            Future<?> result = g == null ? Future.succeededFuture() : c.preparedQuery("""
                                            INSERT INTO grading_results(submission_id, version, score, max_score, result, graded_by)
                                            VALUES ($1, $2, $3, $4, $5::text::jsonb, $6)""")
                                    .execute(Tuple.of(id, s.version(), g.score(), g.maxScore(), g.result(), g.gradedBy()));
                            // Even an ungraded submission changes the course grade (a missing item becomes pending).
                            return result.compose(r -> grades.recompute(c, s.platformId(), s.courseId(), s.learnerId(),
                                            Instant.now()))
                                    // a result graded inline is told on the learner's stream at once
                                    .compose(r -> g == null ? Future.succeededFuture() : LearnerEventIds.next(c, id))
                                    .map(true);
                        })))
                .compose(inserted -> inserted
                        ? byId(s.platformId(), id).map(r -> new Stored(r.orElseThrow(), false))
                        : byKey(s.platformId(), s.idempotencyKey()).map(r -> new Stored(r.orElseThrow(), true)));
    }

    /** Whether peers grade the assessment's work (it has a peer-review configuration). */
    public Future<Boolean> peerReviewed(UUID assessmentId) {
        return peerReviewed(pool, assessmentId);
    }

    static Future<Boolean> peerReviewed(Pool pool, UUID assessmentId) {
        return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM peer_review_configs WHERE assessment_id = $1)")
                .execute(Tuple.of(assessmentId)).map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** The work for an accepted submission; empty when it is unknown or already graded. */
    public Future<Optional<GradingWork>> work(UUID submissionId) {
        return pool.preparedQuery("""
                        SELECT s.id, s.platform_id, s.assessment_id, a.kind, s.submitted_version, v.definition::text,
                               s.learner_id, s.response::text, s.course_id
                        FROM submissions s JOIN assessments a ON a.id = s.assessment_id
                        JOIN assessment_versions v ON v.assessment_id = s.assessment_id AND v.version = s.submitted_version
                        WHERE s.id = $1 AND s.graded_version IS NULL
                          -- overridden before it was graded: the grader's result is still stored beneath the override
                          AND (s.status = 'accepted' OR s.override IS NOT NULL)""")
                .execute(Tuple.of(submissionId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new GradingWork(r.getUUID(0), r.getUUID(1), r.getUUID(2), r.getString(8),
                            r.getString(3), r.getInteger(4), r.getString(5), r.getString(6), r.getString(7)));
                });
    }

    /**
     * Stores a worker's result exactly once; returns the event id the learner's stream tells it by, empty when
     * another run already stored it (or a regrade moved the submission past this version meanwhile).
     */
    public Future<OptionalLong> complete(UUID submissionId, int version, Graded g) {
        return finish(submissionId, version, "graded", g.score(), g.maxScore(), g.result(), g.gradedBy());
    }

    /**
     * Stores, exactly once like {@link #complete}, that a submission was routed to peer or staff review: an outcome
     * with no score ({@code status = 'routed'}); {@code result} holds the reasons and the learner's message.
     */
    public Future<OptionalLong> route(UUID submissionId, int version, double maxScore, String result, String gradedBy) {
        return finish(submissionId, version, "routed", null, maxScore, result, gradedBy);
    }

    private Future<OptionalLong> finish(UUID submissionId, int version, String status, Double score, double maxScore,
                                        String result, String gradedBy) {
        return pool.withTransaction(c -> c.preparedQuery("""
                                INSERT INTO grading_results(submission_id, version, score, max_score, result, graded_by)
                                VALUES ($1, $2, $3, $4, $5::text::jsonb, $6) ON CONFLICT DO NOTHING RETURNING submission_id""")
                .execute(Tuple.from(Arrays.asList(submissionId, version, score, maxScore, result, gradedBy)))
                .compose(rows -> rows.size() == 0 ? Future.succeededFuture(OptionalLong.empty()) : c.preparedQuery("""
                                UPDATE submissions SET graded_version = $2, result = $5::text::jsonb, graded_at = now(),
                                       completed_xid = pg_current_xact_id(),
                                       -- a staff override keeps its score; the grader's result is kept beneath it
                                       status = CASE WHEN override IS NULL THEN $6 ELSE status END,
                                       score = CASE WHEN override IS NULL THEN $3 ELSE score END,
                                       max_score = CASE WHEN override IS NULL THEN $4 ELSE max_score END
                                WHERE id = $1 AND (graded_version IS NULL OR graded_version < $2)
                                RETURNING platform_id, course_id, learner_id""")
                        .execute(Tuple.from(Arrays.asList(submissionId, version, score, maxScore, result, status)))
                        .compose(updated -> updated.size() == 0 ? Future.succeededFuture(OptionalLong.empty())
                                : grades.recomputeReturned(c, updated)
                                        .compose(v -> LearnerEventIds.next(c, submissionId))
                                        .map(OptionalLong::of))));
    }

    /**
     * Sets a staff override of the submission's score (its maximum stays the grader's unless the submission has
     * none yet, when {@code maxScore} gives it), and recomputes the learner's course grade in the same transaction.
     * Empty when the submission is not the platform's.
     */
    public Future<Optional<SubmissionRow>> override(UUID platformId, UUID id, double score, Double maxScore,
                                                    String reason, String by) {
        return pool.withTransaction(c -> c.preparedQuery("""
                                UPDATE submissions SET status = 'graded', score = $3,
                                       max_score = COALESCE(max_score, $4),
                                       override = jsonb_build_object('score', $3::float8, 'maxScore', COALESCE(max_score, $4),
                                           'reason', $5::text, 'by', $6::text, 'at', now())
                                WHERE platform_id = $1 AND id = $2
                                RETURNING platform_id, course_id, learner_id""")
                        .execute(Tuple.from(Arrays.asList(platformId, id, score, maxScore, reason, by)))
                        .compose(updated -> updated.size() == 0 ? Future.succeededFuture(false)
                                : grades.recomputeReturned(c, updated).compose(v -> LearnerEventIds.next(c, id)).map(true)))
                .compose(found -> found ? byId(platformId, id) : Future.succeededFuture(Optional.empty()));
    }

    /**
     * Removes a staff override: the grader's latest result counts again (or, never graded, the submission waits
     * for the worker pool as accepted work), and the course grade is recomputed in the same transaction.
     */
    public Future<Optional<SubmissionRow>> clearOverride(UUID platformId, UUID id) {
        return pool.withTransaction(c -> c.preparedQuery("""
                                UPDATE submissions s SET override = NULL,
                                       -- a published peer grade counts again, on the assessment's scale as the
                                       -- publisher writes it (PeerPublisher); otherwise the grader's latest result
                                       score = CASE WHEN p.score IS NOT NULL
                                                    THEN %s
                                                    ELSE r.score END,
                                       max_score = CASE WHEN p.score IS NOT NULL THEN COALESCE(NULLIF(r.max_score, 0), p.max)
                                                        ELSE r.max_score END,
                                       status = CASE WHEN p.score IS NOT NULL THEN 'graded'
                                                     WHEN s.graded_version IS NULL THEN 'accepted'
                                                     WHEN r.score IS NULL THEN 'routed' ELSE 'graded' END
                                FROM submissions t LEFT JOIN grading_results r
                                     ON r.submission_id = t.id AND r.version = t.graded_version
                                     LEFT JOIN LATERAL (
                                         SELECT (t.result->'peerGrade'->>'score')::float8 AS score,
                                                -- published before peer grades recorded their minimum: 0
                                                COALESCE((t.result->'peerGrade'->>'minScore')::float8, 0) AS min,
                                                (t.result->'peerGrade'->>'maxScore')::float8 AS max
                                         WHERE t.peer_graded_at IS NOT NULL
                                           AND t.result->'peerGrade'->>'maxScore' IS NOT NULL) p ON true
                                WHERE t.id = s.id AND s.platform_id = $1 AND s.id = $2 AND s.override IS NOT NULL
                                RETURNING s.platform_id, s.course_id, s.learner_id"""
                                .formatted(PeerScale.onGradersScale("LEAST(GREATEST(p.score, p.min), p.max)", "p.min", "p.max",
                                        "NULLIF(r.max_score, 0)")))
                        .execute(Tuple.of(platformId, id))
                        .compose(updated -> grades.recomputeReturned(c, updated).map(updated.size() > 0))
                        // A peer grade published before peer grades recorded their maximum is written again.
                        .compose(removed -> c.preparedQuery("""
                                        UPDATE peer_review_configs SET grades_changed_at = now()
                                        WHERE assessment_id = (SELECT assessment_id FROM submissions
                                                               WHERE id = $1 AND peer_graded_at IS NOT NULL
                                                                 AND result->'peerGrade'->>'maxScore' IS NULL)""")
                                .execute(Tuple.of(id))
                                .compose(v -> removed ? LearnerEventIds.next(c, id) : Future.succeededFuture())))
                .compose(v -> byId(platformId, id));
    }

    /**
     * Which of the learner's submissions to the assessment can count toward the course grade: with the course's
     * {@code attempts: highest} any made in time ({@code mayCount} empty), since any may turn out the best once
     * graded; with {@code latest} the latest made in time, which will count once graded, and the one that counts now
     * (the latest graded, while a later one is being graded). {@code anyInTime} is false when every one was late and
     * late work does not count.
     */
    public Future<Counting> counting(UUID platformId, UUID assessmentId, String learnerId) {
        String mine = """
                FROM submissions s JOIN assessments a ON a.id = s.assessment_id
                WHERE s.platform_id = $1 AND s.assessment_id = $2 AND s.learner_id = $3
                  AND NOT """ + LateWork.notCounted("a", "s");
        return pool.preparedQuery("SELECT (SELECT s.id " + mine + " ORDER BY s.created_at DESC, s.id DESC LIMIT 1),"
                        + " (SELECT s.id " + mine + " ORDER BY " + CountingWork.order("a", "s", false, CountingWork.peerReviewed("a")) + " LIMIT 1),"
                        + " (SELECT " + CountingWork.highestInStoredPolicy("s") + " " + mine + " LIMIT 1)")
                .execute(Tuple.of(platformId, assessmentId, learnerId))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    if (r.getUUID(0) == null) {
                        return new Counting(false, java.util.Set.of());
                    }
                    return new Counting(true, r.getBoolean(2) ? java.util.Set.of()
                            : java.util.Set.copyOf(java.util.List.of(r.getUUID(0), r.getUUID(1))));
                });
    }

    /** See {@link #counting}; {@code mayCount} empty: any submission in time may count. */
    public record Counting(boolean anyInTime, java.util.Set<UUID> mayCount) {
    }

    public Future<Optional<SubmissionRow>> byKey(UUID platformId, String key) {
        return one(SELECT + " WHERE s.platform_id = $1 AND s.idempotency_key = $2", Tuple.of(platformId, key));
    }

    /** Which of {@code ids} have a staff override (read by id: a regrade batch asks about its own items only). */
    public Future<java.util.Set<UUID>> overridden(java.util.Collection<UUID> ids) {
        return pool.preparedQuery("SELECT id FROM submissions WHERE id = ANY($1) AND override IS NOT NULL")
                .execute(Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    java.util.Set<UUID> out = new java.util.HashSet<>();
                    rows.forEach(r -> out.add(r.getUUID("id")));
                    return out;
                });
    }

    /**
     * The staff overrides of an assessment's submissions (their stored JSON), by submission id: each counts in the
     * course grade instead of the submission's grader result or peer grade.
     */
    public Future<java.util.Map<String, String>> overrides(UUID assessmentId) {
        return pool.preparedQuery("SELECT id, override::text AS override FROM submissions"
                        + " WHERE assessment_id = $1 AND override IS NOT NULL")
                .execute(Tuple.of(assessmentId))
                .map(rows -> {
                    java.util.Map<String, String> out = new java.util.HashMap<>();
                    rows.forEach(r -> out.put(r.getUUID("id").toString(), r.getString("override")));
                    return out;
                });
    }

    public Future<Optional<SubmissionRow>> byId(UUID platformId, UUID id) {
        return one(SELECT + " WHERE s.platform_id = $1 AND s.id = $2", Tuple.of(platformId, id));
    }

    /** A learner's submissions, newest first, optionally within one course or assessment. */
    public Future<List<SubmissionRow>> byLearner(UUID platformId, String learnerId, String courseId, UUID assessmentId,
                                                 int limit, int offset) {
        return pool.preparedQuery(SELECT + """
                         WHERE s.platform_id = $1 AND s.learner_id = $2
                          AND ($3::text IS NULL OR s.course_id = $3) AND ($4::uuid IS NULL OR s.assessment_id = $4)
                        ORDER BY s.created_at DESC, s.id LIMIT $5 OFFSET $6""")
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

    static SubmissionRow toRow(Row r) {
        Buffer hash = r.getBuffer("request_hash");
        return new SubmissionRow(r.getUUID("id"), r.getUUID("assessment_id"), r.getString("kind"), r.getString("course_id"),
                r.getString("learner_id"), r.getString("idempotency_key"), hash == null ? new byte[0] : hash.getBytes(),
                r.getString("response"), r.getString("status"), r.getInteger("submitted_version"),
                r.getInteger("graded_version"), r.getDouble("score"), r.getDouble("max_score"), r.getString("result"),
                r.getOffsetDateTime("created_at"), r.getOffsetDateTime("graded_at"), r.getString("override"),
                r.getBoolean("late"), r.getBoolean("ignored"), r.getDouble("penalty_percent"), r.getString("peer_state"),
                r.getLong("event_id"));
    }
}
