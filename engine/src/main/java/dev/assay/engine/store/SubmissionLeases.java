package dev.assay.engine.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The hand-off of accepted submissions to the worker pool, as the store records it: when the pool took one, that a
 * worker is grading it now, and which have waited past their lease and must be handed off again. The store, not
 * the pool's queue, is the record of what is left to grade: it survives a restart of the whole cluster.
 */
public final class SubmissionLeases {
    private final Pool pool;

    SubmissionLeases(Pool pool) {
        this.pool = pool;
    }

    /** Records that the worker pool took these submissions. */
    public Future<Void> markDispatched(List<UUID> ids) {
        return pool.preparedQuery("UPDATE submissions SET dispatched_at = now() WHERE id = ANY($1) AND graded_version IS NULL")
                .execute(Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new)))
                .mapEmpty();
    }

    /**
     * Accepted submissions not graded within the lease that need handing to the pool again: those whose hand-off
     * was never recorded; those handed off while the pool has stored nothing for a whole lease (a pool still storing
     * results is working through a queue, and re-enqueueing its backlog would run programs twice); and, as a last
     * resort, any waiting ten leases; never one a worker is grading (its heartbeat within a lease). The claim renews
     * the lease so one sweep takes each submission.
     */
    public Future<List<UUID>> claimStale(long leaseMillis, int limit) {
        return pool.preparedQuery("""
                        UPDATE submissions SET enqueued_at = now(), dispatched_at = NULL
                        WHERE id IN (SELECT id FROM submissions
                                     WHERE graded_version IS NULL AND (status = 'accepted' OR override IS NOT NULL)
                                       AND enqueued_at < now() - make_interval(secs => $1)
                                       -- being graded right now (a worker beats every third of a lease)
                                       AND (grading_heartbeat_at IS NULL
                                            OR grading_heartbeat_at < now() - make_interval(secs => $1))
                                       AND (dispatched_at IS NULL
                                            OR enqueued_at < now() - make_interval(secs => $1 * 10)
                                            OR NOT EXISTS (SELECT 1 FROM grading_results
                                                           WHERE graded_at > now() - make_interval(secs => $1)
                                                             AND graded_by <> 'inline'))
                                     ORDER BY enqueued_at LIMIT $2 FOR UPDATE SKIP LOCKED)
                        RETURNING id""")
                .execute(Tuple.of(leaseMillis / 1000.0, limit))
                .map(rows -> {
                    List<UUID> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getUUID(0)));
                    return out;
                });
    }

    /** Records that a worker is grading the submission now ({@link #claimStale} leaves it alone for a lease). */
    public Future<Void> heartbeat(UUID id) {
        return pool.preparedQuery("UPDATE submissions SET grading_heartbeat_at = now() WHERE id = $1 AND graded_version IS NULL")
                .execute(Tuple.of(id)).mapEmpty();
    }

    /** Submissions not yet graded (waiting for a worker or being graded, or overridden before grading), across the cluster. */
    public Future<Integer> awaitingCount() {
        return pool.query("SELECT count(*) FROM submissions WHERE graded_version IS NULL").execute()
                .map(rows -> rows.iterator().next().getInteger(0));
    }
}
