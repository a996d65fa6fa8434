package dev.assay.engine.store;

import dev.assay.engine.outcomes.Outcome;
import dev.assay.engine.outcomes.OutcomeChange;
import dev.assay.engine.outcomes.OutcomeState;
import dev.assay.engine.programs.Program;
import dev.assay.engine.programs.ProgramCodec;
import dev.assay.engine.programs.ProgramEvent;
import dev.assay.engine.programs.ProgramStanding;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Derives learners' program outcomes from their stored course outcomes, in the caller's transaction, and writes
 * an outcome event when one changes: after a course outcome changed (in the transaction of that change, so a
 * program event is committed exactly when the course change is) and when a program's definition changed.
 *
 * <p>Locks are taken course rows first (the caller's), then program rows in (program, learner) order, and the
 * course outcomes are read after the lock: a concurrent change of the same learner in another course of the program
 * either committed before (and is read) or waits for this one and then reads it. Nothing here locks a course row,
 * so a definition's recompute, which holds only program rows, never waits in a cycle with a course change.
 */
final class ProgramRecompute {
    private ProgramRecompute() {
    }

    /** A stored program and the version of its definition. */
    record Stored(UUID platformId, Program program, int version) {
    }

    /** Recomputes the programs that count {@code courseId} for these learners; returns the events written. */
    static Future<Integer> afterCourseChange(SqlClient c, UUID platformId, String courseId, String[] learners,
                                             Instant now) {
        return c.preparedQuery("""
                        SELECT p.id, p.definition::text, p.version FROM program_courses pc
                        JOIN programs p ON p.platform_id = pc.platform_id AND p.id = pc.program_id
                        WHERE pc.platform_id = $1 AND pc.course_id = $2 ORDER BY p.id
                        -- a new definition waits for this transaction, and its recompute runs after it: an outcome
                        -- derived under the old definition cannot be written after the new one's
                        FOR SHARE OF p""")
                .execute(Tuple.of(platformId, courseId))
                .compose(rows -> {
                    Future<Integer> all = Future.succeededFuture(0);
                    for (Row r : rows) {
                        Stored program = new Stored(platformId, ProgramCodec.fromStored(r.getString(0), r.getString(1)),
                                r.getInteger(2));
                        all = all.compose(n -> run(c, program, Arrays.asList(learners), now).map(m -> n + m));
                    }
                    return all;
                });
    }

    /** Recomputes one program for these learners; returns the events written. */
    static Future<Integer> run(SqlClient c, Stored p, List<String> learnerIds, Instant now) {
        String[] learners = new TreeSet<>(learnerIds).toArray(String[]::new);
        if (learners.length == 0) {
            return Future.succeededFuture(0);
        }
        return c.preparedQuery("""
                        INSERT INTO program_outcomes(platform_id, program_id, learner_id, outcome, outcome_version,
                                                     definition_version, courses, passed_courses)
                        SELECT $1, $2, l, 'pending', 0, 0, '{}', 0 FROM unnest($3::text[]) l
                        ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(p.platformId(), p.program().id(), learners))
                .compose(v -> c.preparedQuery("""
                                SELECT learner_id, outcome, outcome_version FROM program_outcomes
                                WHERE platform_id = $1 AND program_id = $2 AND learner_id = ANY($3)
                                ORDER BY learner_id FOR UPDATE""")
                        .execute(Tuple.of(p.platformId(), p.program().id(), learners)))
                .compose(locked -> {
                    Map<String, OutcomeState> before = new HashMap<>();
                    locked.forEach(r -> before.put(r.getString(0), new OutcomeState(outcome(r.getString(1)), null,
                            r.getLong(2))));
                    return courseOutcomes(c, p, learners).compose(courses -> write(c, p, learners, before, courses, now));
                });
    }

    private static Future<Map<String, Map<String, Outcome>>> courseOutcomes(SqlClient c, Stored p, String[] learners) {
        return c.preparedQuery("""
                        SELECT learner_id, course_id, outcome FROM course_grades
                        WHERE platform_id = $1 AND course_id = ANY($2) AND learner_id = ANY($3)""")
                .execute(Tuple.of(p.platformId(), p.program().courses().toArray(String[]::new), learners))
                .map(rows -> {
                    Map<String, Map<String, Outcome>> out = new HashMap<>();
                    rows.forEach(r -> out.computeIfAbsent(r.getString(0), k -> new HashMap<>())
                            .put(r.getString(1), outcome(r.getString(2))));
                    return out;
                });
    }

    private static Future<Integer> write(SqlClient c, Stored p, String[] learners, Map<String, OutcomeState> before,
                                         Map<String, Map<String, Outcome>> courses, Instant now) {
        int n = learners.length;
        String[] outcomes = new String[n];
        Long[] versions = new Long[n];
        String[] standings = new String[n];
        Integer[] passed = new Integer[n];
        Boolean[] changed = new Boolean[n];
        List<Outbox.Entry> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String learner = learners[i];
            ProgramStanding standing = ProgramStanding.of(p.program(), courses.getOrDefault(learner, Map.of()));
            OutcomeState was = before.getOrDefault(learner, OutcomeState.INITIAL);
            var change = OutcomeChange.detect(was, standing.outcome(), null);
            OutcomeState after = change.map(OutcomeChange::current).orElse(was);
            outcomes[i] = after.outcome().name().toLowerCase(Locale.ROOT);
            versions[i] = after.version();
            standings[i] = ProgramEvent.courses(standing).toString();
            passed[i] = standing.passedCourses();
            changed[i] = change.isPresent();
            change.ifPresent(ch -> {
                ProgramEvent e = new ProgramEvent(UUID.randomUUID(), p.program(), p.version(), learner, ch, standing, now);
                events.add(new Outbox.Entry(e.id(), learner, e.version(), e.outcome(), e.payload().toString()));
            });
        }
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        return c.preparedQuery("""
                        UPDATE program_outcomes o SET outcome = u.outcome, outcome_version = u.version,
                               definition_version = $3, courses = u.courses::jsonb, passed_courses = u.passed,
                               updated_at = $4, outcome_at = CASE WHEN u.changed THEN $4 ELSE o.outcome_at END
                        FROM unnest($5::text[], $6::text[], $7::int8[], $8::text[], $9::int[], $10::bool[])
                             AS u(learner_id, outcome, version, courses, passed, changed)
                        WHERE o.platform_id = $1 AND o.program_id = $2 AND o.learner_id = u.learner_id""")
                .execute(Tuple.from(new Object[]{p.platformId(), p.program().id(), p.version(), at, learners, outcomes,
                        versions, standings, passed, changed}))
                .compose(v -> Outbox.append(c, p.platformId(), Outbox.Scope.PROGRAM, p.program().id(), events, at))
                .map(events.size());
    }

    private static Outcome outcome(String stored) {
        return Outcome.valueOf(stored.toUpperCase(Locale.ROOT));
    }
}
