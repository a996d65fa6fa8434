package dev.assay.engine.store;

import dev.assay.peerreview.assignment.AssignmentPolicy;
import dev.assay.peerreview.assignment.Candidate;
import dev.assay.peerreview.assignment.Pick;
import dev.assay.peerreview.assignment.ReviewerInfo;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Hands out review leases, safely across nodes and concurrent requests.
 *
 * <p>One transaction per request: an advisory lock on (assessment, reviewer) serialises one reviewer's requests (so
 * a reviewer who asks twice gets the lease they already hold, not a second one); candidate submissions are locked
 * with {@code FOR UPDATE SKIP LOCKED} (concurrent reviewers take different submissions instead of queueing on the
 * same one); their loads are then recounted by a fresh statement, exact because every lease of a submission is
 * written under that submission's row lock; the pure {@link AssignmentPolicy} picks among them; the unique
 * (submission, reviewer) constraint is the last guard. A submission is never its reviewer's own: the SQL excludes
 * it and the policy checks again.
 */
public final class PeerLeaseStore {
    /** Candidates locked per request; the policy chooses among them. */
    private static final int BATCH = 4;
    /** Rounds of "lock, recount, pick" before concluding there is nothing for the reviewer. */
    private static final int MAX_ATTEMPTS = 8;

    private static final String LIVE_LOAD = """
            (r.completed_at IS NOT NULL AND r.counts) OR (r.completed_at IS NULL AND r.expires_at > now())""";

    private final Pool pool;
    private final CourseGradeStore grades;

    public PeerLeaseStore(Pool pool, CourseGradeStore grades) {
        this.pool = pool;
        this.grades = grades;
    }

    /** A lease with the submission to review. */
    public record Lease(UUID id, UUID assessmentId, UUID submissionId, String reviewerId, boolean overflow,
                        OffsetDateTime leasedAt, OffsetDateTime expiresAt, OffsetDateTime completedAt, String response) {
        public boolean live() {
            return completedAt == null && expiresAt.isAfter(OffsetDateTime.now());
        }
    }

    /** The reviewer's live lease if they hold one, else a new one; empty when nothing is eligible. */
    /**
     * @param teams team of every learner in one (the reviewer's team-mates are never offered; see
     *              {@link AssignmentPolicy#eligible})
     */
    public Future<Optional<Lease>> next(UUID assessmentId, String reviewer, Map<String, String> teams,
                                        AssignmentPolicy policy, Duration lease) {
        var request = new Request(assessmentId, new ReviewerInfo(reviewer, teams.get(reviewer)), teams, policy, lease);
        return pool.withTransaction(c -> c.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
                .execute(Tuple.of(assessmentId + "/" + reviewer))
                .compose(v -> held(c, assessmentId, reviewer))
                .compose(held -> held.isPresent() ? Future.succeededFuture(held) : take(c, request, 0)));
    }

    private record Request(UUID assessmentId, ReviewerInfo reviewer, Map<String, String> teams, AssignmentPolicy policy,
                           Duration lease) {
        String[] excluded() {
            // The reviewer and their team-mates: the SQL leaves their submissions out, the policy checks again.
            var out = new ArrayList<String>();
            out.add(reviewer.id());
            if (reviewer.team() != null) {
                teams.forEach((learner, team) -> {
                    if (team.equals(reviewer.team())) {
                        out.add(learner);
                    }
                });
            }
            return out.toArray(String[]::new);
        }
    }

    private static final String LEASE = """
            SELECT r.id, r.assessment_id, r.submission_id, r.reviewer_id, r.overflow, r.leased_at, r.expires_at,
                   r.completed_at, s.response::text AS response
            FROM peer_reviews r JOIN submissions s ON s.id = r.submission_id
            """;

    private Future<Optional<Lease>> held(SqlConnection c, UUID assessmentId, String reviewer) {
        return c.preparedQuery(LEASE + """
                         WHERE r.assessment_id = $1 AND r.reviewer_id = $2 AND r.completed_at IS NULL
                           AND r.expires_at > now() ORDER BY r.leased_at LIMIT 1""")
                .execute(Tuple.of(assessmentId, reviewer))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(lease(rows.iterator().next())));
    }

    private Future<Optional<Lease>> take(SqlConnection c, Request r, int attempt) {
        return lock(c, r, BATCH, true).compose(ids -> ids.isEmpty()
                        // Every eligible row may be locked by other requests at this instant (few submissions, many
                        // reviewers): rather than send the reviewer away, wait for the best one. This transaction holds
                        // no row lock it could be waited on for, so waiting cannot deadlock.
                        ? lock(c, r, 1, false) : Future.succeededFuture(ids))
                .compose(ids -> {
                    if (ids.isEmpty()) {
                        return Future.succeededFuture(Optional.<Lease>empty());
                    }
                    return candidates(c, ids, r.teams()).compose(candidates -> {
                        Optional<Pick> pick = r.policy().next(candidates, r.reviewer());
                        if (pick.isPresent()) {
                            return insert(c, r.assessmentId(), r.reviewer().id(), pick.get(), r.lease());
                        }
                        // Others filled what we locked between the snapshot and the lock. Look again: the next
                        // statement's snapshot sees those rows full and leaves them out.
                        return attempt < MAX_ATTEMPTS ? take(c, r, attempt + 1)
                                : Future.succeededFuture(Optional.<Lease>empty());
                    });
                });
    }

    /**
     * Locks up to {@code limit} eligible submissions, fewest reviews then oldest first (the policy's order), read off
     * the {@code peer_load} index: a request costs the same in a course of 100 or 100,000 submissions. The stored
     * load runs ahead of the exact one only between a lease expiring and the sweep releasing it; the candidates'
     * exact loads are recounted after locking, and the policy decides on those.
     */
    private Future<List<UUID>> lock(SqlConnection c, Request r, int limit, boolean skipLocked) {
        return c.preparedQuery("""
                        SELECT s.id FROM submissions s
                        WHERE s.assessment_id = $1 AND s.learner_id <> ALL($5) AND s.peer_load < $3
                          AND NOT EXISTS (SELECT 1 FROM submissions n WHERE n.assessment_id = s.assessment_id
                                          AND n.learner_id = s.learner_id AND (n.created_at, n.id) > (s.created_at, s.id))
                          AND NOT EXISTS (SELECT 1 FROM peer_reviews r WHERE r.submission_id = s.id AND r.reviewer_id = $2)
                        ORDER BY s.peer_load, s.created_at, s.id
                        LIMIT $4
                        FOR UPDATE OF s""" + (skipLocked ? " SKIP LOCKED" : ""))
                .execute(Tuple.tuple().addUUID(r.assessmentId()).addString(r.reviewer().id())
                        .addInteger(r.policy().k() + r.policy().extra()).addInteger(limit).addArrayOfString(r.excluded()))
                .map(rows -> {
                    var ids = new ArrayList<UUID>();
                    rows.forEach(row -> ids.add(row.getUUID("id")));
                    return ids;
                });
    }

    /** Exact loads of the locked submissions, read after locking them. */
    private Future<List<Candidate>> candidates(SqlConnection c, List<UUID> ids, Map<String, String> teams) {
        return c.preparedQuery("""
                        SELECT s.id, s.learner_id, s.created_at,
                               count(r.id) FILTER (WHERE r.completed_at IS NOT NULL AND r.counts) AS counted,
                               count(r.id) FILTER (WHERE r.completed_at IS NULL AND r.expires_at > now()) AS leased,
                               coalesce(array_agg(r.reviewer_id) FILTER (WHERE r.id IS NOT NULL), '{}') AS reviewers
                        FROM submissions s LEFT JOIN peer_reviews r ON r.submission_id = s.id
                        WHERE s.id = ANY($1) GROUP BY s.id, s.learner_id, s.created_at""")
                .execute(Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    var out = new ArrayList<Candidate>();
                    for (Row r : rows) {
                        out.add(new Candidate(r.getUUID("id").toString(), r.getString("learner_id"),
                                teams.get(r.getString("learner_id")),
                                r.getOffsetDateTime("created_at").toInstant(), r.getLong("counted").intValue(),
                                r.getLong("leased").intValue(), Set.of(r.getArrayOfStrings("reviewers"))));
                    }
                    return out;
                });
    }

    private Future<Optional<Lease>> insert(SqlConnection c, UUID assessmentId, String reviewer, Pick pick, Duration lease) {
        UUID id = UUID.randomUUID();
        return c.preparedQuery("""
                        WITH lease AS (
                            INSERT INTO peer_reviews(id, assessment_id, submission_id, reviewer_id, overflow, expires_at)
                            VALUES ($1, $2, $3, $4, $5, now() + make_interval(secs => $6)) RETURNING submission_id)
                        UPDATE submissions SET peer_load = peer_load + 1 WHERE id = (SELECT submission_id FROM lease)""")
                .execute(Tuple.of(id, assessmentId, UUID.fromString(pick.candidate().submission()), reviewer,
                        pick.overflow(), (double) lease.toSeconds()))
                .compose(v -> c.preparedQuery(LEASE + " WHERE r.id = $1").execute(Tuple.of(id)))
                .map(rows -> Optional.of(lease(rows.iterator().next())));
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
                            UPDATE submissions s SET peer_load = s.peer_load - e.n
                            FROM (SELECT submission_id, count(*) AS n FROM expired GROUP BY submission_id) e
                            WHERE s.id = e.submission_id)
                        SELECT count(*) FROM expired""")
                .execute()
                .map(rows -> rows.iterator().next().getLong(0).intValue());
    }

    /** A lease of an assessment of the platform, for submitting the review written under it. */
    public Future<Optional<Lease>> get(UUID platformId, UUID leaseId) {
        return pool.preparedQuery(LEASE + " WHERE r.id = $1 AND s.platform_id = $2")
                .execute(Tuple.of(leaseId, platformId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(lease(rows.iterator().next())));
    }

    /**
     * Stores the review written under a lease, once: false when it was already completed. A lease that expired is
     * still accepted (the review only adds information; the submission may meanwhile have gone to someone else).
     */
    public Future<Boolean> complete(UUID leaseId, String reviewer, String scores, String comments, double total) {
        // One transaction: the review, the mark that the assessment's peer grades changed (for the publisher), and
        // the reviewer's course grade, since the reviews they have given count toward it.
        return pool.withTransaction(c -> c.preparedQuery("""
                        WITH done AS (
                            UPDATE peer_reviews p SET completed_at = now(), scores = $3::text::jsonb,
                                   comments = $4::text::jsonb, total = $5, released = false
                            FROM (SELECT released AS was_released FROM peer_reviews WHERE id = $1) o
                            WHERE p.id = $1 AND p.reviewer_id = $2 AND p.completed_at IS NULL
                            RETURNING p.assessment_id, p.submission_id, o.was_released, p.counts),
                        relisted AS (
                            -- a review under a lease the sweep had released adds its load back
                            UPDATE submissions SET peer_load = peer_load + 1
                            WHERE id = (SELECT submission_id FROM done WHERE was_released AND counts)),
                        changed AS (
                            UPDATE peer_review_configs SET grades_changed_at = now()
                            WHERE assessment_id = (SELECT assessment_id FROM done))
                        SELECT a.platform_id, a.course_id FROM done JOIN assessments a ON a.id = done.assessment_id""")
                .execute(Tuple.from(Arrays.asList(leaseId, reviewer, scores, comments, total)))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(false);
                    }
                    Row r = rows.iterator().next();
                    return grades.recompute(c, r.getUUID(0), r.getString(1), reviewer, Instant.now()).map(true);
                }));
    }

    private static Lease lease(Row r) {
        return new Lease(r.getUUID("id"), r.getUUID("assessment_id"), r.getUUID("submission_id"),
                r.getString("reviewer_id"), r.getBoolean("overflow"), r.getOffsetDateTime("leased_at"),
                r.getOffsetDateTime("expires_at"), r.getOffsetDateTime("completed_at"), r.getString("response"));
    }
}
