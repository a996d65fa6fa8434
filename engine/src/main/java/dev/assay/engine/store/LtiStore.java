package dev.assay.engine.store;

import dev.assay.engine.lti.LtiKeys;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * LTI 1.3 registrations (an LMS and Assay's key pair for it), assessments linked to the LMS's line items, and the
 * outbox of learners' scores to post there (kept pending by a trigger on every change of a linked submission).
 */
public final class LtiStore {
    private final Pool pool;

    public LtiStore(Pool pool) {
        this.pool = pool;
    }

    public record RegistrationRow(String id, String issuer, String clientId, String tokenUrl, UUID keyId,
                                  OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    private static final String REGISTRATION = "id, issuer, client_id, token_url, key_id, created_at, updated_at";

    /**
     * Creates or changes a registration; a new one gets {@code keys} (made by the caller, off the event loop), a
     * changed one keeps its own, so the LMS's copy of Assay's public key stays valid.
     */
    public Future<RegistrationRow> putRegistration(UUID platformId, String id, String issuer, String clientId,
                                                   String tokenUrl, KeyPair keys) {
        return pool.preparedQuery("""
                        INSERT INTO lti_registrations(platform_id, id, issuer, client_id, token_url, key_id, private_key,
                                                      public_key)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                        ON CONFLICT (platform_id, id) DO UPDATE SET issuer = EXCLUDED.issuer,
                            client_id = EXCLUDED.client_id, token_url = EXCLUDED.token_url, updated_at = now()
                        RETURNING\s""" + REGISTRATION)
                .execute(Tuple.from(new Object[]{platformId, id, issuer, clientId, tokenUrl, UUID.randomUUID(),
                        Buffer.buffer(LtiKeys.encodePrivate(keys)), Buffer.buffer(LtiKeys.encodePublic(keys))}))
                .map(rows -> registration(rows.iterator().next()));
    }

    public Future<Optional<RegistrationRow>> registration(UUID platformId, String id) {
        return pool.preparedQuery("SELECT " + REGISTRATION + " FROM lti_registrations WHERE platform_id = $1 AND id = $2")
                .execute(Tuple.of(platformId, id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(registration(rows.iterator().next())));
    }

    /** Every registration's public key by key id: the JWKS platforms check Assay's signatures against. */
    public Future<Map<UUID, RSAPublicKey>> publicKeys() {
        return pool.query("SELECT key_id, public_key FROM lti_registrations ORDER BY created_at").execute().map(rows -> {
            Map<UUID, RSAPublicKey> keys = new LinkedHashMap<>();
            rows.forEach(r -> keys.put(r.getUUID(0), LtiKeys.publicKey(r.getBuffer(1).getBytes())));
            return keys;
        });
    }

    public record LinkRow(UUID assessmentId, String registrationId, String lineItemUrl, OffsetDateTime updatedAt) {
    }

    /**
     * Links an assessment to a line item and, in the same transaction, queues the scores of everyone who already
     * submitted to it: the gradebook gets what was graded before the link too.
     */
    public Future<LinkRow> putLink(UUID platformId, UUID assessmentId, String registrationId, String lineItemUrl) {
        return pool.withTransaction(c -> c.preparedQuery("""
                        INSERT INTO lti_links(assessment_id, platform_id, registration_id, line_item_url)
                        VALUES ($1, $2, $3, $4)
                        ON CONFLICT (assessment_id) DO UPDATE SET registration_id = EXCLUDED.registration_id,
                            line_item_url = EXCLUDED.line_item_url, updated_at = now()
                        RETURNING assessment_id, registration_id, line_item_url, updated_at""")
                .execute(Tuple.of(assessmentId, platformId, registrationId, lineItemUrl))
                .compose(rows -> c.preparedQuery("""
                                INSERT INTO lti_scores(assessment_id, learner_id)
                                SELECT DISTINCT assessment_id, learner_id FROM submissions WHERE assessment_id = $1
                                ON CONFLICT (assessment_id, learner_id) DO UPDATE SET status = 'pending', attempts = 0,
                                    next_attempt_at = now(), changed_at = now(), last_error = NULL,
                                    sent_score = NULL, sent_max = NULL""")
                        .execute(Tuple.of(assessmentId))
                        .map(v -> link(rows.iterator().next()))));
    }

    public Future<Optional<LinkRow>> link(UUID platformId, UUID assessmentId) {
        return pool.preparedQuery("""
                        SELECT assessment_id, registration_id, line_item_url, updated_at FROM lti_links
                        WHERE platform_id = $1 AND assessment_id = $2""")
                .execute(Tuple.of(platformId, assessmentId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(link(rows.iterator().next())));
    }

    /**
     * A learner's score on its way to the LMS: where, what was last taken there, and what signing the token request
     * takes (the registration, read with the claim rather than once per score).
     */
    public record Due(UUID assessmentId, String learnerId, int attempt, UUID platformId, String registrationId,
                      String lineItemUrl, Double sentScore, Double sentMax, String clientId, String tokenUrl,
                      UUID keyId, byte[] privateKey) {
    }

    /** Takes due scores, pushing their next attempt a lease ahead so that no other node sends them meanwhile. */
    public Future<List<Due>> claim(int limit, Duration lease) {
        return pool.withTransaction(c -> c.preparedQuery("""
                        SELECT q.assessment_id, q.learner_id, q.attempts + 1, l.platform_id, l.registration_id,
                               l.line_item_url, q.sent_score, q.sent_max, r.client_id, r.token_url, r.key_id,
                               r.private_key
                        FROM lti_scores q JOIN lti_links l ON l.assessment_id = q.assessment_id
                        JOIN lti_registrations r ON r.platform_id = l.platform_id AND r.id = l.registration_id
                        WHERE q.status = 'pending' AND q.next_attempt_at <= now()
                        ORDER BY q.next_attempt_at LIMIT $1 FOR UPDATE OF q SKIP LOCKED""")
                .execute(Tuple.of(limit))
                .compose(rows -> {
                    List<Due> due = new ArrayList<>();
                    for (Row r : rows) {
                        due.add(new Due(r.getUUID(0), r.getString(1), r.getInteger(2), r.getUUID(3), r.getString(4),
                                r.getString(5), r.getDouble(6), r.getDouble(7), r.getString(8), r.getString(9),
                                r.getUUID(10), r.getBuffer(11).getBytes()));
                    }
                    if (due.isEmpty()) {
                        return Future.succeededFuture(due);
                    }
                    return c.preparedQuery("""
                                    UPDATE lti_scores q SET attempts = q.attempts + 1,
                                           next_attempt_at = now() + make_interval(secs => $3)
                                    FROM unnest($1::uuid[], $2::text[]) AS u(assessment_id, learner_id)
                                    WHERE q.assessment_id = u.assessment_id AND q.learner_id = u.learner_id""")
                            .execute(Tuple.of(due.stream().map(Due::assessmentId).toArray(UUID[]::new),
                                    due.stream().map(Due::learnerId).toArray(String[]::new), lease.toMillis() / 1000.0))
                            .map(due);
                }));
    }

    /** The learner's score that counts, as a score and its maximum: empty while no finished grade exists. */
    public record Score(double given, double maximum) {
    }

    /**
     * The grade that counts of the learner's work on the assessment, chosen as course grades choose it (finished
     * work only: graded, its peer grade published or overridden; late work the assessment does not count left out;
     * the highest, or the latest where the course's policy says {@code attempts: latest}).
     */
    public Future<Optional<Score>> countingScore(UUID assessmentId, String learnerId) {
        return pool.preparedQuery("""
                        SELECT\s""" + CountingWork.score("a", "s") + """
                        , s.max_score
                        FROM submissions s JOIN assessments a ON a.id = s.assessment_id
                        WHERE s.assessment_id = $1 AND s.learner_id = $2 AND NOT\s""" + LateWork.notCounted("a", "s") + """

                          AND (s.override IS NOT NULL OR (s.status = 'graded' AND (NOT\s""" + CountingWork.peerReviewed("a")
                        + " OR " + CountingWork.finalForPeers("a", "s") + """
                        )))
                        ORDER BY CASE WHEN COALESCE((SELECT gp.policy->>'attempts' FROM grading_policies gp
                                                     WHERE gp.platform_id = a.platform_id AND gp.course_id = a.course_id),
                                                    'highest') = 'latest'
                                      THEN NULL ELSE\s""" + CountingWork.score("a", "s") + """
                         / NULLIF(s.max_score, 0) END DESC NULLS LAST,
                                 s.created_at DESC
                        LIMIT 1""")
                .execute(Tuple.of(assessmentId, learnerId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next())
                        .map(r -> new Score(r.getDouble(0), r.getDouble(1))));
    }

    /** Sent (the score the LMS took), nothing to send (no finished grade, or the same score again), or failed. */
    public Future<Void> record(Due due, Score sent, String error, Instant nextAttempt) {
        String status = error == null ? "done" : nextAttempt == null ? "failed" : "pending";
        return pool.preparedQuery("""
                        UPDATE lti_scores SET status = $3, last_error = $4,
                               next_attempt_at = COALESCE($5, next_attempt_at),
                               sent_score = COALESCE($6, sent_score), sent_max = COALESCE($7, sent_max),
                               sent_at = CASE WHEN $6 IS NULL THEN sent_at ELSE now() END
                        WHERE assessment_id = $1 AND learner_id = $2 AND attempts = $8""")
                .execute(Tuple.from(java.util.Arrays.asList(due.assessmentId(), due.learnerId(), status, error,
                        nextAttempt == null ? null : nextAttempt.atOffset(ZoneOffset.UTC),
                        sent == null ? null : sent.given(), sent == null ? null : sent.maximum(), due.attempt())))
                .mapEmpty();
    }

    /** Where a learner's score stands: status, what the LMS last took, the last error. */
    public record ScoreRow(String learnerId, String status, int attempts, Double sentScore, Double sentMax,
                           OffsetDateTime sentAt, String lastError) {
    }

    public Future<Optional<ScoreRow>> score(UUID assessmentId, String learnerId) {
        return pool.preparedQuery("""
                        SELECT learner_id, status, attempts, sent_score, sent_max, sent_at, last_error FROM lti_scores
                        WHERE assessment_id = $1 AND learner_id = $2""")
                .execute(Tuple.of(assessmentId, learnerId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()).map(r ->
                        new ScoreRow(r.getString(0), r.getString(1), r.getInteger(2), r.getDouble(3), r.getDouble(4),
                                r.getOffsetDateTime(5), r.getString(6))));
    }

    private static RegistrationRow registration(Row r) {
        return new RegistrationRow(r.getString(0), r.getString(1), r.getString(2), r.getString(3), r.getUUID(4),
                r.getOffsetDateTime(5), r.getOffsetDateTime(6));
    }

    private static LinkRow link(Row r) {
        return new LinkRow(r.getUUID(0), r.getString(1), r.getString(2), r.getOffsetDateTime(3));
    }
}
