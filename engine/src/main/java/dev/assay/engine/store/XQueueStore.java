package dev.assay.engine.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * XQueue's side of the store: LMS sessions, and the callbacks that carry each submission's result back to the LMS
 * once it has the grade that counts (graded, with its peer grade when peers review it, or overridden by staff).
 */
public final class XQueueStore {
    /** The Idempotency-Key of the submission an LMS submission became. */
    public static final String KEY_PREFIX = "xqueue:";
    static final Duration SESSION = Duration.ofHours(24);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool pool;

    public XQueueStore(Pool pool) {
        this.pool = pool;
    }

    /** A new session for the platform; the cookie value (only its hash is stored). */
    public Future<String> createSession(UUID platformId) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        return pool.preparedQuery("""
                        WITH gone AS (DELETE FROM xqueue_sessions WHERE expires_at < now())
                        INSERT INTO xqueue_sessions(token_hash, platform_id, expires_at) VALUES ($1, $2, $3)""")
                .execute(Tuple.of(Buffer.buffer(hash(token)), platformId,
                        Instant.now().plus(SESSION).atOffset(ZoneOffset.UTC)))
                .map(token);
    }

    /** The platform (id and name) a live session belongs to. */
    public Future<Optional<java.util.Map.Entry<UUID, String>>> sessionPlatform(String token) {
        return pool.preparedQuery("""
                        SELECT s.platform_id, p.name FROM xqueue_sessions s JOIN platforms p ON p.id = s.platform_id
                        WHERE s.token_hash = $1 AND s.expires_at > now()""")
                .execute(Tuple.of(Buffer.buffer(hash(token))))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next())
                        .map(r -> java.util.Map.entry(r.getUUID(0), r.getString(1))));
    }

    /** Records where an LMS submission's result goes; the same submission sent again changes nothing. */
    public Future<Void> register(UUID platformId, String lmsKey, String queueName, String header, String callbackUrl) {
        return pool.preparedQuery("""
                        INSERT INTO xqueue_callbacks(platform_id, lms_key, queue_name, header, callback_url)
                        VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING""")
                .execute(Tuple.of(platformId, lmsKey, queueName, header, callbackUrl))
                .mapEmpty();
    }

    /**
     * Gives up a callback whose submission was refused (so there is no result to send): it is {@code failed} with
     * the reason, instead of pending for ever. Left alone when a submission under its key exists after all.
     */
    public Future<Void> abandon(UUID platformId, String lmsKey, String reason) {
        return pool.preparedQuery("""
                        UPDATE xqueue_callbacks c SET status = 'failed', last_error = $3
                        WHERE c.platform_id = $1 AND c.lms_key = $2 AND c.status = 'pending'
                          AND NOT EXISTS (SELECT 1 FROM submissions s WHERE s.platform_id = $1
                                            AND s.idempotency_key = 'xqueue:' || $2)""")
                .execute(Tuple.of(platformId, lmsKey, reason))
                .mapEmpty();
    }

    /** Pending callbacks, oldest first (for the queue length XQueue reports to the LMS). */
    public Future<Long> pending(UUID platformId, String queueName) {
        return pool.preparedQuery("""
                        SELECT count(*) FROM xqueue_callbacks WHERE platform_id = $1 AND queue_name = $2 AND status = 'pending'""")
                .execute(Tuple.of(platformId, queueName))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * A result ready to go back to the LMS: the header it sent (echoed, as XQueue does), where to, which attempt this
     * is, and the grade that counts with what the learner may see of it (never the staff evidence).
     */
    public record Due(UUID platformId, String lmsKey, String header, String callbackUrl, int attempt, double score,
                      double maxScore, String result, boolean overridden) {
    }

    /**
     * Takes up to {@code limit} callbacks whose submission has its grade, pushing their next attempt a lease ahead so
     * that no other node sends them meanwhile.
     */
    public Future<List<Due>> claim(int limit, Duration lease) {
        return pool.withTransaction(c -> c.preparedQuery(CLAIM)
                .execute(Tuple.of(limit))
                .compose(rows -> {
                    List<Due> due = new ArrayList<>();
                    for (Row r : rows) {
                        due.add(new Due(r.getUUID(0), r.getString(1), r.getString(2), r.getString(3), r.getInteger(4),
                                r.getDouble(5), r.getDouble(6), r.getString(7), r.getBoolean(8)));
                    }
                    if (due.isEmpty()) {
                        return Future.succeededFuture(due);
                    }
                    return c.preparedQuery("""
                                    UPDATE xqueue_callbacks c SET attempts = c.attempts + 1,
                                           next_attempt_at = now() + make_interval(secs => $3)
                                    FROM unnest($1::uuid[], $2::text[]) AS u(platform_id, lms_key)
                                    WHERE c.platform_id = u.platform_id AND c.lms_key = u.lms_key""")
                            .execute(Tuple.of(due.stream().map(Due::platformId).toArray(UUID[]::new),
                                    due.stream().map(Due::lmsKey).toArray(String[]::new), lease.toMillis() / 1000.0))
                            .map(due);
                }));
    }

    /** Callbacks due whose submission has the grade that counts, oldest first, locked for the claim. */
    static final String CLAIM = """
                        SELECT c.platform_id, c.lms_key, c.header, c.callback_url, c.attempts + 1,
                               """ + CountingWork.score("a", "s") + """
                        , s.max_score, s.result::text, s.override IS NOT NULL
                        FROM xqueue_callbacks c
                        -- one indexed lookup per pending callback: joined, an empty or unanalysed callbacks table
                        -- could be planned as a scan of every submission, twice a second on every node
                        CROSS JOIN LATERAL (SELECT * FROM submissions s WHERE s.platform_id = c.platform_id
                                              AND s.idempotency_key = 'xqueue:' || c.lms_key) s
                        JOIN assessments a ON a.id = s.assessment_id
                        WHERE c.status = 'pending' AND c.next_attempt_at <= now()
                          AND (s.override IS NOT NULL OR (s.status = 'graded' AND (NOT\s""" + CountingWork.peerReviewed("a")
                        + " OR " + CountingWork.finalForPeers("a", "s") + """
                        )))
                        ORDER BY c.next_attempt_at LIMIT $1
                        FOR UPDATE OF c SKIP LOCKED""";

    /** How one attempt went: delivered; or not, with the time of the next attempt, or none (given up). */
    public Future<Void> record(Due due, String error, Instant nextAttempt) {
        String status = error == null ? "delivered" : nextAttempt == null ? "failed" : "pending";
        return pool.preparedQuery("""
                        UPDATE xqueue_callbacks SET status = $3, last_error = $4,
                               delivered_at = CASE WHEN $3 = 'delivered' THEN now() END,
                               next_attempt_at = COALESCE($5, next_attempt_at)
                        WHERE platform_id = $1 AND lms_key = $2 AND attempts = $6""")
                .execute(Tuple.of(due.platformId(), due.lmsKey(), status, error,
                        nextAttempt == null ? null : nextAttempt.atOffset(ZoneOffset.UTC), due.attempt()))
                .mapEmpty();
    }

    /** A callback's state, for staff: status, attempts and the last error. */
    public record CallbackRow(String lmsKey, String queueName, String status, int attempts, String lastError,
                              java.time.OffsetDateTime deliveredAt, java.time.OffsetDateTime createdAt) {
    }

    public Future<Optional<CallbackRow>> callback(UUID platformId, String lmsKey) {
        return pool.preparedQuery("""
                        SELECT lms_key, queue_name, status, attempts, last_error, delivered_at, created_at
                        FROM xqueue_callbacks WHERE platform_id = $1 AND lms_key = $2""")
                .execute(Tuple.of(platformId, lmsKey))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()).map(r ->
                        new CallbackRow(r.getString(0), r.getString(1), r.getString(2), r.getInteger(3), r.getString(4),
                                r.getOffsetDateTime(5), r.getOffsetDateTime(6))));
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
