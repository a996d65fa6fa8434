package dev.assay.engine.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * The transactional outbox: outcome events (a course's or a program's) and a delivery of each to every webhook
 * endpoint of the platform, written in the caller's transaction, in one statement.
 */
final class Outbox {
    private Outbox() {
    }

    /** What an outcome event is about: {@code course_id} names a course or a program. */
    enum Scope {
        COURSE("course"), PROGRAM("program");

        final String column;

        Scope(String column) {
            this.column = column;
        }
    }

    /** One event: its stable id, the learner, the version it brings them to, the new outcome and the body. */
    record Entry(UUID id, String learnerId, long version, String outcome, String payload) {
    }

    /**
     * Appends the events of one course or program. A delivery is pending for an enabled endpoint and stopped for a
     * disabled one, as disabling leaves its pending ones: a disabled endpoint still gets its row, so re-enabling it
     * and replaying sends every event raised meanwhile, in version order.
     */
    static Future<Void> append(SqlClient c, UUID platformId, Scope scope, String subjectId, List<Entry> entries,
                               OffsetDateTime at) {
        if (entries.isEmpty()) {
            return Future.succeededFuture();
        }
        int n = entries.size();
        UUID[] ids = new UUID[n];
        String[] learners = new String[n];
        Long[] versions = new Long[n];
        String[] outcomes = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            Entry e = entries.get(i);
            ids[i] = e.id();
            learners[i] = e.learnerId();
            versions[i] = e.version();
            outcomes[i] = e.outcome();
            payloads[i] = e.payload();
        }
        return c.preparedQuery("""
                        WITH e AS (
                            INSERT INTO outcome_events(id, platform_id, scope, course_id, learner_id, version, outcome,
                                                       payload, created_at)
                            SELECT u.id, $1, $9, $2, u.learner_id, u.version, u.outcome, u.payload::jsonb, $3
                            FROM unnest($4::uuid[], $5::text[], $6::int8[], $7::text[], $8::text[])
                                 WITH ORDINALITY AS u(id, learner_id, version, outcome, payload, n)
                            ORDER BY u.n
                            RETURNING id, seq, learner_id, version)
                        INSERT INTO webhook_deliveries(endpoint_id, event_id, seq, platform_id, scope, course_id,
                                                       learner_id, version, status, last_error)
                        SELECT w.id, e.id, e.seq, $1, $9, $2, e.learner_id, e.version,
                               CASE WHEN w.enabled THEN 'pending' ELSE 'stopped' END,
                               CASE WHEN w.enabled THEN NULL ELSE 'endpoint disabled' END
                        FROM e, webhook_endpoints w
                        WHERE w.platform_id = $1""")
                .execute(Tuple.from(new Object[]{platformId, subjectId, at, ids, learners, versions, outcomes, payloads,
                        scope.column}))
                .mapEmpty();
    }
}
