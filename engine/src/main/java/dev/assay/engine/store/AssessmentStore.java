package dev.assay.engine.store;

import dev.assay.engine.outcomes.LatePenalty;
import dev.assay.engine.outcomes.LateSubmissions;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Assessments and their immutable, numbered definition versions. */
public final class AssessmentStore {
    private static final String SELECT = """
            SELECT a.id, a.course_id, a.kind, a.title, a.current_version, a.created_at, a.updated_at,
                   v.definition::text AS definition, a.due_at, a.late_submissions, a.late_penalty_per_day,
                   a.late_penalty_max
            FROM assessments a JOIN assessment_versions v
              ON v.assessment_id = a.id AND v.version = a.current_version
            """;

    private final Pool pool;
    private final CourseGradeStore grades;

    public AssessmentStore(Pool pool, CourseGradeStore grades) {
        this.pool = pool;
        this.grades = grades;
    }

    /**
     * @param dueAt the deadline, null when there is none
     * @param late  what happens to work submitted after it
     * @param penalty what late work loses under {@link LateSubmissions#PENALIZE}, null under the other rules
     */
    public record AssessmentRow(UUID id, String courseId, String kind, String title, int version,
                                OffsetDateTime createdAt, OffsetDateTime updatedAt, String definition,
                                OffsetDateTime dueAt, LateSubmissions late, LatePenalty penalty) {
    }

    public Future<AssessmentRow> create(UUID platformId, String courseId, String kind, String title, String definition,
                                        Instant dueAt, LateSubmissions late, LatePenalty penalty) {
        UUID id = UUID.randomUUID();
        return pool.withTransaction(c -> c.preparedQuery("""
                                INSERT INTO assessments(id, platform_id, course_id, kind, title, current_version, due_at,
                                                        late_submissions, late_penalty_per_day, late_penalty_max)
                                VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8, $9)""")
                        .execute(Tuple.from(new Object[] {id, platformId, courseId, kind, title, utc(dueAt), late.wire(),
                                penalty == null ? null : penalty.percentPerDay(), penalty == null ? null : penalty.maxPercent()}))
                        .compose(r -> c.preparedQuery("""
                                        INSERT INTO assessment_versions(assessment_id, version, definition)
                                        VALUES ($1, 1, $2::text::jsonb)""")
                                .execute(Tuple.of(id, definition))))
                .compose(r -> get(platformId, id))
                .map(Optional::orElseThrow);
    }

    /** Adds a version and makes it current; empty when the assessment is not the platform's. */
    /** What else a new version takes over from the one before, in the same transaction. */
    @FunctionalInterface
    public interface VersionStep {
        VersionStep NONE = (c, id, version, previousDefinition) -> Future.succeededFuture();

        Future<Void> apply(SqlClient c, UUID assessmentId, int version, String previousDefinition);
    }

    public Future<Optional<AssessmentRow>> addVersion(UUID platformId, UUID id, String title, String definition) {
        return addVersion(platformId, id, title, definition, VersionStep.NONE);
    }

    public Future<Optional<AssessmentRow>> addVersion(UUID platformId, UUID id, String title, String definition,
                                                      VersionStep step) {
        return pool.withTransaction(c -> c.preparedQuery("""
                                UPDATE assessments SET current_version = current_version + 1, updated_at = now(),
                                       title = COALESCE($3, title)
                                WHERE id = $1 AND platform_id = $2 RETURNING current_version""")
                        .execute(Tuple.of(id, platformId, title))
                        .compose(rows -> {
                            if (rows.size() == 0) {
                                return Future.succeededFuture(false);
                            }
                            int version = rows.iterator().next().getInteger(0);
                            return c.preparedQuery("""
                                            INSERT INTO assessment_versions(assessment_id, version, definition)
                                            VALUES ($1, $2, $3::text::jsonb)""")
                                    .execute(Tuple.of(id, version, definition))
                                    .compose(r -> c.preparedQuery("""
                                                    SELECT definition::text FROM assessment_versions
                                                    WHERE assessment_id = $1 AND version = $2""")
                                            .execute(Tuple.of(id, version - 1)))
                                    .compose(previous -> step.apply(c, id, version,
                                            previous.iterator().next().getString(0)))
                                    .map(true);
                        }))
                .compose(found -> found ? get(platformId, id) : Future.succeededFuture(Optional.empty()));
    }

    /**
     * Moves (or clears, with null) an assessment's deadline and sets what happens to late work, and, in the same
     * transaction, asks for the course's grades to be recomputed: a deadline moved later reopens what it had closed,
     * one moved into the past closes it, and late work may start or stop counting.
     */
    public Future<Optional<AssessmentRow>> setDeadline(UUID platformId, UUID id, Instant dueAt, LateSubmissions late,
                                                       LatePenalty penalty) {
        Instant now = Instant.now();
        return pool.withTransaction(c -> c.preparedQuery("""
                                WITH moved AS (
                                    UPDATE assessments SET due_at = $3::timestamptz, late_submissions = $5, updated_at = now(),
                                           late_penalty_per_day = $6, late_penalty_max = $7,
                                           due_processed_at = CASE WHEN $3::timestamptz <= $4::timestamptz THEN $4::timestamptz END
                                    WHERE id = $1 AND platform_id = $2 RETURNING id, course_id),
                                peer AS (
                                    -- which submission of a learner counts may have changed: peer grades are recomputed
                                    UPDATE peer_review_configs SET grades_changed_at = now()
                                    WHERE assessment_id = (SELECT id FROM moved))
                                SELECT course_id FROM moved""")
                        .execute(Tuple.from(new Object[] {id, platformId, utc(dueAt), utc(now), late.wire(),
                                penalty == null ? null : penalty.percentPerDay(), penalty == null ? null : penalty.maxPercent()}))
                        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(false)
                                : CourseGradeStore.requestRecompute(c, platformId, rows.iterator().next().getString(0), "deadline of " + id + " changed")
                                        .map(true)))
                .compose(found -> found ? get(platformId, id) : Future.succeededFuture(Optional.empty()));
    }

    /**
     * Marks one passed deadline not yet acted on as acted on, and asks for its course's grades to be recomputed, in
     * one transaction (so a crash repeats it, and two nodes never both do it).
     *
     * @return 1 when a deadline was closed, empty when none was due
     */
    public Future<Optional<Integer>> closeNextDeadline() {
        Instant now = Instant.now();
        return pool.withTransaction(c -> c.preparedQuery("""
                        UPDATE assessments SET due_processed_at = $1
                        WHERE id = (SELECT id FROM assessments
                                    WHERE due_at <= $1 AND due_processed_at IS NULL
                                    ORDER BY due_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                        RETURNING platform_id, course_id""")
                .execute(Tuple.of(utc(now)))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(Optional.<Integer>empty());
                    }
                    Row r = rows.iterator().next();
                    return CourseGradeStore.requestRecompute(c, r.getUUID(0), r.getString(1), "a deadline passed").map(Optional.of(1));
                }));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public Future<Optional<AssessmentRow>> get(UUID platformId, UUID id) {
        return pool.preparedQuery(SELECT + " WHERE a.id = $1 AND a.platform_id = $2")
                .execute(Tuple.of(id, platformId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toRow(rows.iterator().next())));
    }

    public Future<Optional<AssessmentRow>> version(UUID platformId, UUID id, int version) {
        return pool.preparedQuery("""
                        SELECT a.id, a.course_id, a.kind, a.title, v.version AS current_version, a.created_at,
                               v.created_at AS updated_at, v.definition::text AS definition, a.due_at, a.late_submissions,
                               a.late_penalty_per_day, a.late_penalty_max
                        FROM assessments a JOIN assessment_versions v ON v.assessment_id = a.id
                        WHERE a.id = $1 AND a.platform_id = $2 AND v.version = $3""")
                .execute(Tuple.of(id, platformId, version))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toRow(rows.iterator().next())));
    }

    /** A definition by id and version, for workers that act on behalf of whichever platform owns it. */
    public Future<String> definition(UUID id, int version) {
        return pool.preparedQuery("SELECT definition::text FROM assessment_versions WHERE assessment_id = $1 AND version = $2")
                .execute(Tuple.of(id, version))
                .map(rows -> rows.iterator().next().getString(0));
    }

    public Future<List<AssessmentRow>> list(UUID platformId, String courseId, int limit, int offset) {
        return pool.preparedQuery(SELECT + " WHERE a.platform_id = $1 AND a.course_id = $2 ORDER BY a.created_at, a.id LIMIT $3 OFFSET $4")
                .execute(Tuple.of(platformId, courseId, limit, offset))
                .map(rows -> {
                    List<AssessmentRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(toRow(r)));
                    return out;
                });
    }

    /** The ids of every assessment in the course (as strings), e.g. to check what a grading policy may name. */
    public Future<java.util.Set<String>> idsInCourse(UUID platformId, String courseId) {
        return pool.preparedQuery("SELECT id FROM assessments WHERE platform_id = $1 AND course_id = $2")
                .execute(Tuple.of(platformId, courseId))
                .map(rows -> {
                    java.util.Set<String> out = new java.util.HashSet<>();
                    rows.forEach(r -> out.add(r.getUUID(0).toString()));
                    return out;
                });
    }

    private static AssessmentRow toRow(Row r) {
        return new AssessmentRow(r.getUUID("id"), r.getString("course_id"), r.getString("kind"), r.getString("title"),
                r.getInteger("current_version"), r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"),
                r.getString("definition"), r.getOffsetDateTime("due_at"),
                LateSubmissions.fromWire(r.getString("late_submissions")).orElseThrow(),
                r.getDouble("late_penalty_per_day") == null ? null
                        : new LatePenalty(r.getDouble("late_penalty_per_day"), r.getDouble("late_penalty_max")));
    }
}
