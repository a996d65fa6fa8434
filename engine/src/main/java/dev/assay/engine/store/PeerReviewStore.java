package dev.assay.engine.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Peer-review configurations (read side; writes are {@link PeerConfigStore}'s), calibration attempts, reviews (read
 * side), ratings and staff overrides. Handing out
 * leases is {@link PeerLeaseStore}'s, because it is the one part that must be safe under concurrency.
 */
public final class PeerReviewStore {
    private final Pool pool;
    /** Where single statements go: the pool, or the connection of a transaction ({@link #within}). */
    private final SqlClient client;

    public PeerReviewStore(Pool pool) {
        this(pool, pool);
    }

    private PeerReviewStore(Pool pool, SqlClient client) {
        this.pool = pool;
        this.client = client;
    }

    /**
     * This store reading and writing through {@code c}, the connection of a transaction that holds locks: its reads
     * then need no second connection, which a full pool (of requests waiting on those locks) would never give.
     */
    public PeerReviewStore within(SqlClient c) {
        return new PeerReviewStore(pool, c);
    }

    public record ConfigRow(UUID assessmentId, String config, int version, OffsetDateTime updatedAt) {
    }

    public record AttemptRow(long id, String learnerId, String exampleId, boolean passed, double meanDistance,
                             double totalError, OffsetDateTime createdAt) {
    }

    /** A completed review with what the aggregation and the views need. */
    public record ReviewRow(UUID id, UUID submissionId, String author, String reviewerId, String scores,
                            String comments, double total, boolean counts, Integer helpfulness, boolean flagged,
                            String flagReason, OffsetDateTime completedAt) {
    }

    /** The latest submission of each learner to the assessment: the ones peers review. */
    /**
     * @param published the peer grade published as final into the submission's score, or null: it stands whatever
     *                  reviews come after it (see {@code PeerGrades})
     */
    /**
     * @param late whether it is late for peer review: after the later of the configuration's submission deadline and
     *             the one in force when it was sent (never late when either is none); null: judged against the
     *             configuration's deadline alone
     */
    public record PeerSubmission(UUID id, String learnerId, OffsetDateTime createdAt, Published published, Boolean late) {
        public PeerSubmission(UUID id, String learnerId, OffsetDateTime createdAt, Published published) {
            this(id, learnerId, createdAt, published, null);
        }

        public PeerSubmission(UUID id, String learnerId, OffsetDateTime createdAt) {
            this(id, learnerId, createdAt, null, null);
        }
    }

    /** A published final peer grade: its score and 90 % interval (null bounds when it had none). */
    public record Published(double score, Double low, Double high) {
    }

    public record Override(UUID submissionId, double score, String reason, OffsetDateTime createdAt) {
    }

    public Future<Optional<ConfigRow>> config(UUID platformId, UUID assessmentId) {
        return client.preparedQuery("""
                        SELECT assessment_id, config::text AS config, version, updated_at FROM peer_review_configs
                        WHERE assessment_id = $1 AND platform_id = $2""")
                .execute(Tuple.of(assessmentId, platformId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(config(rows.iterator().next())));
    }

    static ConfigRow config(Row r) {
        return new ConfigRow(r.getUUID("assessment_id"), r.getString("config"), r.getInteger("version"),
                r.getOffsetDateTime("updated_at"));
    }

    /** What became of a calibration attempt sent to {@link #addAttempt}. */
    public sealed interface AttemptOutcome {
        record Added(AttemptRow row) implements AttemptOutcome {
        }

        /** Nothing stored: the learner already passed, or made every attempt allowed. */
        record Refused() implements AttemptOutcome {
        }

        /** Nothing stored: the configuration it was scored under has been replaced since. */
        record StaleConfig() implements AttemptOutcome {
        }
    }

    /**
     * Records a calibration attempt scored under configuration {@code configVersion}, unless the learner already
     * passed or already made {@code maxAttempts}, or the configuration has been replaced since (it may judge the
     * example differently). The configuration row is locked first, as a replacement locks it, so an attempt is
     * either judged by the configuration that is stored when it commits or seen by the replacement's check. The
     * count and the insert run under a lock on (assessment, learner), so attempts sent at once cannot both slip
     * under the limit.
     */
    public Future<AttemptOutcome> addAttempt(UUID assessmentId, int configVersion, String learnerId, String exampleId,
                                             String scores, boolean passed, double meanDistance, double totalError,
                                             int maxAttempts) {
        return pool.withTransaction(c -> c.preparedQuery(
                        "SELECT version FROM peer_review_configs WHERE assessment_id = $1 FOR NO KEY UPDATE")
                .execute(Tuple.of(assessmentId))
                .compose(cfg -> cfg.size() == 0 || cfg.iterator().next().getInteger(0) != configVersion
                        ? Future.succeededFuture(new AttemptOutcome.StaleConfig())
                        : addAttempt(c, assessmentId, learnerId, exampleId, scores, passed, meanDistance, totalError, maxAttempts)));
    }

    private Future<AttemptOutcome> addAttempt(SqlConnection c, UUID assessmentId, String learnerId, String exampleId,
                                              String scores, boolean passed, double meanDistance, double totalError,
                                              int maxAttempts) {
        return c.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || $2, 7))")
                .execute(Tuple.of(assessmentId.toString(), learnerId))
                .compose(locked -> c.preparedQuery("""
                        WITH a AS (
                            INSERT INTO peer_calibration_attempts(assessment_id, learner_id, example_id, scores, passed,
                                mean_distance, total_error)
                            SELECT $1, $2, $3, $4::text::jsonb, $5, $6, $7
                            WHERE (SELECT count(*) FILTER (WHERE passed) = 0 AND count(*) < $8
                                   FROM peer_calibration_attempts WHERE assessment_id = $1 AND learner_id = $2)
                            RETURNING id, learner_id, example_id, passed, mean_distance, total_error, created_at),
                        changed AS (
                            -- calibration informs the reviewer's reliability, and so the grades
                            UPDATE peer_review_configs SET grades_changed_at = now()
                            WHERE assessment_id = $1 AND EXISTS (SELECT 1 FROM a))
                        SELECT * FROM a""")
                        .execute(Tuple.from(Arrays.asList(assessmentId, learnerId, exampleId, scores, passed, meanDistance,
                                totalError, maxAttempts))))
                .map(rows -> rows.size() == 0 ? new AttemptOutcome.Refused() : new AttemptOutcome.Added(attempt(rows.iterator().next())));
    }

    /** Whether any of {@code learnerIds} (a learner and their team-mates) submitted to the assessment. */
    public Future<Boolean> anySubmitted(UUID assessmentId, List<String> learnerIds) {
        return client.preparedQuery("SELECT EXISTS (SELECT 1 FROM submissions WHERE assessment_id = $1 AND learner_id = ANY($2))")
                .execute(Tuple.tuple().addUUID(assessmentId).addArrayOfString(learnerIds.toArray(String[]::new)))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    /** A learner's attempts, or everyone's when {@code learnerId} is null, oldest first. */
    public Future<List<AttemptRow>> attempts(UUID assessmentId, String learnerId) {
        return client.preparedQuery("""
                        SELECT id, learner_id, example_id, passed, mean_distance, total_error, created_at
                        FROM peer_calibration_attempts WHERE assessment_id = $1 AND ($2::text IS NULL OR learner_id = $2)
                        ORDER BY id""")
                .execute(Tuple.from(Arrays.asList(assessmentId, learnerId)))
                .map(rows -> {
                    var out = new ArrayList<AttemptRow>();
                    rows.forEach(r -> out.add(attempt(r)));
                    return out;
                });
    }

    private static AttemptRow attempt(Row r) {
        return new AttemptRow(r.getLong("id"), r.getString("learner_id"), r.getString("example_id"),
                r.getBoolean("passed"), r.getDouble("mean_distance"), r.getDouble("total_error"),
                r.getOffsetDateTime("created_at"));
    }

    /**
     * What the computed peer grades of an assessment depend on, short of the time: the configuration version, the
     * last change to reviews, overrides, calibration and ratings, and the submissions (how many, the latest).
     */
    public record GradeStamp(int version, OffsetDateTime changedAt, long submissions, OffsetDateTime latestSubmission) {
    }

    /** The assessment's stamp; empty without a configuration. */
    public Future<Optional<GradeStamp>> gradeStamp(UUID assessmentId) {
        return client.preparedQuery("""
                        SELECT p.version, p.grades_changed_at, s.n, s.latest FROM peer_review_configs p,
                            LATERAL (SELECT count(*) AS n, max(created_at) AS latest FROM submissions
                                     WHERE assessment_id = $1) s
                        WHERE p.assessment_id = $1""")
                .execute(Tuple.of(assessmentId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new GradeStamp(r.getInteger(0), r.getOffsetDateTime(1), r.getLong(2),
                            r.getOffsetDateTime(3)));
                });
    }

    public Future<List<PeerSubmission>> submissions(UUID assessmentId) {
        return client.preparedQuery("""
                        SELECT c.id, c.learner_id, c.created_at, c.published, c.low, c.high, c.late FROM (
                            SELECT DISTINCT ON (s.learner_id) s.id, s.learner_id, s.created_at,
                                   COALESCE(s.created_at > GREATEST((p.config->>'submissionDeadline')::timestamptz,
                                                                    s.peer_deadline_at_submission)
                                            AND p.config->>'submissionDeadline' IS NOT NULL
                                            AND s.peer_deadline_at_submission IS NOT NULL, false) AS late,
                                   CASE WHEN s.peer_graded_at IS NOT NULL AND s.result->'peerGrade'->>'status' = 'final'
                                        THEN (s.result->'peerGrade'->>'score')::float8 END AS published,
                                   (s.result->'peerGrade'->'interval'->>'low')::float8 AS low,
                                   (s.result->'peerGrade'->'interval'->>'high')::float8 AS high,
                                   """ + PeerWork.forPeers("a", "s") + """
                         AS for_peers
                            FROM submissions s JOIN assessments a ON a.id = s.assessment_id
                            LEFT JOIN peer_review_configs p ON p.assessment_id = s.assessment_id
                            WHERE s.assessment_id = $1 AND NOT """ + LateWork.notCounted("a", "s") + """
                            ORDER BY s.learner_id, s.created_at DESC, s.id DESC) c
                        -- the learner's submission that counts, when it is one peers grade
                        WHERE c.for_peers""")
                .execute(Tuple.of(assessmentId))
                .map(rows -> {
                    var out = new ArrayList<PeerSubmission>();
                    rows.forEach(r -> {
                        Double published = r.getDouble("published");
                        out.add(new PeerSubmission(r.getUUID("id"), r.getString("learner_id"),
                                r.getOffsetDateTime("created_at"), published == null ? null
                                : new Published(published, r.getDouble("low"), r.getDouble("high")),
                                r.getBoolean("late")));
                    });
                    return out;
                });
    }

    private static final String REVIEWS = """
            SELECT r.id, r.submission_id, s.learner_id AS author, r.reviewer_id, r.scores::text AS scores,
                   r.comments::text AS comments, r.total, r.counts, r.helpfulness, r.flagged, r.flag_reason, r.completed_at
            FROM peer_reviews r JOIN submissions s ON s.id = r.submission_id
            WHERE r.completed_at IS NOT NULL AND r.assessment_id = $1
            """;

    /** Completed reviews of the assessment, or only those of the submission {@code submissionId} when given. */
    public Future<List<ReviewRow>> reviews(UUID assessmentId, UUID submissionId) {
        return client.preparedQuery(REVIEWS + " AND ($2::uuid IS NULL OR r.submission_id = $2) ORDER BY r.completed_at, r.id")
                .execute(Tuple.from(Arrays.asList(assessmentId, submissionId)))
                .map(rows -> {
                    var out = new ArrayList<ReviewRow>();
                    rows.forEach(r -> out.add(new ReviewRow(r.getUUID("id"), r.getUUID("submission_id"),
                            r.getString("author"), r.getString("reviewer_id"), r.getString("scores"),
                            r.getString("comments"), r.getDouble("total"), r.getBoolean("counts"),
                            r.getInteger("helpfulness"), r.getBoolean("flagged"), r.getString("flag_reason"),
                            r.getOffsetDateTime("completed_at"))));
                    return out;
                });
    }

    /**
     * Records which reviewers' reviews stop counting toward k (flagged lazy). Only rows whose flag changes are
     * written, so calling it with the same set again writes nothing.
     */
    public Future<Integer> setCounting(UUID assessmentId, List<String> lazyReviewers) {
        // A completed review that stops (or starts again) counting changes its submission's queue load.
        return client.preparedQuery("""
                        WITH flipped AS (
                            UPDATE peer_reviews SET counts = NOT (reviewer_id = ANY($2))
                            WHERE assessment_id = $1 AND counts IS DISTINCT FROM NOT (reviewer_id = ANY($2))
                            RETURNING submission_id, counts, completed_at IS NOT NULL AS completed),
                        loads AS (
                            UPDATE peer_queue q SET load = q.load + d.delta
                            FROM (SELECT submission_id, sum(CASE WHEN counts THEN 1 ELSE -1 END) AS delta FROM flipped
                                  WHERE completed GROUP BY submission_id) d
                            WHERE q.submission_id = d.submission_id)
                        SELECT count(*) FROM flipped""")
                .execute(Tuple.tuple().addUUID(assessmentId).addArrayOfString(lazyReviewers.toArray(String[]::new)))
                .map(rows -> rows.iterator().next().getLong(0).intValue());
    }

    /**
     * The author of the reviewed submission rates a completed review: helpfulness 1–5 and/or a flag. Empty when the
     * review does not exist, is not complete, or is not of one of {@code author}'s submissions.
     */
    /**
     * A completed review of {@code author}'s work: its assessment and submission, and whether the submission's
     * grade as published (or a staff override of it) already shows the review to its author.
     */
    public record RatedReview(UUID assessmentId, UUID submissionId, boolean shownAsPublished) {
    }

    public Future<Optional<RatedReview>> reviewOfAuthor(UUID platformId, UUID reviewId, String author) {
        return client.preparedQuery("""
                        SELECT r.assessment_id, r.submission_id,
                               s.override IS NOT NULL OR COALESCE(s.result->'peerGrade'->>'status' IN ('final', 'overridden'), false)
                        FROM peer_reviews r JOIN submissions s ON s.id = r.submission_id
                        WHERE r.id = $1 AND s.platform_id = $2 AND s.learner_id = $3 AND r.completed_at IS NOT NULL""")
                .execute(Tuple.of(reviewId, platformId, author))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(new RatedReview(
                        rows.iterator().next().getUUID(0), rows.iterator().next().getUUID(1), rows.iterator().next().getBoolean(2))));
    }

    /** A review's rating by its author as stored: helpfulness (null until given) and whether it is flagged. */
    public record Rating(Integer helpfulness, boolean flagged, String flagReason) {
    }

    /** Rates a completed review of the author's work (null fields keep what was stored); empty when there is none. */
    public Future<Optional<Rating>> rate(UUID platformId, UUID reviewId, String author, Integer helpfulness,
                                         Boolean flagged, String reason) {
        return client.preparedQuery("""
                        WITH rated AS (
                            UPDATE peer_reviews r SET helpfulness = COALESCE($4, r.helpfulness),
                                   flagged = COALESCE($5, r.flagged), flag_reason = COALESCE($6, r.flag_reason)
                            FROM submissions s
                            WHERE r.id = $1 AND s.id = r.submission_id AND s.platform_id = $2 AND s.learner_id = $3
                              AND r.completed_at IS NOT NULL
                            RETURNING r.assessment_id, r.helpfulness, r.flagged, r.flag_reason),
                        changed AS (
                            -- what staff see of reviewers (helpfulness, flags) is part of the computed grades
                            UPDATE peer_review_configs SET grades_changed_at = now()
                            WHERE assessment_id = (SELECT assessment_id FROM rated))
                        SELECT helpfulness, flagged, flag_reason FROM rated""")
                .execute(Tuple.from(Arrays.asList(reviewId, platformId, author, helpfulness, flagged, reason)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.<Rating>empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new Rating(r.getInteger("helpfulness"), Boolean.TRUE.equals(r.getBoolean("flagged")),
                            r.getString("flag_reason")));
                });
    }

    /** Stores the override; empty when the assessment is not (or no longer) peer reviewed. */
    public Future<Optional<Override>> putOverride(UUID submissionId, double score, String reason) {
        return client.preparedQuery("""
                        WITH cfg AS (
                            -- the lock a removal of the configuration takes: an override is never stored beside a
                            -- removal that did not see it
                            SELECT p.assessment_id FROM peer_review_configs p JOIN submissions s ON s.assessment_id = p.assessment_id
                            WHERE s.id = $1 FOR NO KEY UPDATE OF p),
                        o AS (
                            INSERT INTO peer_grade_overrides(submission_id, score, reason)
                            SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM cfg)
                            ON CONFLICT (submission_id) DO UPDATE SET score = EXCLUDED.score, reason = EXCLUDED.reason,
                                created_at = now()
                            RETURNING submission_id, score, reason, created_at),
                        changed AS (
                            -- the publisher writes the override into the submission's score and the course grade
                            UPDATE peer_review_configs SET grades_changed_at = now()
                            WHERE assessment_id = (SELECT assessment_id FROM submissions WHERE id = $1))
                        SELECT * FROM o""")
                .execute(Tuple.of(submissionId, score, reason))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(override(rows.iterator().next())));
    }

    /**
     * Removes the staff override of a submission's peer grade; false when it had none. In one transaction: the score
     * the override had published is taken back (the grader's result stands again), {@code publish} then writes the
     * peers' grade where it is final, and only then is the learner's course grade recomputed, so a final peer grade
     * replaces the override without an outcome event saying "pending" in between. A staff override of the
     * submission itself is left as it is. The submission, and those {@code publish} wrote (it returns them), take
     * their learners' next stream event ids.
     */
    public Future<Boolean> deleteOverride(UUID submissionId, CourseGradeStore grades,
                                          java.util.function.Function<SqlClient, Future<List<UUID>>> publish) {
        return pool.withTransaction(c -> c.preparedQuery("""
                        WITH gone AS (DELETE FROM peer_grade_overrides WHERE submission_id = $1 RETURNING submission_id),
                        changed AS (
                            UPDATE peer_review_configs SET grades_changed_at = now()
                            WHERE assessment_id = (SELECT assessment_id FROM submissions WHERE id = $1)
                              AND EXISTS (SELECT 1 FROM gone))
                        SELECT count(*) FROM gone""")
                .execute(Tuple.of(submissionId))
                .compose(rows -> rows.iterator().next().getLong(0) == 0 ? Future.succeededFuture(false)
                        : c.preparedQuery("""
                                UPDATE submissions s SET peer_graded_at = NULL, result = s.result - 'peerGrade',
                                       score = CASE WHEN s.override IS NULL THEN r.score ELSE s.score END,
                                       max_score = CASE WHEN s.override IS NULL THEN r.max_score ELSE s.max_score END,
                                       status = CASE WHEN s.override IS NOT NULL THEN s.status
                                                     WHEN s.graded_version IS NULL THEN 'accepted'
                                                     WHEN r.score IS NULL THEN 'routed' ELSE 'graded' END
                                FROM submissions t LEFT JOIN grading_results r
                                     ON r.submission_id = t.id AND r.version = t.graded_version
                                WHERE t.id = s.id AND s.id = $1 AND s.result->'peerGrade'->>'status' = 'overridden'
                                RETURNING s.platform_id, s.course_id, s.learner_id""")
                        .execute(Tuple.of(submissionId))
                        .compose(updated -> publish.apply(c).compose(written -> grades.recomputeReturned(c, updated)
                                .compose(v -> {
                                    List<UUID> changed = new ArrayList<>(written);
                                    if (updated.size() > 0) {
                                        changed.add(submissionId);
                                    }
                                    return LearnerEventIds.next(c, changed);
                                })))
                        .map(true)));
    }

    public Future<List<Override>> overrides(UUID assessmentId) {
        return client.preparedQuery("""
                        SELECT o.submission_id, o.score, o.reason, o.created_at FROM peer_grade_overrides o
                        JOIN submissions s ON s.id = o.submission_id WHERE s.assessment_id = $1""")
                .execute(Tuple.of(assessmentId))
                .map(rows -> {
                    var out = new ArrayList<Override>();
                    rows.forEach(r -> out.add(override(r)));
                    return out;
                });
    }

    private static Override override(Row r) {
        return new Override(r.getUUID("submission_id"), r.getDouble("score"), r.getString("reason"),
                r.getOffsetDateTime("created_at"));
    }
}
