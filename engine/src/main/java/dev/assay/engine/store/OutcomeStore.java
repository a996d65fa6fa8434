package dev.assay.engine.store;

import dev.assay.engine.outcomes.CourseGrade;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads of stored course outcomes and the outcome event log, for certification services that pull. */
public final class OutcomeStore {
    private final Pool pool;
    private final CourseGradeStore grades;

    public OutcomeStore(Pool pool, CourseGradeStore grades) {
        this.pool = pool;
        this.grades = grades;
    }

    /** A learner's grade computed now, with the policy version it used; empty when the course has no policy. */
    public record LiveGrade(CourseGrade grade, int policyVersion) {
    }

    public Future<Optional<LiveGrade>> live(UUID platformId, String courseId, String learnerId) {
        Instant now = Instant.now();
        return grades.context(pool, platformId, courseId).compose(ctx -> ctx.isEmpty()
                ? Future.succeededFuture(Optional.<LiveGrade>empty())
                : grades.compute(pool, ctx.get(), learnerId, now)
                        .map(g -> Optional.of(new LiveGrade(g, ctx.get().policyVersion()))));
    }

    /** A learner's stored outcome; {@code outcomeAt} is when it last changed (null while never decided). */
    public record OutcomeRow(String learnerId, String outcome, String band, long version, int policyVersion,
                             String grade, OffsetDateTime outcomeAt, OffsetDateTime updatedAt) {
    }

    public record EventRow(long seq, UUID id, String payload, OffsetDateTime createdAt) {
    }

    /** Filters shared by both listings: status, and a time window on when the outcome changed. */
    public record Filter(String status, Instant since, Instant until) {
    }

    /** The course's stored outcomes, by learner id after the {@code afterLearner} cursor. */
    public Future<List<OutcomeRow>> outcomes(UUID platformId, String courseId, Filter f, String afterLearner, int limit) {
        return pool.preparedQuery("""
                        SELECT learner_id, outcome, band, outcome_version, policy_version, grade::text, outcome_at, updated_at
                        FROM course_grades
                        WHERE platform_id = $1 AND course_id = $2 AND ($3::text IS NULL OR outcome = $3)
                          AND ($4::timestamptz IS NULL OR outcome_at >= $4) AND ($5::timestamptz IS NULL OR outcome_at < $5)
                          AND ($6::text IS NULL OR learner_id > $6)
                        ORDER BY learner_id LIMIT $7""")
                .execute(Tuple.from(Arrays.asList(platformId, courseId, f.status(), utc(f.since()), utc(f.until()),
                        afterLearner, limit)))
                .map(rows -> {
                    List<OutcomeRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(outcome(r)));
                    return out;
                });
    }

    public Future<Optional<OutcomeRow>> outcome(UUID platformId, String courseId, String learnerId) {
        return pool.preparedQuery("""
                        SELECT learner_id, outcome, band, outcome_version, policy_version, grade::text, outcome_at, updated_at
                        FROM course_grades WHERE platform_id = $1 AND course_id = $2 AND learner_id = $3""")
                .execute(Tuple.of(platformId, courseId, learnerId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(outcome(rows.iterator().next())));
    }

    /** The course's outcome events in commit order after the {@code afterSeq} cursor, optionally of one learner. */
    public Future<List<EventRow>> events(UUID platformId, String courseId, String learnerId, Filter f, long afterSeq,
                                         int limit) {
        return events(Outbox.Scope.COURSE, platformId, courseId, learnerId, f, afterSeq, limit);
    }

    /** The program's outcome events in commit order after the {@code afterSeq} cursor, optionally of one learner. */
    public Future<List<EventRow>> programEvents(UUID platformId, String programId, String learnerId, Filter f,
                                                long afterSeq, int limit) {
        return events(Outbox.Scope.PROGRAM, platformId, programId, learnerId, f, afterSeq, limit);
    }

    private Future<List<EventRow>> events(Outbox.Scope scope, UUID platformId, String subjectId, String learnerId,
                                          Filter f, long afterSeq, int limit) {
        return pool.preparedQuery("""
                        SELECT seq, id, payload::text, created_at FROM outcome_events
                        WHERE platform_id = $1 AND course_id = $2 AND scope = $9 AND ($3::text IS NULL OR learner_id = $3)
                          AND ($4::text IS NULL OR outcome = $4)
                          AND ($5::timestamptz IS NULL OR created_at >= $5) AND ($6::timestamptz IS NULL OR created_at < $6)
                          AND seq > $7
                        ORDER BY seq LIMIT $8""")
                .execute(Tuple.from(Arrays.asList(platformId, subjectId, learnerId, f.status(), utc(f.since()),
                        utc(f.until()), afterSeq, limit, scope.column)))
                .map(rows -> {
                    List<EventRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new EventRow(r.getLong(0), r.getUUID(1), r.getString(2), r.getOffsetDateTime(3))));
                    return out;
                });
    }

    private static OutcomeRow outcome(Row r) {
        return new OutcomeRow(r.getString(0), r.getString(1), r.getString(2), r.getLong(3), r.getInteger(4),
                r.getString(5), r.getOffsetDateTime(6), r.getOffsetDateTime(7));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
