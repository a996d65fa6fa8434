package dev.assay.engine.store;

import dev.assay.engine.store.SubmissionStore.SubmissionRow;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads a learner's event stream back from the store: where it stands and what a reconnecting client missed. The
 * ids themselves are taken in the transactions that change a submission ({@link LearnerEventIds}).
 */
public final class LearnerEventStore {
    private final Pool pool;

    public LearnerEventStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * The learner's submissions whose latest event id is above {@code afterEventId} (an event-stream client's
     * Last-Event-ID), in event-id order, each once as it stands now: a submission that changed twice since is told
     * once, by its latest event.
     */
    public Future<List<SubmissionRow>> eventsAfter(UUID platformId, String learnerId, long afterEventId, int limit) {
        return pool.preparedQuery(SubmissionStore.SELECT + """
                         WHERE s.platform_id = $1 AND s.learner_id = $2 AND s.event_id > $3
                        ORDER BY s.event_id LIMIT $4""")
                .execute(Tuple.of(platformId, learnerId, afterEventId, limit))
                .map(rows -> {
                    List<SubmissionRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(SubmissionStore.toRow(r)));
                    return out;
                });
    }

    /**
     * Where a learner's stream starts: the learner's latest event id ({@code head}), and the latest event id of the
     * submission {@code legacyId} when it is the learner's (clients from before event ids resume with a submission
     * id); null when it is not, or has told nothing yet.
     */
    public Future<StreamHead> streamHead(UUID platformId, String learnerId, UUID legacyId) {
        return pool.preparedQuery("""
                        SELECT COALESCE((SELECT last_id FROM learner_event_heads
                                         WHERE platform_id = $1 AND learner_id = $2), 0) AS head,
                               (SELECT event_id FROM submissions
                                WHERE id = $3 AND platform_id = $1 AND learner_id = $2) AS legacy""")
                .execute(Tuple.of(platformId, learnerId, legacyId))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new StreamHead(r.getLong("head"), r.getLong("legacy"));
                });
    }

    /** See {@link #streamHead}. */
    public record StreamHead(long head, Long legacy) {
    }
}
