package dev.assay.engine.store;

import dev.assay.engine.outcomes.Outcome;
import dev.assay.engine.programs.Program;
import dev.assay.engine.programs.ProgramCodec;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Programs (specializations, micro-credentials) and their learners' outcomes. A definition is stored as the codec
 * re-serialises it; a different one bumps the version and, in the same transaction, asks for every learner's program
 * outcome to be recomputed (the outcome sweep does it in batches, with the events).
 */
public final class ProgramStore {
    private final Pool pool;

    public ProgramStore(Pool pool) {
        this.pool = pool;
    }

    public record ProgramRow(Program program, int version, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    /** A learner's stored program outcome; {@code courses} the course outcomes it was derived from, as JSON. */
    public record ProgramOutcomeRow(String learnerId, String outcome, long version, int definitionVersion,
                                    String courses, int passedCourses, OffsetDateTime outcomeAt,
                                    OffsetDateTime updatedAt) {
    }

    /** The platform's course ids among {@code ids}. */
    public Future<Set<String>> existingCourses(UUID platformId, List<String> ids) {
        return pool.preparedQuery("SELECT id FROM courses WHERE platform_id = $1 AND id = ANY($2)")
                .execute(Tuple.of(platformId, (Object) ids.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> out = new java.util.HashSet<>();
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                });
    }

    /** Creates or replaces the program; the same definition again changes nothing (a retried PUT). */
    public Future<ProgramRow> put(UUID platformId, Program program) {
        String json = ProgramCodec.toJson(program).toString();
        return pool.withTransaction(c -> c.preparedQuery("""
                        INSERT INTO programs(platform_id, id, definition) VALUES ($1, $2, $3::text::jsonb)
                        ON CONFLICT (platform_id, id) DO UPDATE
                            SET definition = EXCLUDED.definition, version = programs.version + 1, updated_at = now()
                            WHERE programs.definition IS DISTINCT FROM EXCLUDED.definition
                        RETURNING id, definition::text, version, created_at, updated_at""")
                .execute(Tuple.of(platformId, program.id(), json))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(Optional.<ProgramRow>empty());
                    }
                    ProgramRow row = toRow(rows.iterator().next());
                    return c.preparedQuery("DELETE FROM program_courses WHERE platform_id = $1 AND program_id = $2")
                            .execute(Tuple.of(platformId, program.id()))
                            .compose(v -> c.preparedQuery("""
                                            INSERT INTO program_courses(platform_id, course_id, program_id)
                                            SELECT $1, unnest($3::text[]), $2""")
                                    .execute(Tuple.of(platformId, program.id(), program.courses().toArray(String[]::new))))
                            .compose(v -> c.preparedQuery("""
                                            INSERT INTO program_recomputes(platform_id, program_id, reason)
                                            SELECT $1, $2, $3 WHERE NOT EXISTS (
                                                SELECT 1 FROM program_recomputes WHERE platform_id = $1 AND program_id = $2
                                                  AND done_at IS NULL AND after_learner IS NULL)""")
                                    .execute(Tuple.of(platformId, program.id(), "definition version " + row.version())))
                            .map(v -> Optional.of(row));
                }))
                .compose(row -> row.isPresent() ? Future.succeededFuture(row.get())
                        : get(platformId, program.id()).map(Optional::orElseThrow));
    }

    public Future<Optional<ProgramRow>> get(UUID platformId, String programId) {
        return pool.preparedQuery("""
                        SELECT id, definition::text, version, created_at, updated_at FROM programs
                        WHERE platform_id = $1 AND id = $2""")
                .execute(Tuple.of(platformId, programId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toRow(rows.iterator().next())));
    }

    public Future<List<ProgramRow>> list(UUID platformId, String afterId, int limit) {
        return pool.preparedQuery("""
                        SELECT id, definition::text, version, created_at, updated_at FROM programs
                        WHERE platform_id = $1 AND ($2::text IS NULL OR id > $2) ORDER BY id LIMIT $3""")
                .execute(Tuple.of(platformId, afterId, limit))
                .map(rows -> {
                    List<ProgramRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(toRow(r)));
                    return out;
                });
    }

    private static final String OUTCOME = """
            SELECT learner_id, outcome, outcome_version, definition_version, courses::text, passed_courses, outcome_at,
                   updated_at
            FROM program_outcomes
            """;

    /** The program's stored outcomes by learner id after the cursor, filtered like course outcomes. */
    public Future<List<ProgramOutcomeRow>> outcomes(UUID platformId, String programId, OutcomeStore.Filter f,
                                                    String afterLearner, int limit) {
        return pool.preparedQuery(OUTCOME + """
                        WHERE platform_id = $1 AND program_id = $2 AND ($3::text IS NULL OR outcome = $3)
                          AND ($4::timestamptz IS NULL OR outcome_at >= $4) AND ($5::timestamptz IS NULL OR outcome_at < $5)
                          AND ($6::text IS NULL OR learner_id > $6)
                        ORDER BY learner_id LIMIT $7""")
                .execute(Tuple.from(Arrays.asList(platformId, programId, f.status(), OutcomeStore.utc(f.since()),
                        OutcomeStore.utc(f.until()), afterLearner, limit)))
                .map(rows -> {
                    List<ProgramOutcomeRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(outcome(r)));
                    return out;
                });
    }

    public Future<Optional<ProgramOutcomeRow>> outcome(UUID platformId, String programId, String learnerId) {
        return pool.preparedQuery(OUTCOME + " WHERE platform_id = $1 AND program_id = $2 AND learner_id = $3")
                .execute(Tuple.of(platformId, programId, learnerId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(outcome(rows.iterator().next())));
    }

    /** The learner's stored outcome in each of the program's courses (a course not in the map: none yet). */
    public Future<Map<String, Outcome>> courseOutcomes(UUID platformId, Program program, String learnerId) {
        return pool.preparedQuery("""
                        SELECT course_id, outcome FROM course_grades
                        WHERE platform_id = $1 AND course_id = ANY($2) AND learner_id = $3""")
                .execute(Tuple.of(platformId, program.courses().toArray(String[]::new), learnerId))
                .map(rows -> {
                    Map<String, Outcome> out = new HashMap<>();
                    rows.forEach(r -> out.put(r.getString(0), Outcome.valueOf(r.getString(1).toUpperCase(Locale.ROOT))));
                    return out;
                });
    }

    /** What one batch of a program recompute did. */
    public record BatchDone(String programId, int learners, int events, boolean finished) {
    }

    /**
     * Recomputes the next {@code size} learners (in learner order) of the oldest open program recompute, in one
     * transaction that also moves its cursor; empty when there is nothing to do. Its learners are everyone with an
     * outcome in one of its courses, and everyone it has an outcome for (a course may have left the program).
     */
    public Future<Optional<BatchDone>> recomputeNextBatch(int size) {
        Instant now = Instant.now();
        return pool.withTransaction(c -> c.preparedQuery("""
                        SELECT r.id, r.platform_id, r.program_id, r.after_learner, p.definition::text, p.version
                        FROM program_recomputes r JOIN programs p ON p.platform_id = r.platform_id AND p.id = r.program_id
                        WHERE r.done_at IS NULL ORDER BY r.id LIMIT 1
                        -- the definition is shared-locked, so a new one waits for this batch and then finds the job
                        -- started, and asks for a recompute of its own
                        FOR UPDATE OF r SKIP LOCKED FOR SHARE OF p""")
                .execute()
                .compose(jobs -> {
                    if (jobs.size() == 0) {
                        return Future.succeededFuture(Optional.<BatchDone>empty());
                    }
                    Row job = jobs.iterator().next();
                    long id = job.getLong(0);
                    var program = new ProgramRecompute.Stored(job.getUUID(1),
                            ProgramCodec.fromStored(job.getString(2), job.getString(4)), job.getInteger(5));
                    return c.preparedQuery("""
                                    SELECT learner_id FROM (
                                        SELECT learner_id FROM course_grades WHERE platform_id = $1 AND course_id = ANY($2)
                                        UNION SELECT learner_id FROM program_outcomes WHERE platform_id = $1 AND program_id = $3) l
                                    WHERE $4::text IS NULL OR learner_id > $4
                                    ORDER BY 1 LIMIT $5""")
                            .execute(Tuple.of(program.platformId(), program.program().courses().toArray(String[]::new),
                                    program.program().id(), job.getString(3), size))
                            .compose(rows -> {
                                List<String> learners = new ArrayList<>();
                                rows.forEach(r -> learners.add(r.getString(0)));
                                boolean finished = learners.size() < size;
                                String cursor = learners.isEmpty() ? null : learners.get(learners.size() - 1);
                                return ProgramRecompute.run(c, program, learners, now).compose(n -> c.preparedQuery("""
                                                UPDATE program_recomputes SET after_learner = COALESCE($2, after_learner),
                                                       done_at = CASE WHEN $3 THEN now() END WHERE id = $1""")
                                        .execute(Tuple.of(id, cursor, finished))
                                        .map(v -> Optional.of(new BatchDone(program.program().id(), learners.size(), n,
                                                finished))));
                            });
                }));
    }

    private static ProgramRow toRow(Row r) {
        return new ProgramRow(ProgramCodec.fromStored(r.getString(0), r.getString(1)), r.getInteger(2),
                r.getOffsetDateTime(3), r.getOffsetDateTime(4));
    }

    private static ProgramOutcomeRow outcome(Row r) {
        return new ProgramOutcomeRow(r.getString(0), r.getString(1), r.getLong(2), r.getInteger(3), r.getString(4),
                r.getInteger(5), r.getOffsetDateTime(6), r.getOffsetDateTime(7));
    }
}
