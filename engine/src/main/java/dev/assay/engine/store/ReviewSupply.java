package dev.assay.engine.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * The rule that a course's learners can give the peer reviews its grading policy requires: its
 * {@code minPeerReviewsGiven} is at most the sum of {@code reviewsPerSubmission + extraReviews} over its
 * peer-reviewed assessments (each submission takes at most that many reviews). Otherwise every grade would wait, or
 * fail, on reviews nobody can give. The policy and the configurations change separately, so each change takes the
 * course's lock and checks the rule on the state it is about to commit; two changes that each keep the rule alone
 * cannot then break it together.
 */
public final class ReviewSupply {
    private ReviewSupply() {
    }

    /** The course's policy requires more reviews given than its assessments can take. */
    public static final class Shortfall extends RuntimeException {
        private final int required;
        private final int capacity;

        Shortfall(int required, int capacity) {
            super("requires " + required + " reviews given, can take " + capacity, null, false, false);
            this.required = required;
            this.capacity = capacity;
        }

        public int required() {
            return required;
        }

        /** Reviews each learner can be sure to find to give across the course (0: no peer-reviewed assessment). */
        public int capacity() {
            return capacity;
        }
    }

    /** Takes the course's lock until the transaction of {@code c} ends; before any configuration row lock. */
    static Future<Void> lock(SqlClient c, UUID platformId, String courseId) {
        return c.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1 || '/' || $2, 23))")
                .execute(Tuple.of(platformId.toString(), courseId)).mapEmpty();
    }

    /**
     * The course's lock for a change of an assessment of the platform; the course's id, or null when the assessment
     * is not the platform's (nothing to lock, and nothing the change will store).
     */
    static Future<String> lockForAssessment(SqlClient c, UUID platformId, UUID assessmentId) {
        return c.preparedQuery("SELECT course_id FROM assessments WHERE id = $1 AND platform_id = $2")
                .execute(Tuple.of(assessmentId, platformId))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(null);
                    }
                    String courseId = rows.iterator().next().getString(0);
                    return lock(c, platformId, courseId).map(courseId);
                });
    }

    /** Fails with {@link Shortfall} when the course, as {@code c}'s transaction now sees it, breaks the rule. */
    static Future<Void> check(SqlClient c, UUID platformId, String courseId) {
        return c.preparedQuery("""
                        SELECT COALESCE((SELECT (policy->>'minPeerReviewsGiven')::int FROM grading_policies
                                         WHERE platform_id = $1 AND course_id = $2), 0),
                               COALESCE((SELECT sum((p.config->>'reviewsPerSubmission')::int
                                                    + (p.config->>'extraReviews')::int)
                                         FROM peer_review_configs p JOIN assessments a ON a.id = p.assessment_id
                                         WHERE a.platform_id = $1 AND a.course_id = $2), 0)::int""")
                .execute(Tuple.of(platformId, courseId))
                .compose(rows -> {
                    int required = rows.iterator().next().getInteger(0);
                    int capacity = rows.iterator().next().getInteger(1);
                    return required > capacity ? Future.failedFuture(new Shortfall(required, capacity))
                            : Future.succeededFuture();
                });
    }
}
