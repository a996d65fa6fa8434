package dev.assay.engine.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Numbers the changes a learner's event stream tells. Each changed submission takes its learner's next event id in
 * the transaction that changed it; the learner's counter row stays locked until that transaction ends, so the
 * learner's ids commit in order and without gaps (a rolled-back change gives its id back). A stream can therefore
 * tell a late or lost live event from one not yet made: once id n is committed, every id below it is too.
 * <p>
 * Call it last in the transaction, after every submission and course-grade row it changes: every writer then takes
 * counter rows after those, and in learner order, so two writers never wait on each other in a circle.
 */
public final class LearnerEventIds {
    private static final String NEXT = """
            WITH changed AS (
                SELECT id, platform_id, learner_id,
                       row_number() OVER (PARTITION BY platform_id, learner_id ORDER BY id) AS n,
                       count(*) OVER (PARTITION BY platform_id, learner_id) AS total
                FROM submissions WHERE id = ANY($1)),
            heads AS (
                INSERT INTO learner_event_heads AS h (platform_id, learner_id, last_id)
                SELECT platform_id, learner_id, max(total) FROM changed
                GROUP BY platform_id, learner_id ORDER BY platform_id, learner_id
                ON CONFLICT (platform_id, learner_id) DO UPDATE SET last_id = h.last_id + EXCLUDED.last_id
                RETURNING platform_id, learner_id, last_id)
            UPDATE submissions s SET event_id = heads.last_id - changed.total + changed.n
            FROM changed JOIN heads USING (platform_id, learner_id)
            WHERE s.id = changed.id
            RETURNING s.id, s.event_id""";

    private LearnerEventIds() {
    }

    /** Gives each submission its learner's next event id; returns them by submission. */
    public static Future<Map<UUID, Long>> next(SqlClient c, Collection<UUID> submissionIds) {
        if (submissionIds.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return c.preparedQuery(NEXT).execute(Tuple.tuple().addArrayOfUUID(submissionIds.stream().distinct().toArray(UUID[]::new)))
                .map(rows -> {
                    Map<UUID, Long> ids = new HashMap<>();
                    rows.forEach(r -> ids.put(r.getUUID("id"), r.getLong("event_id")));
                    return ids;
                });
    }

    /** {@link #next} for one submission. */
    public static Future<Long> next(SqlClient c, UUID submissionId) {
        return next(c, java.util.List.of(submissionId)).map(ids -> ids.get(submissionId));
    }
}
