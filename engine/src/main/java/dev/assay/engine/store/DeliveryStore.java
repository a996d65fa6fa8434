package dev.assay.engine.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The relay's work queue and the delivery log: one row per (endpoint, outcome event), written with the event.
 *
 * <p>A claim takes due deliveries and pushes their next attempt a lease into the future, so no other node takes
 * them while they are in flight; a node that dies mid-delivery leaves them to be retried when the lease ends
 * (receivers deduplicate by the event id). A delivery is due only when no earlier version for the same endpoint,
 * learner and course is still pending, which is what keeps each learner's events in version order.
 */
public final class DeliveryStore {
    /** How long a claim may run before it gives up (see {@link #claim}). */
    public static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(5);

    private final Pool pool;
    private final Duration claimTimeout;

    public DeliveryStore(Pool pool) {
        this(pool, CLAIM_TIMEOUT);
    }

    DeliveryStore(Pool pool, Duration claimTimeout) {
        this.pool = pool;
        this.claimTimeout = claimTimeout;
    }

    /**
     * A claimed delivery: where to send which body, which attempt this is (1 for the first, counting on across
     * replays), how many attempts were made before its last replay (they do not count against the retry budget), and
     * when the claim's lease ends (which also tells this claim from any later one), and the secrets rotated out that
     * still sign, space-separated (null when none does).
     */
    public record Due(UUID endpointId, UUID eventId, int attempt, String url, String secret, String payload,
                      int attemptsBeforeReplay, OffsetDateTime leasedUntil, String previousSecrets) {
        public Due(UUID endpointId, UUID eventId, int attempt, String url, String secret, String payload) {
            this(endpointId, eventId, attempt, url, secret, payload, 0, null, null);
        }

        /** What signs this delivery: the secret, and during rotations' overlaps the ones rotated out too. */
        public java.util.List<String> secrets() {
            java.util.List<String> out = new java.util.ArrayList<>(java.util.List.of(secret));
            if (previousSecrets != null && !previousSecrets.isBlank()) {
                out.addAll(java.util.List.of(previousSecrets.trim().split(" +")));
            }
            return out;
        }

        /** This attempt's number within the current retry budget (1 for the first after creation or a replay). */
        public int attemptInBudget() {
            return attempt - attemptsBeforeReplay;
        }
    }

    public enum Verdict { DELIVERED, RETRY, FAILED, GONE }

    /** The result of one attempt; {@code nextAttemptAt} only for {@code RETRY}. */
    public record Attempted(Due due, Verdict verdict, Integer statusCode, String error, int durationMillis,
                            Instant nextAttemptAt) {
    }

    /**
     * A row of the delivery log; {@code subjectId} is a course's id, or a program's when {@code program} is set.
     */
    public record DeliveryRow(UUID eventId, long seq, String subjectId, String learnerId, long version, String status,
                              int attempts, OffsetDateTime nextAttemptAt, Integer lastStatus, String lastError,
                              OffsetDateTime deliveredAt, OffsetDateTime createdAt, boolean program) {
    }

    public record AttemptRow(int attempt, Integer statusCode, String error, int durationMillis, OffsetDateTime at) {
    }

    /**
     * Claims up to {@code limit} due deliveries, taking them from each endpoint in turn (its oldest due first) so
     * that one endpoint's backlog does not fill the claim, and leaving out the endpoints in {@code skip}.
     */
    public Future<List<Due>> claim(int limit, long leaseMillis, List<UUID> skip) {
        // A simple query, planned afresh each time: as a cached prepared statement its plan was made when the table
        // was small and went quadratic as a backlog grew (the relay stalled on a 60,000-event regrade). The values
        // formatted in are numbers and UUIDs.
        String skipped = skip.stream().map(UUID::toString).collect(java.util.stream.Collectors.joining(",", "'{", "}'"));
        String claim = """
                        WITH due AS (
                            SELECT c.endpoint_id, c.event_id FROM (
                                SELECT x.endpoint_id, x.event_id, x.next_attempt_at, x.seq,
                                       row_number() OVER (PARTITION BY x.endpoint_id
                                                          ORDER BY x.next_attempt_at, x.seq) AS turn
                                FROM webhook_endpoints w
                                CROSS JOIN LATERAL (
                                    SELECT d.endpoint_id, d.event_id, d.next_attempt_at, d.seq
                                    FROM webhook_deliveries d
                                    WHERE d.endpoint_id = w.id AND d.status = 'pending' AND d.next_attempt_at <= now()
                                      AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p
                                                      WHERE p.endpoint_id = d.endpoint_id AND p.platform_id = d.platform_id
                                                        AND p.scope = d.scope AND p.course_id = d.course_id AND p.learner_id = d.learner_id
                                                        AND p.status = 'pending' AND p.version < d.version)
                                    ORDER BY d.next_attempt_at, d.seq LIMIT %1$d FOR UPDATE OF d SKIP LOCKED) x
                                WHERE w.enabled AND w.id <> ALL(%3$s::uuid[])) c
                            ORDER BY c.turn, c.next_attempt_at, c.seq LIMIT %1$d)
                        UPDATE webhook_deliveries d
                           SET next_attempt_at = now() + make_interval(secs => %2$d / 1000.0), attempts = d.attempts + 1, updated_at = now()
                        FROM due, outcome_events e, webhook_endpoints w
                        WHERE d.endpoint_id = due.endpoint_id AND d.event_id = due.event_id
                          AND e.id = d.event_id AND w.id = d.endpoint_id
                        RETURNING d.endpoint_id, d.event_id, d.attempts, w.url, w.secret, e.payload::text,
                                  d.attempts_before_replay, d.next_attempt_at,
                                  (SELECT string_agg(p->>'secret', ' ') FROM jsonb_array_elements(w.previous_secrets) p
                                   WHERE (p->>'until')::timestamptz > now())""".formatted(limit, leaseMillis, skipped);
        // Planned afresh, but on the table's last statistics: right after an outbox surge (a regrade writing 100,000
        // events) they still say nothing is pending, and that plan checks each learner's earlier versions by scanning
        // every pending delivery, once per row. One such claim ran for minutes holding the rows it had locked. A
        // claim therefore gives up after its timeout, and the statistics are taken again for the next one.
        // One round trip: the two statements of one simple query run as one implicit transaction, so the SET LOCAL
        // holds for the claim and ends with it.
        return pool.query("SET LOCAL statement_timeout = " + claimTimeout.toMillis() + ";\n" + claim).execute()
                .map(RowSet::next)
                .recover(e -> canceled(e)
                        ? pool.query("ANALYZE webhook_deliveries").execute().<RowSet<Row>>compose(v -> Future.failedFuture(
                                new IllegalStateException("the claim timed out after " + claimTimeout.toMillis()
                                        + " ms; the deliveries' statistics were refreshed for the next one", e)))
                        : Future.failedFuture(e))
                .map(rows -> {
                    List<Due> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new Due(r.getUUID(0), r.getUUID(1), r.getInteger(2), r.getString(3),
                            r.getString(4), r.getString(5), r.getInteger(6), r.getOffsetDateTime(7), r.getString(8))));
                    return out;
                });
    }

    /** Whether PostgreSQL cancelled the statement (its statement timeout). */
    private static boolean canceled(Throwable e) {
        return e instanceof io.vertx.pgclient.PgException pg && "57014".equals(pg.getSqlState());
    }

    /**
     * Hands claimed deliveries back unsent: due now, their claim's attempt uncounted. Only while the claim is still
     * the latest (its lease end unchanged), so a late hand-back cannot undo another claim.
     */
    public Future<Void> release(List<Due> claimed) {
        if (claimed.isEmpty()) {
            return Future.succeededFuture();
        }
        UUID[] endpoints = claimed.stream().map(Due::endpointId).toArray(UUID[]::new);
        UUID[] events = claimed.stream().map(Due::eventId).toArray(UUID[]::new);
        OffsetDateTime[] leases = claimed.stream().map(Due::leasedUntil).toArray(OffsetDateTime[]::new);
        return pool.preparedQuery("""
                        UPDATE webhook_deliveries d
                           SET next_attempt_at = now(), attempts = d.attempts - 1, updated_at = now()
                        FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS u(endpoint_id, event_id, leased_until)
                        WHERE d.endpoint_id = u.endpoint_id AND d.event_id = u.event_id
                          AND d.status = 'pending' AND d.next_attempt_at = u.leased_until""")
                .execute(Tuple.of(endpoints, events, leases))
                .mapEmpty();
    }

    /** Records a batch of attempts in one transaction: the log, and what each means for its delivery. */
    public Future<Void> record(List<Attempted> attempts) {
        if (attempts.isEmpty()) {
            return Future.succeededFuture();
        }
        int n = attempts.size();
        UUID[] endpoints = new UUID[n];
        UUID[] events = new UUID[n];
        Integer[] numbers = new Integer[n];
        Integer[] codes = new Integer[n];
        String[] errors = new String[n];
        Integer[] durations = new Integer[n];
        String[] statuses = new String[n];
        OffsetDateTime[] next = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            Attempted a = attempts.get(i);
            endpoints[i] = a.due().endpointId();
            events[i] = a.due().eventId();
            numbers[i] = a.due().attempt();
            codes[i] = a.statusCode();
            errors[i] = a.error();
            durations[i] = a.durationMillis();
            statuses[i] = switch (a.verdict()) {
                case DELIVERED -> "delivered";
                case RETRY -> "pending";
                case FAILED -> "failed";
                case GONE -> "stopped";
            };
            next[i] = a.nextAttemptAt() == null ? null : a.nextAttemptAt().atOffset(ZoneOffset.UTC);
        }
        List<UUID> gone = attempts.stream().filter(a -> a.verdict() == Verdict.GONE)
                .map(a -> a.due().endpointId()).distinct().toList();
        return pool.withTransaction(c -> c.preparedQuery("""
                                INSERT INTO webhook_attempts(endpoint_id, event_id, attempt, status_code, error, duration_ms)
                                SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::int[], $5::text[], $6::int[])""")
                .execute(Tuple.of(endpoints, events, numbers, codes, errors, durations))
                .compose(r -> c.preparedQuery("""
                                UPDATE webhook_deliveries d
                                   SET status = u.status, last_status = u.code, last_error = u.error, updated_at = now(),
                                       delivered_at = CASE WHEN u.status = 'delivered' THEN now() ELSE d.delivered_at END,
                                       next_attempt_at = COALESCE(u.next, d.next_attempt_at)
                                FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::text[], $6::timestamptz[], $7::int[])
                                     AS u(endpoint_id, event_id, status, code, error, next, attempt)
                                WHERE d.endpoint_id = u.endpoint_id AND d.event_id = u.event_id AND d.status = 'pending'
                                  -- only the latest attempt decides: an earlier one that timed out while a replay's
                                  -- attempt succeeded would otherwise put a delivered event back to pending
                                  AND d.attempts = u.attempt""")
                        .execute(Tuple.from(Arrays.asList(endpoints, events, statuses, codes, errors, next, numbers))))
                .compose(r -> gone.isEmpty() ? Future.succeededFuture() : c.preparedQuery("""
                                UPDATE webhook_endpoints SET enabled = false, updated_at = now(),
                                       disabled_reason = 'the endpoint answered 410 Gone at ' || now()::text
                                WHERE id = ANY($1)""")
                        .execute(Tuple.of(gone.toArray(UUID[]::new)))
                        .compose(x -> {
                            Future<Void> all = Future.succeededFuture();
                            for (UUID endpoint : gone) {
                                all = all.compose(v -> stopPending(c, endpoint));
                            }
                            return all;
                        }))
                .mapEmpty());
    }

    /** Stops every pending delivery of an endpoint that no longer takes them (410 Gone, or disabled). */
    static Future<Void> stopPending(SqlClient c, UUID endpointId) {
        return c.preparedQuery("""
                        UPDATE webhook_deliveries SET status = 'stopped', updated_at = now(),
                               last_error = COALESCE(last_error, 'endpoint disabled')
                        WHERE endpoint_id = $1 AND status = 'pending'""")
                .execute(Tuple.of(endpointId)).mapEmpty();
    }

    private static final String LOG = """
            SELECT d.event_id, d.seq, d.course_id, d.learner_id, d.version, d.status, d.attempts,
                   d.next_attempt_at, d.last_status, d.last_error, d.delivered_at, e.created_at, d.scope
            FROM webhook_deliveries d JOIN outcome_events e ON e.id = d.event_id
            """;

    /** The endpoint's deliveries, oldest event first, after the {@code afterSeq} cursor; optionally of one status. */
    public Future<List<DeliveryRow>> log(UUID endpointId, String status, long afterSeq, int limit) {
        return pool.preparedQuery(LOG + """
                        WHERE d.endpoint_id = $1 AND ($2::text IS NULL OR d.status = $2) AND d.seq > $3
                        ORDER BY d.seq LIMIT $4""")
                .execute(Tuple.of(endpointId, status, afterSeq, limit))
                .map(rows -> {
                    List<DeliveryRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(toRow(r)));
                    return out;
                });
    }

    public Future<Optional<DeliveryRow>> get(UUID endpointId, UUID eventId) {
        return pool.preparedQuery(LOG + " WHERE d.endpoint_id = $1 AND d.event_id = $2")
                .execute(Tuple.of(endpointId, eventId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toRow(rows.iterator().next())));
    }

    public Future<List<AttemptRow>> attempts(UUID endpointId, UUID eventId) {
        return pool.preparedQuery("""
                        SELECT attempt, status_code, error, duration_ms, attempted_at FROM webhook_attempts
                        WHERE endpoint_id = $1 AND event_id = $2 ORDER BY id""")
                .execute(Tuple.of(endpointId, eventId))
                .map(rows -> {
                    List<AttemptRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new AttemptRow(r.getInteger(0), r.getInteger(1), r.getString(2),
                            r.getInteger(3), r.getOffsetDateTime(4))));
                    return out;
                });
    }

    /**
     * What a replay did: deliveries queued, and those left as they were because a later version of the same learner's
     * outcome was delivered to the endpoint and is not replayed with them.
     */
    public record Replayed(int queued, int superseded) {
    }

    /**
     * Sends deliveries again from now, with a fresh retry budget: one event ({@code eventId}), or every delivery of
     * the endpoint in the given statuses created at or after {@code since}. The attempt count is not reset (that would
     * renumber the log's attempts): the budget starts from the attempts made so far.
     * <p>
     * A delivery superseded by a later version the endpoint already has is not sent: the receiver would end on the
     * older outcome (the claim keeps a learner's versions in order only among the pending ones). Replaying the later
     * version too (a replay of delivered events, to rebuild a receiver) sends both, in order.
     */
    public Future<Replayed> replay(UUID endpointId, UUID eventId, List<String> statuses, Instant since) {
        return pool.preparedQuery("""
                        WITH chosen AS (
                            SELECT d.event_id, EXISTS (
                                SELECT 1 FROM webhook_deliveries p JOIN outcome_events pe ON pe.id = p.event_id
                                WHERE p.endpoint_id = d.endpoint_id AND p.platform_id = d.platform_id
                                  AND p.scope = d.scope AND p.course_id = d.course_id AND p.learner_id = d.learner_id
                                  AND p.version > d.version AND p.status = 'delivered'
                                  AND NOT ($2::uuid IS NULL AND 'delivered' = ANY($3)
                                           AND ($4::timestamptz IS NULL OR pe.created_at >= $4))) AS superseded
                            FROM webhook_deliveries d JOIN outcome_events e ON e.id = d.event_id
                            WHERE d.endpoint_id = $1 AND ($2::uuid IS NULL OR d.event_id = $2)
                              AND d.status = ANY($3) AND ($4::timestamptz IS NULL OR e.created_at >= $4)),
                        queued AS (
                            UPDATE webhook_deliveries d SET status = 'pending', attempts_before_replay = d.attempts,
                                   next_attempt_at = now(), updated_at = now()
                            FROM chosen c
                            WHERE d.endpoint_id = $1 AND d.event_id = c.event_id AND NOT c.superseded
                            RETURNING 1)
                        SELECT (SELECT count(*) FROM queued)::int, (SELECT count(*) FROM chosen WHERE superseded)::int""")
                .execute(Tuple.from(Arrays.asList(endpointId, eventId, statuses.toArray(String[]::new),
                        since == null ? null : since.atOffset(ZoneOffset.UTC))))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Replayed(r.getInteger(0), r.getInteger(1));
                });
    }

    private static DeliveryRow toRow(Row r) {
        return new DeliveryRow(r.getUUID(0), r.getLong(1), r.getString(2), r.getString(3), r.getLong(4), r.getString(5),
                r.getInteger(6), r.getOffsetDateTime(7), r.getInteger(8), r.getString(9), r.getOffsetDateTime(10),
                r.getOffsetDateTime(11), "program".equals(r.getString(12)));
    }
}
