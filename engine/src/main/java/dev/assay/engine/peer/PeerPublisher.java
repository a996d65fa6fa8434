package dev.assay.engine.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.grading.ResultEvents;
import dev.assay.engine.node.PeriodicJob;
import dev.assay.engine.store.CourseGradeStore;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.LearnerEventIds;
import dev.assay.engine.store.PeerLeaseStore;
import dev.assay.engine.store.PeerReviewStore;
import dev.assay.engine.store.PeerScale;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.UUID;

/**
 * Writes final peer grades into the submissions' scores, and so into learners' course grades and outcomes (and,
 * first on each tick, gives back the queue load of review leases that expired unused). An
 * assessment is published again whenever its peer grades changed (a review, an override, a new configuration) or its
 * review deadline passed since. Each run is one transaction holding the assessment's configuration row: the scores
 * it writes, the course grades and outcome events they cause, and the mark that it ran commit together, and two
 * nodes never publish one assessment at once.
 */
public final class PeerPublisher {
    private static final long PERIOD_MILLIS = 2_000;
    /** How long an assessment whose publication failed waits before it is tried again (unless its grades change). */
    static final java.time.Duration RETRY_AFTER = java.time.Duration.ofMinutes(1);
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(PeerPublisher.class.getName());

    private final Vertx vertx;
    private final Pool pool;
    private final PeerReviewStore store;
    private final PeerLeaseStore leases;
    private final CourseGradeStore grades;
    private final ResultEvents events;
    private final PeriodicJob job;

    public PeerPublisher(Vertx vertx, Pool pool, PeerReviewStore store, PeerLeaseStore leases, CourseGradeStore grades,
                         ResultEvents events) {
        this.events = events;
        this.leases = leases;
        this.vertx = vertx;
        this.pool = pool;
        this.store = store;
        this.grades = grades;
        this.job = new PeriodicJob(vertx, "publishing peer grades", PERIOD_MILLIS,
                () -> leases.releaseExpired().compose(released -> publishAll()));
    }

    public void start() {
        job.start();
    }

    public void stop() {
        job.stop();
    }

    /**
     * Runs the assessment's aggregation model off the event loop, and records which reviewers' reviews no longer
     * count toward k (so reviews:next hands their submissions out again: adaptive top-up).
     */
    public static Future<PeerGrades.Result> grades(Vertx vertx, PeerReviewStore store, UUID assessmentId, PeerConfig config,
                                                   boolean withCriteria) {
        return store.submissions(assessmentId).compose(subs -> store.reviews(assessmentId, null)
                        .compose(reviews -> store.attempts(assessmentId, null)
                                .compose(attempts -> store.overrides(assessmentId)
                                        .compose(overrides -> vertx.executeBlocking(() -> {
                                            var result = PeerGrades.compute(config, subs, reviews, attempts, overrides,
                                                    Instant.now());
                                            return withCriteria
                                                    ? result.withCriteria(CriterionGrades.compute(config, reviews)) : result;
                                        }, false)))))
                .compose(result -> store.setCounting(assessmentId, result.lazy()).map(result));
    }

    private Future<Void> publishAll() {
        UUID[] picked = new UUID[1];
        List<Published> published = new ArrayList<>();
        Map<UUID, Long> eventIds = new HashMap<>();
        return pool.withTransaction(c -> publishNext(c, picked, published)
                        .compose(more -> LearnerEventIds.next(c, published.stream().map(Published::submissionId).toList())
                                .map(ids -> {
                                    eventIds.putAll(ids);
                                    return more;
                                })))
                // Learners waiting on a grade hear of it live, once it is committed (a replay of their stream would
                // show it too).
                .onSuccess(any -> published.forEach(p -> events.publish(p.platformId(), p.learnerId(),
                        eventIds.get(p.submissionId()), p.event())))
                .recover(e -> picked[0] == null ? Future.failedFuture(e) : setAside(picked[0], e).map(true))
                .compose(more -> more ? publishAll() : Future.succeededFuture());
    }

    /** A score written into a submission: the result event its learner's stream gets. */
    private record Published(UUID platformId, String learnerId, UUID submissionId, ObjectNode event) {
    }

    /**
     * Records that an assessment's publication failed, so that the next ticks publish the others: it is tried again
     * after {@link #RETRY_AFTER}, or as soon as its grades change.
     */
    private Future<Void> setAside(UUID assessmentId, Throwable e) {
        LOG.log(java.util.logging.Level.SEVERE, "could not publish the peer grades of assessment " + assessmentId
                + "; trying the other assessments, and this one again later", e);
        String error = String.valueOf(e.getMessage());
        return pool.preparedQuery("""
                        UPDATE peer_review_configs SET publish_failed_at = now(), publish_error = $2
                        WHERE assessment_id = $1""")
                .execute(Tuple.of(assessmentId, error.length() > 500 ? error.substring(0, 500) : error)).mapEmpty();
    }

    /** Publishes the assessment most in need of it; false when none is. */
    private Future<Boolean> publishNext(SqlClient c, UUID[] picked, List<Published> published) {
        return c.preparedQuery("""
                        SELECT p.assessment_id, p.platform_id, a.course_id, p.config::text, now() AS claimed_at,
                               p.review_deadline IS NOT NULL AND p.review_deadline <= now()
                                   AND (p.grades_published_at IS NULL OR p.grades_published_at < p.review_deadline) AS closed
                        FROM peer_review_configs p JOIN assessments a ON a.id = p.assessment_id
                        WHERE (p.grades_published_at IS NULL OR p.grades_published_at < p.grades_changed_at
                               OR (p.review_deadline <= now() AND p.grades_published_at < p.review_deadline))
                          AND (p.publish_failed_at IS NULL OR p.publish_failed_at < p.grades_changed_at
                               OR p.publish_failed_at < now() - make_interval(secs => %d))
                        ORDER BY p.grades_changed_at LIMIT 1 FOR UPDATE OF p SKIP LOCKED""".formatted(RETRY_AFTER.toSeconds()))
                .execute()
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(false);
                    }
                    Row r = rows.iterator().next();
                    UUID assessmentId = r.getUUID("assessment_id");
                    picked[0] = assessmentId;
                    UUID platformId = r.getUUID("platform_id");
                    String courseId = r.getString("course_id");
                    PeerConfig config = PeerConfigCodec.readStored(r.getString("config"));
                    // Read through this transaction's connection: it holds the configuration row, which reviews
                    // being stored wait on, each holding a pooled connection; asking the pool for more could wait
                    // on a pool they have emptied.
                    return grades(vertx, store.within(c), assessmentId, config, false)
                            .compose(result -> write(c, result, config, grades, published))
                            // When the review window closes, reviews given stop growing: every grade in the course
                            // that waits on them can now be decided.
                            .compose(v -> r.getBoolean("closed")
                                    ? CourseGradeStore.requestRecompute(c, platformId, courseId, "peer review deadline passed")
                                    : Future.succeededFuture())
                            .compose(v -> c.preparedQuery("""
                                            UPDATE peer_review_configs SET grades_published_at = $2, publish_failed_at = NULL,
                                                   publish_error = NULL
                                            WHERE assessment_id = $1""")
                                    .execute(Tuple.of(assessmentId, r.getOffsetDateTime("claimed_at"))))
                            .map(true);
                });
    }

    /**
     * Publishes the assessment's settled peer grades at once in the caller's transaction, as the next tick would:
     * for a change (a staff override taken back) after which a final grade must stand in the same transaction, so
     * that no outcome event says otherwise in between. Returns the submissions it wrote, which the caller gives
     * stream event ids once it has changed everything else.
     */
    public static Future<List<UUID>> publishNow(Vertx vertx, SqlClient c, PeerReviewStore store, CourseGradeStore grades,
                                                UUID assessmentId, PeerConfig config) {
        List<Published> written = new ArrayList<>();
        return grades(vertx, store.within(c), assessmentId, config, false)
                .compose(result -> write(c, result, config, grades, written))
                .map(v -> written.stream().map(Published::submissionId).toList());
    }

    /** Writes every final (or overridden) peer grade whose published score differs, recomputing its learner. */
    private static Future<Void> write(SqlClient c, PeerGrades.Result result, PeerConfig config, CourseGradeStore grades,
                                      List<Published> published) {
        double min = config.rubric().totalRange().min();
        double max = config.rubric().totalRange().max();
        Future<Void> chain = Future.succeededFuture();
        for (PeerGrades.Grade g : result.grades()) {
            boolean settled = g.status() == PeerGrades.Status.FINAL || g.status() == PeerGrades.Status.OVERRIDDEN;
            // A grade published as final stays final (PeerGrades), so a published score is never left unsettled.
            if (!settled || g.score() == null) {
                continue;
            }
            // maxScore: what the published score is out of, so that the peer grade can count again by itself
            // (when a staff override on top of it is removed) without the model having to run.
            ObjectNode peer = Json.object().put("model", result.model()).put("score", g.score()).put("minScore", min)
                    .put("maxScore", max)
                    .put("reviews", g.reviews()).put("countedReviews", g.counted())
                    .put("status", g.status().name().toLowerCase(java.util.Locale.ROOT));
            if (g.ciLow() != null) {
                peer.putObject("interval").put("level", 0.9).put("low", g.ciLow()).put("high", g.ciHigh());
            }
            double score = Math.max(min, Math.min(max, g.score()));
            // The score is written on the assessment's own scale (what its grader marks it from and out of: an
            // upload's points, an essay's minScore to maxScore), the rubric's in result.peerGrade; without a
            // grader's maximum, on the rubric's. The rubric's lowest total is the scale's lowest score.
            chain = chain.compose(v -> c.preparedQuery("""
                            UPDATE submissions s SET peer_graded_at = now(),
                                   result = jsonb_set(COALESCE(s.result, '{}'::jsonb), '{peerGrade}', $4::text::jsonb),
                                   -- a staff override of the submission keeps its score
                                   status = CASE WHEN s.override IS NULL THEN 'graded' ELSE s.status END,
                                   score = CASE WHEN s.override IS NULL THEN x.score ELSE s.score END,
                                   max_score = CASE WHEN s.override IS NULL THEN x.max ELSE s.max_score END
                            FROM (SELECT t.id, %s AS score, COALESCE(r.max_score, $3::float8) AS max
                                  FROM submissions t LEFT JOIN grading_results r
                                       ON r.submission_id = t.id AND r.version = t.graded_version AND r.max_score > 0
                                  WHERE t.id = $1) x
                            WHERE s.id = x.id AND (s.peer_graded_at IS NULL
                                   OR s.override IS NULL AND (s.score IS DISTINCT FROM x.score OR s.max_score IS DISTINCT FROM x.max)
                                   OR s.result->'peerGrade'->>'status' IS DISTINCT FROM $4::text::jsonb->>'status')
                            RETURNING s.platform_id, s.course_id, s.learner_id, s.id, s.assessment_id, s.status,
                                      s.score, s.max_score, s.graded_version, s.result::text AS result"""
                            .formatted(PeerScale.onGradersScale("$2::float8", "$5::float8", "$3::float8", "r.max_score")))
                    .execute(Tuple.of(UUID.fromString(g.submissionId()), score, max, peer.toString(), min))
                    .compose(updated -> {
                        updated.forEach(r -> published.add(event(r)));
                        return grades.recomputeReturned(c, updated);
                    }));
        }
        return chain;
    }

    private static Published event(Row r) {
        ObjectNode e = ResultEvents.event(r.getUUID("id"), r.getUUID("assessment_id"), r.getString("course_id"),
                r.getString("status")).put("version", r.getInteger("graded_version")).put("score", r.getDouble("score"))
                .put("maxScore", r.getDouble("max_score"));
        ObjectNode result = (ObjectNode) Json.parse(r.getString("result"));
        result.remove("learnerMessage"); // "will be graded by people": it has been
        e.set("result", result);
        return new Published(r.getUUID("platform_id"), r.getString("learner_id"), r.getUUID("id"), e);
    }
}
