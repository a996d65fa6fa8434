package dev.assay.engine.store;

import dev.assay.engine.outcomes.CourseGrade;
import dev.assay.engine.outcomes.CourseGradeCalculator;
import dev.assay.engine.outcomes.CourseGradeCodec;
import dev.assay.engine.outcomes.GradingPolicy;
import dev.assay.engine.outcomes.LearnerItems;
import dev.assay.engine.outcomes.OutcomeChange;
import dev.assay.engine.outcomes.OutcomeEvent;
import dev.assay.engine.outcomes.OutcomeState;
import dev.assay.engine.store.CourseGradeStore.CourseContext;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Recomputes learners' stored course grades, in the caller's transaction, with a fixed number of statements
 * whatever their number (lock, read, write grades, write events): one learner after a single grade change, a
 * regrade batch, or a whole-course recompute, where one learner at a time spent most of its time on round trips.
 *
 * <p>Learners' rows are locked first, in learner order (so two transactions never wait on each other in a cycle),
 * and only then are their submissions read: a statement after the lock sees whatever a concurrent change for the
 * same learner committed while this one waited, so versions never collide or skip.
 */
final class BatchRecompute {
    private BatchRecompute() {
    }

    /** Recomputes the learners' grades; returns how many outcome events it wrote. */
    static Future<Integer> run(SqlClient c, CourseContext ctx, List<String> learnerIds, Instant now) {
        String[] learners = new TreeSet<>(learnerIds).toArray(String[]::new);
        if (learners.length == 0) {
            return Future.succeededFuture(0);
        }
        return lock(c, ctx, learners)
                .compose(before -> grades(c, ctx, learners, now)
                        .compose(grades -> write(c, ctx, learners, before, grades, now)));
    }

    /** The learners' grades as of {@code now}, from the store, without writing anything. */
    static Future<Map<String, CourseGrade>> grades(SqlClient c, CourseContext ctx, String[] learners, Instant now) {
        boolean windowClosed = ctx.reviewWindowClosed(now);
        return latest(c, ctx, learners).compose(latest -> reviewsGiven(c, ctx, learners).map(given -> {
            Map<String, CourseGrade> out = new HashMap<>();
            for (String learner : learners) {
                out.put(learner, CourseGradeCalculator.compute(ctx.policy(), LearnerItems.of(ctx.policy(),
                                latest.getOrDefault(learner, Map.of()), ctx.deadlines(), ctx.peerReviewed().keySet(), now),
                        given.getOrDefault(learner, 0), windowClosed));
            }
            return out;
        }));
    }

    /**
     * Locks every learner's row and returns the states events were emitted for. A learner's first grade in the
     * course creates the row (a racing creator wins harmlessly) and locks it then; a plain row lock, not an upsert,
     * because an upsert writes a new row version on every recompute.
     */
    private static Future<Map<String, OutcomeState>> lock(SqlClient c, CourseContext ctx, String[] learners) {
        return lockExisting(c, ctx, learners).compose(locked -> {
            if (locked.size() == learners.length) {
                return Future.succeededFuture(locked);
            }
            String[] missing = java.util.Arrays.stream(learners).filter(l -> !locked.containsKey(l)).toArray(String[]::new);
            return c.preparedQuery("""
                            INSERT INTO course_grades(platform_id, course_id, learner_id, grade, outcome, outcome_version,
                                                      policy_version)
                            SELECT $1, $2, l, '{}', 'pending', 0, 0 FROM unnest($3::text[]) l
                            ON CONFLICT DO NOTHING""")
                    .execute(Tuple.of(ctx.platformId(), ctx.courseId(), missing))
                    .compose(v -> lockExisting(c, ctx, missing))
                    .map(created -> {
                        locked.putAll(created);
                        return locked;
                    });
        });
    }

    private static Future<Map<String, OutcomeState>> lockExisting(SqlClient c, CourseContext ctx, String[] learners) {
        return c.preparedQuery("""
                        SELECT learner_id, outcome, band, outcome_version FROM course_grades
                        WHERE platform_id = $1 AND course_id = $2 AND learner_id = ANY($3)
                        ORDER BY learner_id FOR UPDATE""")
                .execute(Tuple.of(ctx.platformId(), ctx.courseId(), learners))
                .map(rows -> {
                    Map<String, OutcomeState> out = new HashMap<>();
                    rows.forEach(r -> out.put(r.getString(0), CourseGradeStore.lockedState(r, 1)));
                    return out;
                });
    }

    private static Future<Map<String, Map<String, LearnerItems.Latest>>> latest(SqlClient c, CourseContext ctx,
                                                                                 String[] learners) {
        return c.preparedQuery("""
                        SELECT DISTINCT ON (s.learner_id, s.assessment_id) s.learner_id, s.assessment_id, s.status,
                               """ + CountingWork.score("a", "s") + """
                                AS score, s.max_score, """ + CountingWork.finalForPeers("a", "s") + """
                                AS final_for_peer
                        FROM submissions s JOIN assessments a ON a.id = s.assessment_id
                        WHERE s.platform_id = $1 AND s.course_id = $2 AND s.learner_id = ANY($3)
                          -- late work that does not count: the work on time counts instead
                          AND NOT """ + LateWork.notCounted("a", "s") + """
                        ORDER BY s.learner_id, s.assessment_id, """
                        // the course's peer-reviewed assessments are known already: no lookup per row
                        + CountingWork.order("a", "s", ctx.policy().attempts() == GradingPolicy.Attempts.HIGHEST,
                        "a.id = ANY($4::uuid[])"))
                .execute(Tuple.of(ctx.platformId(), ctx.courseId(), learners, ctx.peerReviewed().keySet().stream()
                        .map(UUID::fromString).toArray(UUID[]::new)))
                .map(rows -> {
                    Map<String, Map<String, LearnerItems.Latest>> out = new HashMap<>();
                    for (Row r : rows) {
                        out.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(r.getUUID(1).toString(),
                                new LearnerItems.Latest(r.getString(2), r.getDouble(3), r.getDouble(4), r.getBoolean(5)));
                    }
                    return out;
                });
    }

    private static Future<Map<String, Integer>> reviewsGiven(SqlClient c, CourseContext ctx, String[] learners) {
        if (ctx.policy().minPeerReviewsGiven() == 0) {
            return Future.succeededFuture(Map.of());
        }
        return c.preparedQuery("""
                        SELECT r.reviewer_id, count(*) FROM peer_reviews r JOIN assessments a ON a.id = r.assessment_id
                        WHERE a.platform_id = $1 AND a.course_id = $2 AND r.reviewer_id = ANY($3) AND r.completed_at IS NOT NULL
                        GROUP BY r.reviewer_id""")
                .execute(Tuple.of(ctx.platformId(), ctx.courseId(), learners))
                .map(rows -> {
                    Map<String, Integer> out = new HashMap<>();
                    rows.forEach(r -> out.put(r.getString(0), r.getLong(1).intValue()));
                    return out;
                });
    }

    private static Future<Integer> write(SqlClient c, CourseContext ctx, String[] learners,
                                         Map<String, OutcomeState> before, Map<String, CourseGrade> computed,
                                         Instant now) {
        int n = learners.length;
        String[] grades = new String[n];
        String[] outcomes = new String[n];
        String[] bands = new String[n];
        Long[] versions = new Long[n];
        Boolean[] changed = new Boolean[n];
        List<OutcomeEvent> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String learner = learners[i];
            CourseGrade grade = computed.get(learner);
            OutcomeState was = before.getOrDefault(learner, OutcomeState.INITIAL);
            var change = OutcomeChange.detect(was, grade);
            OutcomeState after = change.map(OutcomeChange::current).orElse(was);
            grades[i] = CourseGradeCodec.toJson(grade).toString();
            outcomes[i] = after.outcome().name().toLowerCase(Locale.ROOT);
            bands[i] = after.band();
            versions[i] = after.version();
            changed[i] = change.isPresent();
            change.ifPresent(ch -> events.add(new OutcomeEvent(UUID.randomUUID(), ctx.courseId(), learner, ch, grade,
                    ctx.policyVersion(), now)));
        }
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        Future<Void> saved = c.preparedQuery("""
                        UPDATE course_grades g SET grade = u.grade::jsonb, outcome = u.outcome, band = u.band,
                               outcome_version = u.version, policy_version = $3, updated_at = $4,
                               outcome_at = CASE WHEN u.changed THEN $4 ELSE g.outcome_at END
                        FROM unnest($5::text[], $6::text[], $7::text[], $8::text[], $9::int8[], $10::bool[])
                             AS u(learner_id, grade, outcome, band, version, changed)
                        WHERE g.platform_id = $1 AND g.course_id = $2 AND g.learner_id = u.learner_id""")
                .execute(Tuple.from(new Object[]{ctx.platformId(), ctx.courseId(), ctx.policyVersion(), at, learners,
                        grades, outcomes, bands, versions, changed}))
                .mapEmpty();
        if (events.isEmpty()) {
            return saved.map(0);
        }
        List<Outbox.Entry> entries = events.stream().map(e -> new Outbox.Entry(e.id(), e.learnerId(), e.version(),
                e.outcome(), e.payload().toString())).toList();
        String[] changedLearners = events.stream().map(OutcomeEvent::learnerId).toArray(String[]::new);
        return saved.compose(v -> Outbox.append(c, ctx.platformId(), Outbox.Scope.COURSE, ctx.courseId(), entries, at))
                // a program counts this course's outcome: its learners' program outcomes move in this transaction too
                .compose(v -> ProgramRecompute.afterCourseChange(c, ctx.platformId(), ctx.courseId(), changedLearners, now))
                .map(events.size());
    }
}
