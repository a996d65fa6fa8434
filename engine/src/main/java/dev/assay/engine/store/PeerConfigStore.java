package dev.assay.engine.store;

import dev.assay.engine.store.PeerReviewStore.ConfigRow;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes of peer-review configurations: attaching, replacing and removing one. Each runs with the configuration's
 * row locked, the lock that storing a review, a calibration attempt or an override takes too, so a change and the
 * work it would affect never pass each other unseen. Reading a configuration is {@link PeerReviewStore#config}'s.
 */
public final class PeerConfigStore {
    private final Pool pool;

    public PeerConfigStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Work already scored on the stored rubric's scale: the reason a replacement that scores differently is refused.
     */
    public static final class ScoredWorkExists extends RuntimeException {
        private final long reviews;
        private final long attempts;
        private final long overrides;
        private final ScoringImpact impact;

        ScoredWorkExists(ScoringImpact impact, long reviews, long attempts, long overrides) {
            super(reviews + " review(s), " + attempts + " calibration attempt(s), " + overrides + " override(s)", null,
                    false, false);
            this.reviews = reviews;
            this.attempts = attempts;
            this.overrides = overrides;
            this.impact = impact;
        }

        /** What the refused replacement would have changed. */
        public ScoringImpact impact() {
            return impact;
        }

        public long reviews() {
            return reviews;
        }

        public long attempts() {
            return attempts;
        }

        public long overrides() {
            return overrides;
        }
    }

    /**
     * What replacing a stored configuration would change in how stored work scores: the rubric's scale (which every
     * completed review, calibration attempt and override holds points on), or only the staff scores of calibration
     * examples (which only calibration attempts were judged against).
     */
    public enum ScoringImpact { NONE, CALIBRATION, RUBRIC }

    /**
     * A replacement brings back calibration example ids that attempts were judged under but that the stored
     * configuration no longer has: their staff scores then are not known to match what those attempts were judged
     * against.
     */
    public static final class ExampleIdsReused extends RuntimeException {
        private final List<String> ids;

        ExampleIdsReused(List<String> ids) {
            super("calibration example ids reused: " + ids, null, false, false);
            this.ids = List.copyOf(ids);
        }

        public List<String> ids() {
            return ids;
        }
    }

    /** Whether storing a configuration may attach peer review to an assessment that has none. */
    public enum Attach {
        /** Only replace a stored configuration (a patch); fails with {@link NotConfigured} when there is none. */
        NEVER,
        /** Attach, unless a course grade counts graded work of the assessment ({@link GradedWorkCounted}). */
        UNLESS_GRADED_WORK_COUNTS,
        /** Attach even then: staff accepted that the work waits for peers again. */
        ALWAYS
    }

    /** A patch found no configuration to apply to (it was removed meanwhile). */
    public static final class NotConfigured extends RuntimeException {
        NotConfigured() {
            super("not peer reviewed", null, false, false);
        }
    }

    /** Attaching peer review would make graded work of {@code learners} learners that a course counts wait again. */
    public static final class GradedWorkCounted extends RuntimeException {
        private final long learners;

        GradedWorkCounted(long learners) {
            super(learners + " learner(s) with counted graded work", null, false, false);
            this.learners = learners;
        }

        public long learners() {
            return learners;
        }
    }

    /**
     * Stores the config of an assessment of the platform; empty when there is no such assessment. When a config is
     * stored already, {@code impact} (given the stored JSON) says what the new one scores differently; fails with
     * {@link ScoredWorkExists} if work scored that way exists: for the rubric any completed review, calibration
     * attempt or override, for calibration examples any attempt. The stored row is locked first, so two replacements
     * serialise, and a review or attempt completing meanwhile (its statement locks the same row) is either seen by
     * the check or waits for it. Fails with {@link ExampleIdsReused} when {@code exampleIds} (the new
     * configuration's calibration examples) bring back an id that attempts exist for but the stored one dropped.
     */
    public Future<Optional<ConfigRow>> putConfig(UUID platformId, UUID assessmentId, String config, List<String> exampleIds,
                                                 Attach attach,
                                                 java.util.function.Function<String, ScoringImpact> impact) {
        return pool.withTransaction(c -> ReviewSupply.lockForAssessment(c, platformId, assessmentId)
                .compose(courseId -> c.preparedQuery("""
                        SELECT assessment_id, config::text AS config, version, updated_at,
                               config = $3::text::jsonb AS unchanged
                        FROM peer_review_configs WHERE assessment_id = $1 AND platform_id = $2
                        FOR UPDATE""")
                .execute(Tuple.of(assessmentId, platformId, config))
                .compose(stored -> {
                    Row current = stored.size() == 0 ? null : stored.iterator().next();
                    // Storing what is stored changes nothing, so it is not a new version: a client re-sending its
                    // configuration (or an empty patch) must not look like a change to everyone watching versions.
                    if (current != null && current.getBoolean("unchanged")) {
                        return Future.succeededFuture(Optional.of(PeerReviewStore.config(current)));
                    }
                    Future<Void> attachable = current != null || attach == Attach.ALWAYS ? Future.succeededFuture()
                            : attach == Attach.NEVER ? Future.failedFuture(new NotConfigured())
                            : learnersWithCountedGradedWork(c, platformId, assessmentId).compose(n -> n == 0
                            ? Future.<Void>succeededFuture() : Future.failedFuture(new GradedWorkCounted(n)));
                    return attachable
                            .compose(v -> current == null ? clearOrphanedLeases(c, platformId, assessmentId) : Future.succeededFuture())
                            .compose(v -> store(c, platformId, assessmentId, config, exampleIds, current, impact))
                            // a smaller k or fewer extra reviews may leave the course's policy asking for more
                            .compose(row -> courseId == null ? Future.succeededFuture(row)
                                    : ReviewSupply.check(c, platformId, courseId).map(row));
                })));
    }

    /**
     * Leases taken while the configuration was being removed (a lease does not take its lock, to keep reviews:next
     * cheap) outlive it; a configuration attached later starts without them and with an empty queue, as after a
     * removal that saw them. No completed review can exist here: completing one takes the configuration's lock.
     */
    private static Future<Void> clearOrphanedLeases(SqlConnection c, UUID platformId, UUID assessmentId) {
        // Only for the caller's own assessment, and only while it has no configuration: the lookup above is scoped
        // to the platform, so another platform's request for this id finds none there either.
        return c.preparedQuery("""
                        WITH own AS (
                            SELECT 1 FROM assessments a WHERE a.id = $1 AND a.platform_id = $2
                              AND NOT EXISTS (SELECT 1 FROM peer_review_configs p WHERE p.assessment_id = $1)),
                        gone AS (DELETE FROM peer_reviews WHERE assessment_id = $1 AND completed_at IS NULL
                                 AND EXISTS (SELECT 1 FROM own))
                        UPDATE peer_queue SET load = 0 WHERE assessment_id = $1 AND load <> 0 AND EXISTS (SELECT 1 FROM own)""")
                .execute(Tuple.of(assessmentId, platformId)).mapEmpty();
    }

    private Future<Optional<ConfigRow>> store(SqlConnection c, UUID platformId, UUID assessmentId, String config,
                                              List<String> exampleIds, Row current,
                                              java.util.function.Function<String, ScoringImpact> impact) {
        return Future.<Void>succeededFuture()
                .compose(none -> {
                    ScoringImpact changed = current == null ? ScoringImpact.NONE : impact.apply(current.getString("config"));
                    return changed == ScoringImpact.NONE ? Future.<Void>succeededFuture() : c.preparedQuery("""
                                SELECT (SELECT count(*) FROM peer_reviews WHERE assessment_id = $1 AND completed_at IS NOT NULL),
                                       (SELECT count(*) FROM peer_calibration_attempts WHERE assessment_id = $1),
                                       (SELECT count(*) FROM peer_grade_overrides o JOIN submissions s ON s.id = o.submission_id
                                        WHERE s.assessment_id = $1)""")
                        .execute(Tuple.of(assessmentId)).compose(counts -> {
                            Row r = counts.iterator().next();
                            long reviews = changed == ScoringImpact.RUBRIC ? r.getLong(0) : 0;
                            long overrides = changed == ScoringImpact.RUBRIC ? r.getLong(2) : 0;
                            return reviews + r.getLong(1) + overrides == 0 ? Future.<Void>succeededFuture()
                                    : Future.failedFuture(new ScoredWorkExists(changed, reviews, r.getLong(1), overrides));
                        });
                })
                .compose(v -> exampleIds.isEmpty() ? Future.<Void>succeededFuture() : c.preparedQuery("""
                                SELECT DISTINCT t.example_id FROM peer_calibration_attempts t
                                WHERE t.assessment_id = $1 AND t.example_id = ANY($2)
                                  AND NOT EXISTS (SELECT 1 FROM peer_review_configs p,
                                                      jsonb_array_elements(p.config->'calibration'->'examples') e
                                                  WHERE p.assessment_id = $1 AND e->>'id' = t.example_id)
                                ORDER BY 1""")
                        .execute(Tuple.tuple().addUUID(assessmentId).addArrayOfString(exampleIds.toArray(String[]::new)))
                        .compose(rows -> {
                            List<String> reused = new ArrayList<>();
                            rows.forEach(r -> reused.add(r.getString(0)));
                            return reused.isEmpty() ? Future.<Void>succeededFuture()
                                    : Future.failedFuture(new ExampleIdsReused(reused));
                        }))
                .compose(v -> c.preparedQuery("""
                        INSERT INTO peer_review_configs(assessment_id, platform_id, config, review_deadline, version)
                        SELECT a.id, a.platform_id, $3::text::jsonb, ($3::text::jsonb->>'reviewDeadline')::timestamptz,
                               a.peer_config_versions + 1
                        FROM assessments a WHERE a.id = $1 AND a.platform_id = $2
                        ON CONFLICT (assessment_id) DO UPDATE
                            SET config = EXCLUDED.config, version = peer_review_configs.version + 1, updated_at = now(),
                                grades_changed_at = now(), review_deadline = (EXCLUDED.config->>'reviewDeadline')::timestamptz
                            -- two first configurations at once: the same one stored twice is one version
                            WHERE peer_review_configs.config IS DISTINCT FROM EXCLUDED.config
                        RETURNING assessment_id, config::text AS config, version, updated_at,
                                  (SELECT course_id FROM assessments WHERE id = $1) AS course_id""")
                        .execute(Tuple.of(assessmentId, platformId, config))
                        .compose(rows -> {
                            if (rows.size() == 0) {
                                // no such assessment, or a concurrent first configuration stored this same one
                                return new PeerReviewStore(pool).within(c).config(platformId, assessmentId);
                            }
                            Row row = rows.iterator().next();
                            // Peer review decides what counts (a submission waits for its peer grade) and when the
                            // review window closes, so the course's grades are recomputed with the configuration.
                            return CourseGradeStore.requestRecompute(c, platformId, row.getString("course_id"),
                                    "peer review of " + assessmentId + " configured").map(Optional.of(PeerReviewStore.config(row)));
                        }));
    }

    /** What became of a request to remove an assessment's peer review. */
    public sealed interface Removal {
        record Removed() implements Removal {
        }

        record NotConfigured() implements Removal {
        }

        /** Learners' reviews, calibration attempts or staff's peer-grade overrides exist, which removal would lose. */
        record WorkExists(long reviews, long attempts, long overrides) implements Removal {
        }

        /**
         * The course's grading policy requires {@code required} reviews given, and without this assessment learners
         * could be sure to find only {@code left}: every grade would wait for reviews nobody can give.
         */
        record ReviewsRequired(int required, int left) implements Removal {
        }
    }

    /**
     * Removes the assessment's peer review when no completed review, calibration attempt or peer-grade override
     * exists: open leases go with it and the queue starts empty again. The course is recomputed in the same
     * transaction, since what counts changes (a quiz's automated score stops waiting for peers).
     */
    public Future<Removal> deleteConfig(UUID platformId, UUID assessmentId) {
        // The locks first, each in a statement of its own: the course's (policy changes take it), then the row's
        // (reviews, calibration attempts and overrides take it before they are stored). The counts below must see what
        // committed while this waited (read committed: a statement sees what committed before it began).
        return pool.<Removal>withTransaction(c -> ReviewSupply.lockForAssessment(c, platformId, assessmentId)
                .compose(courseLocked -> c.preparedQuery("""
                        SELECT 1 FROM peer_review_configs WHERE assessment_id = $1 AND platform_id = $2 FOR UPDATE""")
                        .execute(Tuple.of(assessmentId, platformId)))
                .compose(locked -> c.preparedQuery("""
                        SELECT p.version, a.course_id,
                               (SELECT count(*) FROM peer_reviews WHERE assessment_id = $1 AND completed_at IS NOT NULL),
                               (SELECT count(*) FROM peer_calibration_attempts WHERE assessment_id = $1),
                               (SELECT count(*) FROM peer_grade_overrides o JOIN submissions s ON s.id = o.submission_id
                                WHERE s.assessment_id = $1)
                        FROM peer_review_configs p JOIN assessments a ON a.id = p.assessment_id
                        WHERE p.assessment_id = $1 AND p.platform_id = $2""")
                        .execute(Tuple.of(assessmentId, platformId)))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(new Removal.NotConfigured());
                    }
                    Row r = rows.iterator().next();
                    if (r.getLong(2) + r.getLong(3) + r.getLong(4) > 0) {
                        return Future.succeededFuture(new Removal.WorkExists(r.getLong(2), r.getLong(3), r.getLong(4)));
                    }
                    return c.preparedQuery("""
                                    WITH leases AS (DELETE FROM peer_reviews WHERE assessment_id = $1 AND completed_at IS NULL),
                                    queue AS (UPDATE peer_queue SET load = 0 WHERE assessment_id = $1 AND load <> 0),
                                    numbered AS (UPDATE assessments SET peer_config_versions = $2 WHERE id = $1)
                                    DELETE FROM peer_review_configs WHERE assessment_id = $1""")
                            .execute(Tuple.of(assessmentId, r.getInteger(0)))
                            // fails, and so rolls the removal back, when the policy needs this assessment's reviews
                            .compose(v -> ReviewSupply.check(c, platformId, r.getString(1)))
                            .compose(v -> CourseGradeStore.requestRecompute(c, platformId, r.getString(1),
                                    "peer review of " + assessmentId + " removed"))
                            .map((Removal) new Removal.Removed());
                }))
                .recover(e -> e instanceof ReviewSupply.Shortfall f
                        ? Future.<Removal>succeededFuture(new Removal.ReviewsRequired(f.required(), f.capacity()))
                        : Future.<Removal>failedFuture(e));
    }

    /**
     * How many learners have graded work for the assessment that their course grade counts (what attaching peer
     * review would put back to pending): none when the course's grading policy does not name the assessment.
     */
    private static Future<Long> learnersWithCountedGradedWork(SqlClient client, UUID platformId, UUID assessmentId) {
        return client.preparedQuery("""
                        SELECT count(DISTINCT s.learner_id) FROM submissions s
                        JOIN assessments a ON a.id = s.assessment_id
                        JOIN grading_policies g ON g.platform_id = a.platform_id AND g.course_id = a.course_id
                        WHERE s.assessment_id = $1 AND a.platform_id = $2 AND s.status = 'graded'
                          AND (jsonb_path_exists(g.policy, '$.categories[*].assessments[*] ? (@ == $id)',
                                                 jsonb_build_object('id', $1::text))
                               OR jsonb_path_exists(g.policy, '$.mustPass[*].assessment ? (@ == $id)',
                                                    jsonb_build_object('id', $1::text)))""")
                .execute(Tuple.of(assessmentId, platformId))
                .map(rows -> rows.iterator().next().getLong(0));
    }
}
