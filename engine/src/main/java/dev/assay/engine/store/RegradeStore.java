package dev.assay.engine.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Regrades and their per-submission items. The item row is the unit of exactly-once: a task marks it done in the
 * same transaction that stores the new result, and a second task for the same item finds it done and does nothing.
 */
public final class RegradeStore {
    private final Pool pool;
    private final CourseGradeStore grades;

    public RegradeStore(Pool pool, CourseGradeStore grades) {
        this.pool = pool;
        this.grades = grades;
    }

    public record RegradeRow(UUID id, UUID assessmentId, int toVersion, int total, int done, int changed,
                             OffsetDateTime createdAt, OffsetDateTime finishedAt) {
    }

    public record ItemRow(UUID submissionId, String learnerId, Double oldScore, Double newScore, boolean done) {
    }

    /** What a grading task needs to regrade one submission. */
    public record WorkItem(UUID submissionId, UUID platformId, UUID assessmentId, String learnerId, String response) {
    }

    public record Created(UUID regradeId, boolean isNew) {
    }

    /** Creates the regrade to {@code toVersion} with one item per submission graded against an older version. */
    public Future<Created> create(UUID platformId, UUID assessmentId, int toVersion) {
        UUID id = UUID.randomUUID();
        return pool.withTransaction(c -> c.preparedQuery("""
                                INSERT INTO regrades(id, platform_id, assessment_id, to_version, total) VALUES ($1, $2, $3, $4, 0)
                                ON CONFLICT (assessment_id, to_version) DO NOTHING RETURNING id""")
                .execute(Tuple.of(id, platformId, assessmentId, toVersion))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return c.preparedQuery("SELECT id FROM regrades WHERE assessment_id = $1 AND to_version = $2")
                                .execute(Tuple.of(assessmentId, toVersion))
                                .map(r -> new Created(r.iterator().next().getUUID(0), false));
                    }
                    return c.preparedQuery("""
                                    INSERT INTO regrade_items(regrade_id, submission_id)
                                    SELECT $1, id FROM submissions
                                    WHERE assessment_id = $2 AND (graded_version IS NULL OR graded_version < $3)""")
                            .execute(Tuple.of(id, assessmentId, toVersion))
                            .compose(r -> c.preparedQuery("UPDATE regrades SET total = $2 WHERE id = $1")
                                    .execute(Tuple.of(id, r.rowCount())))
                            .map(new Created(id, true));
                }));
    }

    public Future<List<UUID>> pendingSubmissions(UUID regradeId) {
        return pool.preparedQuery("SELECT submission_id FROM regrade_items WHERE regrade_id = $1 AND NOT done ORDER BY submission_id")
                .execute(Tuple.of(regradeId))
                .map(rows -> {
                    List<UUID> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getUUID(0)));
                    return out;
                });
    }

    /**
     * Items whose lease ran out without being done, in regrades that have made no progress for a whole lease: a
     * regrade still completing items is only working through a long queue, and re-enqueueing its backlog would
     * duplicate work. The claim renews the lease so only one sweep picks an item up.
     */
    public Future<List<ItemKey>> claimStale(long leaseMillis, int limit) {
        return pool.preparedQuery("""
                        UPDATE regrade_items SET enqueued_at = now()
                        WHERE (regrade_id, submission_id) IN (
                            SELECT i.regrade_id, i.submission_id FROM regrade_items i
                            WHERE NOT i.done AND i.enqueued_at < now() - make_interval(secs => $1)
                              AND NOT EXISTS (
                                  SELECT 1 FROM regrade_items d
                                  WHERE d.regrade_id = i.regrade_id AND d.done
                                    AND d.done_at > now() - make_interval(secs => $1))
                            ORDER BY i.enqueued_at LIMIT $2 FOR UPDATE OF i SKIP LOCKED)
                        RETURNING regrade_id, submission_id""")
                .execute(Tuple.of(leaseMillis / 1000.0, limit))
                .map(rows -> {
                    List<ItemKey> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new ItemKey(r.getUUID(0), r.getUUID(1))));
                    return out;
                });
    }

    public record ItemKey(UUID regradeId, UUID submissionId) {
    }

    public Future<Integer> pendingCount() {
        return pool.query("SELECT count(*) FROM regrade_items WHERE NOT done").execute()
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    public Future<Optional<RegradeTarget>> target(UUID regradeId) {
        return pool.preparedQuery("""
                        SELECT r.assessment_id, r.to_version, a.kind, v.definition::text
                        FROM regrades r JOIN assessments a ON a.id = r.assessment_id
                        JOIN assessment_versions v ON v.assessment_id = r.assessment_id AND v.version = r.to_version
                        WHERE r.id = $1""")
                .execute(Tuple.of(regradeId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new RegradeTarget(r.getUUID(0), r.getInteger(1), r.getString(2), r.getString(3)));
                });
    }

    public record RegradeTarget(UUID assessmentId, int toVersion, String kind, String definition) {
    }

    public Future<List<WorkItem>> workItems(UUID regradeId, List<UUID> submissionIds) {
        return pool.preparedQuery("""
                        SELECT s.id, s.platform_id, s.assessment_id, s.learner_id, s.response::text
                        FROM regrade_items i JOIN submissions s ON s.id = i.submission_id
                        WHERE i.regrade_id = $1 AND i.submission_id = ANY($2) AND NOT i.done""")
                .execute(Tuple.tuple().addUUID(regradeId).addArrayOfUUID(submissionIds.toArray(UUID[]::new)))
                .map(rows -> {
                    List<WorkItem> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new WorkItem(r.getUUID(0), r.getUUID(1), r.getUUID(2), r.getString(3), r.getString(4))));
                    return out;
                });
    }

    /** One regraded result to store: the new score and the stored result JSON. */
    public record Regraded(UUID submissionId, String learnerId, double score, double maxScore, String result) {
    }

    /**
     * Stores a batch of regraded results in one transaction, each exactly once: an item already done (by another
     * run of the same task) is skipped. Each stored result recomputes its learner's course grade in the same
     * transaction (the outbox). Items are taken in learner order, the order every bulk recompute locks learners in,
     * so two transactions never wait on each other's learners in a cycle.
     *
     * @return for each item this call completed, its old score (NaN when it had none)
     */
    public Future<Map<UUID, Double>> complete(UUID regradeId, int version, List<Regraded> items, String node) {
        List<Regraded> ordered = items.stream()
                .sorted(java.util.Comparator.comparing(Regraded::learnerId).thenComparing(Regraded::submissionId))
                .toList();
        Instant now = Instant.now();
        return pool.withTransaction(c -> c.preparedQuery("""
                        SELECT a.platform_id, a.course_id FROM regrades r JOIN assessments a ON a.id = r.assessment_id
                        WHERE r.id = $1""")
                .execute(Tuple.of(regradeId))
                .compose(rows -> {
                    Row course = rows.iterator().next();
                    return grades.context(c, course.getUUID(0), course.getString(1));
                })
                .compose(ctx -> {
                    Map<UUID, Double> done = new LinkedHashMap<>();
                    Future<Void> chain = Future.succeededFuture();
                    for (Regraded item : ordered) {
                        chain = chain.compose(v -> completeOne(c, regradeId, version, item, node, ctx, now)
                                .map(old -> {
                                    old.ifPresent(o -> done.put(item.submissionId(), o));
                                    return null;
                                }));
                    }
                    return chain.map(v -> done);
                }));
    }

    /** Marks the item done, stores the result and moves the submission to it (unless overridden), in one statement. */
    private static final String COMPLETE = """
            WITH item AS (
                UPDATE regrade_items i SET done = true, done_at = now(), done_by = $3, new_score = $4, old_score = s.score
                FROM submissions s
                WHERE i.regrade_id = $1 AND i.submission_id = $2 AND s.id = i.submission_id AND NOT i.done
                RETURNING i.old_score),
            result AS (
                INSERT INTO grading_results(submission_id, version, score, max_score, result, graded_by)
                SELECT $2, $5, $4, $6, $7::text::jsonb, $3 FROM item ON CONFLICT DO NOTHING),
            moved AS (
                UPDATE submissions SET graded_version = $5, result = $7::text::jsonb, graded_at = now(),
                       -- a staff override keeps its score; the regraded result is kept beneath it
                       score = CASE WHEN override IS NULL THEN $4 ELSE score END,
                       max_score = CASE WHEN override IS NULL THEN $6 ELSE max_score END,
                       status = CASE WHEN override IS NULL THEN 'graded' ELSE status END
                WHERE id = $2 AND EXISTS (SELECT 1 FROM item) AND (graded_version IS NULL OR graded_version < $5)
                RETURNING platform_id, course_id, learner_id)%s
            SELECT (SELECT old_score FROM item), (SELECT count(*) FROM item) AS taken, m.learner_id%s
            FROM (SELECT 1) one LEFT JOIN moved m ON true%s""";

    /** With a grading policy: the same statement also locks the learner's course grade (saving a round trip). */
    private static final String COMPLETE_AND_LOCK = COMPLETE.formatted(",\n" + CourseGradeStore.LOCK_MOVED,
            ", l.outcome, l.band, l.outcome_version", " LEFT JOIN locked l ON true");

    private Future<Optional<Double>> completeOne(SqlClient c, UUID regradeId, int version, Regraded item, String node,
                                                 Optional<CourseGradeStore.CourseContext> ctx, Instant now) {
        return c.preparedQuery(ctx.isPresent() ? COMPLETE_AND_LOCK : COMPLETE.formatted("", "", ""))
                .execute(Tuple.from(new Object[]{regradeId, item.submissionId(), node, item.score(), version,
                        item.maxScore(), item.result()}))
                .compose(rows -> {
                    Row r = rows.iterator().next();
                    if (r.getLong("taken") == 0) {
                        return Future.succeededFuture(Optional.<Double>empty());
                    }
                    Double old = r.getDouble(0);
                    Optional<Double> result = Optional.of(old == null ? Double.NaN : old);
                    String learner = r.getString("learner_id");
                    if (ctx.isEmpty() || learner == null) {
                        return Future.succeededFuture(result); // no policy, or a newer result was already stored
                    }
                    if (r.getString("outcome") == null) {
                        // No stored grade for this learner yet: the general path creates and locks it.
                        return grades.recompute(c, ctx.get(), learner, now).map(result);
                    }
                    return grades.afterLock(c, ctx.get(), learner, CourseGradeStore.lockedState(r, 3), now).map(result);
                });
    }

    public Future<Optional<RegradeRow>> get(UUID platformId, UUID regradeId) {
        return pool.preparedQuery("""
                        SELECT r.id, r.assessment_id, r.to_version, r.total, r.created_at,
                               count(*) FILTER (WHERE i.done) AS done,
                               count(*) FILTER (WHERE i.done AND i.old_score IS DISTINCT FROM i.new_score) AS changed,
                               max(i.done_at) AS last_done
                        FROM regrades r LEFT JOIN regrade_items i ON i.regrade_id = r.id
                        WHERE r.id = $1 AND r.platform_id = $2
                        GROUP BY r.id""")
                .execute(Tuple.of(regradeId, platformId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toRow(rows.iterator().next())));
    }

    public Future<List<ItemRow>> items(UUID regradeId, int limit, int offset) {
        return pool.preparedQuery("""
                        SELECT i.submission_id, s.learner_id, i.old_score, i.new_score, i.done
                        FROM regrade_items i JOIN submissions s ON s.id = i.submission_id
                        WHERE i.regrade_id = $1 ORDER BY s.created_at, i.submission_id LIMIT $2 OFFSET $3""")
                .execute(Tuple.of(regradeId, limit, offset))
                .map(rows -> {
                    List<ItemRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new ItemRow(r.getUUID(0), r.getString(1), r.getDouble(2), r.getDouble(3),
                            r.getBoolean(4))));
                    return out;
                });
    }

    private static RegradeRow toRow(Row r) {
        int total = r.getInteger("total");
        int done = r.getLong("done").intValue();
        return new RegradeRow(r.getUUID("id"), r.getUUID("assessment_id"), r.getInteger("to_version"), total, done,
                r.getLong("changed").intValue(), r.getOffsetDateTime("created_at"),
                done == total ? r.getOffsetDateTime("last_done") : null);
    }
}
