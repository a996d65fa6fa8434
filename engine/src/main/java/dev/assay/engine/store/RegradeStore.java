package dev.assay.engine.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
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
                              -- being regraded right now (a worker beats every third of a lease)
                              AND (i.heartbeat_at IS NULL OR i.heartbeat_at < now() - make_interval(secs => $1))
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

    /** Records that a worker is regrading these items now ({@link #claimStale} leaves them alone for a lease). */
    public Future<Void> heartbeat(UUID regradeId, List<UUID> submissionIds) {
        return pool.preparedQuery("""
                        UPDATE regrade_items SET heartbeat_at = now()
                        WHERE regrade_id = $1 AND submission_id = ANY($2) AND NOT done""")
                .execute(Tuple.of(regradeId, (Object) submissionIds.toArray(UUID[]::new))).mapEmpty();
    }

    public record ItemKey(UUID regradeId, UUID submissionId) {
    }

    public Future<Integer> pendingCount() {
        return pool.query("SELECT count(*) FROM regrade_items WHERE NOT done").execute()
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    public Future<Optional<RegradeTarget>> target(UUID regradeId) {
        return pool.preparedQuery("""
                        SELECT r.assessment_id, r.to_version, a.kind, v.definition::text, a.course_id
                        FROM regrades r JOIN assessments a ON a.id = r.assessment_id
                        JOIN assessment_versions v ON v.assessment_id = r.assessment_id AND v.version = r.to_version
                        WHERE r.id = $1""")
                .execute(Tuple.of(regradeId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new RegradeTarget(r.getUUID(0), r.getInteger(1), r.getString(2), r.getString(3),
                            r.getString(4)));
                });
    }

    public record RegradeTarget(UUID assessmentId, int toVersion, String kind, String definition, String courseId) {
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

    /**
     * One regraded result to store: the new score and the stored result JSON. A null score stores the submission
     * as {@code routed} (a code checker failed: staff must look before it counts).
     */
    public record Regraded(UUID submissionId, String learnerId, Double score, double maxScore, String result) {
    }

    /**
     * Stores a batch of regraded results in one transaction, each exactly once: an item already done (by another
     * run of the same task) is skipped. The learners whose submissions moved have their course grades recomputed
     * in the same transaction (the outbox), all at once.
     *
     * @return for each item this call completed, the event id its learner's stream tells it by (empty when the
     *         submission had already moved past this version, so nothing about it changed)
     */
    public Future<Map<UUID, java.util.OptionalLong>> complete(UUID regradeId, int version, List<Regraded> items, String node) {
        int n = items.size();
        UUID[] ids = new UUID[n];
        Double[] scores = new Double[n];
        Double[] maxScores = new Double[n];
        String[] results = new String[n];
        for (int i = 0; i < n; i++) {
            Regraded item = items.get(i);
            ids[i] = item.submissionId();
            scores[i] = item.score();
            maxScores[i] = item.maxScore();
            results[i] = item.result();
        }
        Instant now = Instant.now();
        return pool.withTransaction(c -> c.preparedQuery(COMPLETE)
                .execute(Tuple.from(new Object[]{regradeId, ids, scores, maxScores, results, node, version}))
                .compose(rows -> {
                    List<UUID> completed = new ArrayList<>();
                    List<UUID> movedIds = new ArrayList<>();
                    List<String> moved = new ArrayList<>();
                    UUID platformId = null;
                    String courseId = null;
                    for (Row r : rows) {
                        completed.add(r.getUUID("submission_id"));
                        if (r.getString("learner_id") != null) {
                            movedIds.add(r.getUUID("submission_id"));
                            moved.add(r.getString("learner_id"));
                            platformId = r.getUUID("platform_id");
                            courseId = r.getString("course_id");
                        }
                    }
                    Future<?> recomputed = moved.isEmpty() ? Future.succeededFuture()
                            : grades.recomputeMany(c, platformId, courseId, moved, now);
                    return recomputed.compose(v -> LearnerEventIds.next(c, movedIds)).map(eventIds -> {
                        Map<UUID, java.util.OptionalLong> done = new LinkedHashMap<>();
                        for (UUID id : completed) {
                            Long eventId = eventIds.get(id);
                            done.put(id, eventId == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(eventId));
                        }
                        return done;
                    });
                }));
    }

    /**
     * Marks a batch's items done, stores their results and moves the submissions to them (a staff override keeps its
     * score, the regraded result kept beneath it), in one statement. Returns one row per item this call did.
     */
    private static final String COMPLETE = """
            WITH input AS (
                SELECT * FROM unnest($2::uuid[], $3::float8[], $4::float8[], $5::text[])
                    AS u(submission_id, score, max_score, result)),
            item AS (
                UPDATE regrade_items i SET done = true, done_at = now(), done_by = $6, new_score = input.score,
                       old_score = s.score
                FROM input, submissions s
                WHERE i.regrade_id = $1 AND i.submission_id = input.submission_id AND s.id = i.submission_id AND NOT i.done
                RETURNING i.submission_id, i.old_score),
            result AS (
                INSERT INTO grading_results(submission_id, version, score, max_score, result, graded_by)
                SELECT input.submission_id, $7, input.score, input.max_score, input.result::jsonb, $6
                FROM input JOIN item USING (submission_id) ON CONFLICT DO NOTHING),
            moved AS (
                UPDATE submissions s SET graded_version = $7, result = input.result::jsonb, graded_at = now(),
                       score = CASE WHEN s.override IS NULL THEN input.score ELSE s.score END,
                       max_score = CASE WHEN s.override IS NULL THEN input.max_score ELSE s.max_score END,
                       status = CASE WHEN s.override IS NOT NULL THEN s.status
                                     WHEN input.score IS NULL THEN 'routed' ELSE 'graded' END
                FROM input JOIN item USING (submission_id)
                WHERE s.id = input.submission_id AND (s.graded_version IS NULL OR s.graded_version < $7)
                RETURNING s.id, s.platform_id, s.course_id, s.learner_id)
            SELECT item.submission_id, item.old_score, moved.platform_id, moved.course_id, moved.learner_id
            FROM item LEFT JOIN moved ON moved.id = item.submission_id""";

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
                done < total ? null : total == 0 ? r.getOffsetDateTime("created_at") : r.getOffsetDateTime("last_done"));
    }
}
