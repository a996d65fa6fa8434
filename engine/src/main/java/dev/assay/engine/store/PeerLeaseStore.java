package dev.assay.engine.store;

import dev.assay.peerreview.assignment.AssignmentPolicy;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Hands out review leases, safely across nodes and concurrent requests, in one statement per request.
 *
 * <p>The statement returns the reviewer's open lease if they hold one; otherwise it locks the first eligible
 * submission off the review queue's index ({@code peer_queue}) with {@code FOR UPDATE SKIP LOCKED} (concurrent reviewers take
 * different submissions instead of queueing on one), inserts the lease and raises the load. The order is
 * {@link AssignmentPolicy}'s: fewest reviews done or leased, then oldest, then id; below k a lease is regular, from
 * k to k + extra it is overflow. Never the reviewer's own, a team-mate's or one they reviewed: the SQL leaves those
 * out, and the unique (submission, reviewer) constraint is the last guard. At most one open lease per reviewer is
 * a unique index: when the same reviewer asks twice at once, the loser's insert does nothing and it is answered
 * with the winner's lease. Stored loads run ahead of the exact ones only between a lease expiring and the sweep
 * releasing it, which costs that submission its place for at most one sweep interval.
 *
 * <p>Rare cases take a second statement: the pool's eligible rows all locked by other requests at this instant
 * (then the request waits for the best one instead of going away empty), a lost race with the reviewer's own
 * concurrent request, or an expired lease of theirs not yet swept (released first). A reviewer past the reviews
 * required is answered "past" by the first statement and asks again once {@link SpareRoom} granted them spare room.
 */
public final class PeerLeaseStore {
    private final Pool pool;
    private final CourseGradeStore grades;
    private final SpareRoom spareRoom;

    public PeerLeaseStore(Pool pool, CourseGradeStore grades, SpareRoom spareRoom) {
        this.pool = pool;
        this.grades = grades;
        this.spareRoom = spareRoom;
    }

    /** A lease with the submission to review. */
    public record Lease(UUID id, UUID assessmentId, UUID submissionId, String reviewerId, boolean overflow,
                        OffsetDateTime leasedAt, OffsetDateTime expiresAt, OffsetDateTime completedAt, String response) {
        public boolean live() {
            return completedAt == null && expiresAt.isAfter(OffsetDateTime.now());
        }
    }

    /**
     * A reviewer asking for work under configuration {@code version}.
     *
     * @param excluded learners whose submissions the reviewer may not get: themselves and their team-mates
     * @param required reviews each learner must give; past them the reviewer takes only spare room
     *                 ({@link AssignmentPolicy#mayTake})
     */
    public record Ask(UUID assessmentId, int version, String reviewer, List<String> excluded, AssignmentPolicy policy,
                      int required, Duration lease) {
    }

    /** What reviews:next found. */
    public sealed interface Next {
        /** The reviewer's open lease, or a new one. */
        record Leased(Lease lease) implements Next {
        }

        /** Nothing eligible is below k + extra. */
        record Nothing() implements Next {
        }

        /** The configuration changed since {@code version} (or was removed): read it again and ask again. */
        record StaleConfig() implements Next {
        }
    }

    static final String LEASE_COLUMNS = """
            r.id, r.assessment_id, r.submission_id, r.reviewer_id, r.overflow, r.leased_at, r.expires_at,
            r.completed_at, s.response::text AS response""";

    /**
     * Staff have not yet taken over: at the review deadline plus the staff grace, what is still short of k is in the
     * staff queue, and a peer review arriving while staff mark it would only compete with them. Every statement using
     * it names the assessment as $1, and the test reads it there, uncorrelated: PostgreSQL then decides it once (an
     * initplan). Correlated with the queue row, it was planned as an anti-join estimated to keep one row, so the
     * planner sorted the assessment's whole queue instead of walking its index: 1.4 s per lease with 100,000 open
     * submissions, against 60 ms.
     */
    private static final String BEFORE_STAFF = """
            NOT EXISTS (SELECT 1 FROM peer_review_configs sc WHERE sc.assessment_id = $1
                          AND sc.review_deadline + make_interval(hours => (sc.config->>'staffGraceHours')::int)
                              <= now())""";

    /**
     * Only the learner's submission that counts is reviewed: the latest, leaving out late work that does not count
     * ({@link LateWork}), and of an essay only one the grader routed to people ({@link PeerWork}); and only until
     * staff take over. The queue row {@code q} carries the first two as flags the database keeps (V25), so a lease
     * reads no submission to decide.
     */
    static final String LATEST = "q.counts AND q.for_peers AND " + BEFORE_STAFF;

    /**
     * {@link #LATEST}, less work staff have settled (a peer-grade override, or an override of the submission's
     * score): another review could not change its grade, and as the work with the fewest reviews it went out first.
     * Leases taken before may still be completed. Such work still counts for what its author owes. The queue's index
     * leads with {@code open}, so a lease walks open work only.
     */
    static final String OPEN = "q.open AND " + BEFORE_STAFF;

    /** Whether staff have settled queue row {@code q}'s work: a peer-grade override, or an override of its score. */
    static final String SETTLED = "(q.overridden OR q.peer_overridden)";

    /**
     * The lease statement. The pick follows {@link AssignmentPolicy#mayTake} for reviewer $2: short of the $9 reviews
     * required ({@code given}: given or held), or past them with a unit of spare room granted ($10, from
     * {@link SpareRoom}, asked only for a reviewer the statement answered "past").
     */
    private static String take(boolean skipLocked) {
        return ("""
                WITH cfg AS (SELECT version FROM peer_review_configs WHERE assessment_id = $1),
                given AS (
                    SELECT count(*) AS n FROM peer_reviews
                    WHERE assessment_id = $1 AND reviewer_id = $2 AND NOT released),
                held AS (
                    SELECT * FROM peer_reviews
                    WHERE assessment_id = $1 AND reviewer_id = $2 AND completed_at IS NULL AND NOT released
                      AND expires_at > now()),
                pick AS (
                    SELECT q.submission_id, q.load FROM peer_queue q
                    WHERE q.assessment_id = $1 AND q.load < $4 AND q.learner_id <> ALL($5)
                      AND (SELECT version FROM cfg) = $3 AND NOT EXISTS (SELECT 1 FROM held)
                      AND ((SELECT n FROM given) < $9::int OR $10::boolean)
                      AND """ + " " + OPEN + """
                      AND NOT EXISTS (SELECT 1 FROM peer_reviews p WHERE p.assessment_id = $1 AND p.reviewer_id = $2
                                      AND p.submission_id = q.submission_id)
                    ORDER BY q.load, q.created_at, q.submission_id
                    LIMIT 1 FOR UPDATE OF q""" + (skipLocked ? " SKIP LOCKED" : "") + """
                ),
                taken AS (
                    INSERT INTO peer_reviews(id, assessment_id, submission_id, reviewer_id, overflow, expires_at)
                    SELECT $6, $1, pick.submission_id, $2, pick.load >= $7, now() + make_interval(secs => $8) FROM pick
                    ON CONFLICT DO NOTHING
                    RETURNING *),
                loaded AS (UPDATE peer_queue SET load = load + 1 WHERE submission_id IN (SELECT submission_id FROM taken))
                SELECT 'lease' AS kind, %1$s FROM held r JOIN submissions s ON s.id = r.submission_id
                UNION ALL
                SELECT 'lease', %1$s FROM taken r JOIN submissions s ON s.id = r.submission_id
                UNION ALL
                SELECT 'stale', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
                WHERE (SELECT version FROM cfg) IS DISTINCT FROM $3
                UNION ALL
                -- nothing taken because the reviewer is past the reviews required and was granted no spare room
                SELECT 'past', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
                WHERE NOT $10::boolean AND (SELECT version FROM cfg) = $3 AND NOT EXISTS (SELECT 1 FROM held)
                  AND (SELECT n FROM given) >= $9::int
                UNION ALL
                -- a row was picked but the insert did nothing: a lease of this reviewer committed meanwhile
                SELECT 'conflict', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
                WHERE EXISTS (SELECT 1 FROM pick) AND NOT EXISTS (SELECT 1 FROM taken)""").formatted(LEASE_COLUMNS);
    }

    /** Fresh statements after a lost race before giving up; each sees what the previous one raced with. */
    private static final int MAX_TRIES = 4;

    private static final String TAKE_SKIPPING = take(true);
    private static final String TAKE_WAITING = take(false);

    /** The reviewer's open lease if they hold one, else a new one, else why not. */
    public Future<Next> next(Ask ask) {
        return attempt(ask, false, 0, false);
    }

    /** Outcome of one statement: an answer, a lost race to look at again, or a reviewer past the requirement. */
    private record Outcome(Next answer, boolean conflict, boolean past) {
    }

    /** @param spare a unit of spare room was granted to this reviewer, past the requirement */
    private Future<Next> attempt(Ask ask, boolean waiting, int tries, boolean spare) {
        return run(waiting ? TAKE_WAITING : TAKE_SKIPPING, ask, spare).compose(o -> {
            if (o.conflict()) {
                // Another request of this reviewer committed a lease while this one ran: a fresh statement sees it.
                return tries + 1 < MAX_TRIES ? attempt(ask, false, tries + 1, spare) : Future.succeededFuture(new Next.Nothing());
            }
            if (o.past()) {
                int room = ask.policy().k() + ask.policy().extra();
                return spareRoom.take(ask.assessmentId(), room, ask.required()).compose(granted -> granted
                        ? attempt(ask, waiting, tries, true)
                        : waiting ? Future.succeededFuture(new Next.Nothing()) : retryWaiting(ask, tries, false));
            }
            if (o.answer() instanceof Next.Nothing && !waiting) {
                return retryWaiting(ask, tries, spare);
            }
            return Future.succeededFuture(o.answer());
        });
    }

    /**
     * Every eligible row may be locked by other requests at this instant, or an expired lease of the reviewer may
     * block a new one (or count as a review held): release it, then wait for the best row instead of going away empty.
     */
    private Future<Next> retryWaiting(Ask ask, int tries, boolean spare) {
        return releaseExpired(ask).compose(v -> attempt(ask, true, tries, spare));
    }

    /**
     * One lease statement, under a generic plan: planned anew at each execution (PostgreSQL's choice for it), the
     * statement cost more to plan than to run (see {@link LeaseBatchStore#GENERIC_PLANS}).
     */
    private Future<Outcome> run(String sql, Ask ask, boolean spare) {
        Tuple args = Tuple.tuple().addUUID(ask.assessmentId()).addString(ask.reviewer()).addInteger(ask.version())
                .addInteger(ask.policy().k() + ask.policy().extra())
                .addArrayOfString(ask.excluded().toArray(String[]::new)).addUUID(UUID.randomUUID())
                .addInteger(ask.policy().k()).addDouble((double) ask.lease().toSeconds())
                .addInteger(ask.required()).addBoolean(spare);
        return pool.withTransaction(c -> {
                    c.query(LeaseBatchStore.GENERIC_PLANS).execute();
                    return c.preparedQuery(sql).execute(args);
                })
                .map(rows -> {
                    boolean stale = false;
                    boolean conflict = false;
                    boolean past = false;
                    for (Row row : rows) {
                        switch (row.getString("kind")) {
                            case "lease" -> {
                                return new Outcome(new Next.Leased(lease(row)), false, false);
                            }
                            case "stale" -> stale = true;
                            case "past" -> past = true;
                            default -> conflict = true;
                        }
                    }
                    return stale ? new Outcome(new Next.StaleConfig(), false, false)
                            : new Outcome(new Next.Nothing(), conflict, past);
                });
    }

    /** Releases the reviewer's own expired leases the sweep has not reached, which would block a new one. */
    private Future<Void> releaseExpired(Ask ask) {
        return pool.preparedQuery("""
                        WITH expired AS (
                            UPDATE peer_reviews SET released = true
                            WHERE assessment_id = $1 AND reviewer_id = $2 AND completed_at IS NULL AND NOT released
                              AND expires_at <= now()
                            RETURNING submission_id)
                        UPDATE peer_queue q SET load = q.load - 1 FROM expired e WHERE q.submission_id = e.submission_id""")
                .execute(Tuple.of(ask.assessmentId(), ask.reviewer()))
                .mapEmpty();
    }

    /**
     * Gives back the load of leases that expired unused, so their submissions move up the queue again; returns
     * how many were released. Run periodically on every node (each lease is released once).
     */
    public Future<Integer> releaseExpired() {
        return pool.query("""
                        WITH expired AS (
                            UPDATE peer_reviews SET released = true
                            WHERE id IN (SELECT id FROM peer_reviews
                                         WHERE completed_at IS NULL AND NOT released AND expires_at <= now()
                                         LIMIT 5000 FOR UPDATE SKIP LOCKED)
                            RETURNING submission_id),
                        given AS (
                            UPDATE peer_queue q SET load = q.load - e.n
                            FROM (SELECT submission_id, count(*) AS n FROM expired GROUP BY submission_id) e
                            WHERE q.submission_id = e.submission_id)
                        SELECT count(*) FROM expired""")
                .execute()
                .map(rows -> rows.iterator().next().getLong(0).intValue());
    }

    /** A lease of an assessment of the platform, for submitting the review written under it. */
    public Future<Optional<Lease>> get(UUID platformId, UUID leaseId) {
        return pool.preparedQuery("SELECT " + LEASE_COLUMNS + "\n" + """
                         FROM peer_reviews r JOIN submissions s ON s.id = r.submission_id
                         WHERE r.id = $1 AND s.platform_id = $2""")
                .execute(Tuple.of(leaseId, platformId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(lease(rows.iterator().next())));
    }

    /** What became of a review sent for storage. */
    public enum Completion {
        STORED,
        /** The lease's review was stored before. */
        ALREADY_SUBMITTED,
        /** The configuration now scores differently from the one the review was validated against; nothing stored. */
        STALE_CONFIG
    }

    /**
     * Stores the review written under a lease, once. A lease that expired is still accepted (the review only adds
     * information; the submission may meanwhile have gone to someone else). The review was validated against
     * configuration {@code configVersion}: the configuration row is locked first, and when its version moved on,
     * {@code sameScoring} (given the stored JSON) decides whether the review's points still mean the same. So a
     * review is never stored on a scale it was not checked against, and a replacement waiting on the lock sees
     * this review when it checks whether reviews exist (the lock is the one the {@code changed} update takes
     * anyway, taken earlier). Replacements that leave the scale alone (deadlines, k, ...) cost nothing here.
     */
    public Future<Completion> complete(UUID leaseId, String reviewer, String scores, String comments, double total,
                                       int configVersion, java.util.function.Predicate<String> sameScoring) {
        // One transaction: the review, the mark that the assessment's peer grades changed (for the publisher), and
        // the reviewer's course grade, since the reviews they have given count toward it.
        return pool.withTransaction(c -> c.preparedQuery("""
                        SELECT p.version, p.config::text FROM peer_review_configs p
                        WHERE p.assessment_id = (SELECT assessment_id FROM peer_reviews WHERE id = $1)
                        FOR NO KEY UPDATE""")
                .execute(Tuple.of(leaseId))
                .compose(cfg -> cfg.size() == 0 || cfg.iterator().next().getInteger(0) != configVersion
                        && !sameScoring.test(cfg.iterator().next().getString(1))
                        ? Future.succeededFuture(Completion.STALE_CONFIG)
                        : c.preparedQuery("""
                        WITH done AS (
                            UPDATE peer_reviews p SET completed_at = now(), scores = $3::text::jsonb,
                                   comments = $4::text::jsonb, total = $5, released = false
                            FROM (SELECT released AS was_released FROM peer_reviews WHERE id = $1) o
                            WHERE p.id = $1 AND p.reviewer_id = $2 AND p.completed_at IS NULL
                            RETURNING p.assessment_id, p.submission_id, o.was_released, p.counts),
                        relisted AS (
                            -- a review under a lease the sweep had released adds its load back
                            UPDATE peer_queue SET load = load + 1
                            WHERE submission_id = (SELECT submission_id FROM done WHERE was_released AND counts)),
                        changed AS (
                            UPDATE peer_review_configs SET grades_changed_at = now()
                            WHERE assessment_id = (SELECT assessment_id FROM done))
                        SELECT a.platform_id, a.course_id FROM done JOIN assessments a ON a.id = done.assessment_id""")
                .execute(Tuple.from(Arrays.asList(leaseId, reviewer, scores, comments, total)))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(Completion.ALREADY_SUBMITTED);
                    }
                    Row r = rows.iterator().next();
                    return grades.recompute(c, r.getUUID(0), r.getString(1), reviewer, Instant.now()).map(Completion.STORED);
                })));
    }

    static Lease lease(Row r) {
        return new Lease(r.getUUID("id"), r.getUUID("assessment_id"), r.getUUID("submission_id"),
                r.getString("reviewer_id"), r.getBoolean("overflow"), r.getOffsetDateTime("leased_at"),
                r.getOffsetDateTime("expires_at"), r.getOffsetDateTime("completed_at"), r.getString("response"));
    }
}
