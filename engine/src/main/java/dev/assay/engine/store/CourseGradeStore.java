package dev.assay.engine.store;

import dev.assay.engine.outcomes.CourseGrade;
import dev.assay.engine.outcomes.GradingPolicy;
import dev.assay.engine.outcomes.GradingPolicyCodec;
import dev.assay.engine.outcomes.Outcome;
import dev.assay.engine.outcomes.OutcomeState;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Recomputes learners' course grades inside the caller's transaction, and writes an outcome event to the outbox
 * (with one pending delivery per enabled webhook endpoint) when the outcome or band really changed. Every change
 * of a grade calls it in the transaction that made the change, so the outbox holds an event exactly when the
 * change committed: a crash before commit loses both, a crash after commit leaves the event for the relay.
 *
 * <p>The learner's {@code course_grades} row is locked first, which serialises concurrent recomputes for one
 * learner: the second sees the first's committed submissions and its version, so versions never collide or skip.
 */
public final class CourseGradeStore {
    private static final int POLICY_CACHE = 256;

    /** Parsed policies by their stored JSON and the course's assessment ids (a policy is re-read per recompute). */
    private final Map<String, GradingPolicy> parsed = new ConcurrentHashMap<>();

    /** What a recompute needs about the course: its policy and the deadlines of its assessments. */
    /**
     * @param peerReviewed the course's peer-reviewed assessments and their review deadlines (null: none set)
     */
    public record CourseContext(UUID platformId, String courseId, GradingPolicy policy, int policyVersion,
                                Map<String, Instant> deadlines, Map<String, Instant> peerReviewed) {

        /** Whether no learner can give more peer reviews: every peer-reviewed assessment's review deadline passed. */
        boolean reviewWindowClosed(Instant now) {
            return !peerReviewed.isEmpty() && peerReviewed.values().stream().allMatch(d -> d != null && !now.isBefore(d));
        }
    }

    /** The course's policy and deadlines, or empty when the course has no grading policy (then there is no grade). */
    public Future<Optional<CourseContext>> context(SqlClient c, UUID platformId, String courseId) {
        return c.preparedQuery("SELECT policy::text, version FROM grading_policies WHERE platform_id = $1 AND course_id = $2")
                .execute(Tuple.of(platformId, courseId))
                .compose(policies -> {
                    if (policies.size() == 0) {
                        return Future.succeededFuture(Optional.empty());
                    }
                    Row p = policies.iterator().next();
                    return c.preparedQuery("""
                                    SELECT a.id, a.due_at, p.assessment_id IS NOT NULL AS peer, p.review_deadline
                                    FROM assessments a LEFT JOIN peer_review_configs p ON p.assessment_id = a.id
                                    WHERE a.platform_id = $1 AND a.course_id = $2""")
                            .execute(Tuple.of(platformId, courseId))
                            .map(rows -> {
                                Map<String, Instant> deadlines = new HashMap<>();
                                Map<String, Instant> peerReviewed = new HashMap<>();
                                rows.forEach(r -> {
                                    String id = r.getUUID(0).toString();
                                    deadlines.put(id, instant(r.getOffsetDateTime(1)));
                                    if (r.getBoolean(2)) {
                                        peerReviewed.put(id, instant(r.getOffsetDateTime(3)));
                                    }
                                });
                                GradingPolicy policy = policy(p.getString(0), deadlines.keySet());
                                return Optional.of(new CourseContext(platformId, courseId, policy, p.getInteger(1),
                                        deadlines, peerReviewed));
                            });
                });
    }

    /** Recomputes one learner's grade in the caller's transaction; the change recorded, if the outcome changed. */
    public Future<Integer> recompute(SqlClient c, UUID platformId, String courseId, String learnerId, Instant now) {
        return recomputeMany(c, platformId, courseId, List.of(learnerId), now);
    }

    /**
     * Recomputes several learners of one course in the caller's transaction with a fixed number of statements
     * (see {@link BatchRecompute}); nothing when the course has no grading policy. Returns the events written.
     */
    public Future<Integer> recomputeMany(SqlClient c, UUID platformId, String courseId, List<String> learners,
                                         Instant now) {
        return context(c, platformId, courseId).compose(ctx -> ctx.isEmpty()
                ? Future.succeededFuture(0)
                : BatchRecompute.run(c, ctx.get(), learners, now));
    }

    /** The locked state from a row whose columns {@code from..from+2} are what the lock returns. */
    static OutcomeState lockedState(Row r, int from) {
        return new OutcomeState(Outcome.valueOf(r.getString(from).toUpperCase(Locale.ROOT)), r.getString(from + 1),
                r.getLong(from + 2));
    }

    /**
     * Recomputes the grade of the learner whose submission an {@code UPDATE submissions ... RETURNING platform_id,
     * course_id, learner_id} changed (nothing when it changed no row), in that update's transaction.
     */
    public Future<Void> recomputeReturned(SqlClient c, io.vertx.sqlclient.RowSet<Row> updated) {
        if (updated.size() == 0) {
            return Future.succeededFuture();
        }
        Row r = updated.iterator().next();
        return recompute(c, r.getUUID("platform_id"), r.getString("course_id"), r.getString("learner_id"), Instant.now())
                .mapEmpty();
    }

    /** The learner's grade as of {@code now}, computed from the store without writing anything. */
    public Future<CourseGrade> compute(SqlClient c, CourseContext ctx, String learnerId, Instant now) {
        return BatchRecompute.grades(c, ctx, new String[]{learnerId}, now).map(grades -> grades.get(learnerId));
    }

    static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /**
     * Asks, in the caller's transaction, for every learner of the course to be recomputed (by
     * {@link #recomputeNextBatch}). A request not yet started for the course already covers it.
     */
    public static Future<Void> requestRecompute(SqlClient c, UUID platformId, String courseId, String reason) {
        return c.preparedQuery("""
                        INSERT INTO course_recomputes(platform_id, course_id, reason)
                        SELECT $1, $2, $3 WHERE NOT EXISTS (
                            SELECT 1 FROM course_recomputes WHERE platform_id = $1 AND course_id = $2
                              AND done_at IS NULL AND after_learner IS NULL)""")
                .execute(Tuple.of(platformId, courseId, reason)).mapEmpty();
    }

    /** What one batch of a course recompute did. */
    public record BatchDone(String courseId, int learners, int events, boolean finished) {
    }

    /**
     * Recomputes the next {@code size} learners (in learner order) of the oldest open course recompute, in one
     * transaction that also moves its cursor; empty when there is nothing to do.
     */
    public Future<Optional<BatchDone>> recomputeNextBatch(io.vertx.sqlclient.Pool pool, int size) {
        Instant now = Instant.now();
        return pool.withTransaction(c -> c.preparedQuery("""
                        SELECT id, platform_id, course_id, after_learner FROM course_recomputes
                        WHERE done_at IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .execute()
                .compose(jobs -> {
                    if (jobs.size() == 0) {
                        return Future.succeededFuture(Optional.<BatchDone>empty());
                    }
                    Row job = jobs.iterator().next();
                    long id = job.getLong(0);
                    UUID platformId = job.getUUID(1);
                    String courseId = job.getString(2);
                    return context(c, platformId, courseId).compose(ctx -> c.preparedQuery("""
                                    SELECT learner_id FROM (
                                        SELECT learner_id FROM submissions WHERE platform_id = $1 AND course_id = $2
                                        UNION SELECT learner_id FROM course_grades WHERE platform_id = $1 AND course_id = $2) l
                                    WHERE $3::text IS NULL OR learner_id > $3
                                    ORDER BY 1 LIMIT $4""")
                            .execute(Tuple.of(platformId, courseId, job.getString(3), size))
                            .compose(rows -> {
                                List<String> learners = new ArrayList<>();
                                rows.forEach(r -> learners.add(r.getString(0)));
                                Future<Integer> events = ctx.isPresent()
                                        ? BatchRecompute.run(c, ctx.get(), learners, now) : Future.succeededFuture(0);
                                boolean finished = learners.size() < size || ctx.isEmpty();
                                String cursor = learners.isEmpty() ? null : learners.get(learners.size() - 1);
                                return events.compose(n -> c.preparedQuery("""
                                                UPDATE course_recomputes SET after_learner = COALESCE($2, after_learner),
                                                       done_at = CASE WHEN $3 THEN now() END WHERE id = $1""")
                                        .execute(Tuple.of(id, cursor, finished))
                                        .map(v -> Optional.of(new BatchDone(courseId, learners.size(), n, finished))));
                            }));
                }));
    }

    private GradingPolicy policy(String json, Set<String> known) {
        String key = json + '\u0000' + new java.util.TreeSet<>(known);
        GradingPolicy cached = parsed.get(key);
        if (cached != null) {
            return cached;
        }
        GradingPolicy policy;
        try {
            policy = GradingPolicyCodec.readPolicy(json, known);
        } catch (dev.assay.graders.InvalidInputException e) {
            // Valid when stored, and assessments are never deleted: failing now is the engine's fault.
            throw new IllegalStateException("stored grading policy no longer validates: " + e.getMessage(), e);
        }
        if (parsed.size() >= POLICY_CACHE) {
            parsed.clear();
        }
        parsed.put(key, policy);
        return policy;
    }
}
