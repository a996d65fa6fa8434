package dev.assay.engine.store;

import dev.assay.peerreview.assignment.AssignmentPolicy;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Whether a reviewer past the reviews required may take another submission now ({@link AssignmentPolicy#mayTake}):
 * the assessment's spare room, that is the open work's room up to k + extra beyond what learners still owe, less
 * one submission's while anyone owes. In a large course ({@link #LARGE}) it is read from the store at most once per
 * {@link #TTL} per assessment on a node while plenty is left or none ({@link #exactBelow}), and spent here, one
 * unit per spare lease granted.
 *
 * <p>Why a reading stays good for a while: a lease to a learner who still owes takes one unit of room and one of
 * what is owed, so it leaves the spare where it was, and a completed review changes neither (its lease counted).
 * What moves it: spare leases (spent here as they are granted); new submissions, released leases, and room left
 * only on the own work of learners who owe (more spare, so an old reading only keeps room back a little longer);
 * and work staff settle or spare leases granted on other nodes (less: those can overshoot by what the other nodes
 * grant within one reading's life, as two requests at the same moment could with the exact check). The exact check, asked in every lease statement, was a pass over the assessment's whole
 * queue: 2.4 s of PostgreSQL per request at 100,000 open submissions, and PostgreSQL did not always skip it for
 * reviewers who still owed.
 */
final class SpareRoom {
    static final Duration TTL = Duration.ofSeconds(5);
    /**
     * Learners with counted work under which a reading is never reused: a small course is read exactly at every
     * request (a few milliseconds), as the spare room there can change with every lease (when the room left is only
     * on the own work of those who still owe, what they owe drops to nothing and the room becomes spare at once).
     */
    static final int LARGE = 2_000;

    /** An assessment under one k + extra and one requirement. */
    private record Key(UUID assessmentId, int room, int required) {
    }

    private static final class Reading {
        long spare;
        final long readAt;
        final long learners;

        Reading(long spare, long readAt, long learners) {
            this.spare = spare;
            this.readAt = readAt;
            this.learners = learners;
        }

        boolean large() {
            return learners >= LARGE;
        }

        /** Whether a request may decide on this reading instead of reading again. */
        boolean serves(int room) {
            return large() && System.nanoTime() - readAt < TTL.toNanos()
                    && (spare <= 0 || spare > exactBelow(room));
        }
    }

    private final Pool pool;
    private final Map<Key, Reading> readings = new HashMap<>();
    private final Map<Key, Future<Reading>> reads = new HashMap<>();

    SpareRoom(Pool pool) {
        this.pool = pool;
    }

    /**
     * Takes one unit of spare room for a reviewer past the requirement; false when there is none.
     *
     * @param room     k + extra, the reviews a submission may get
     * @param required reviews each learner must give
     */
    Future<Boolean> take(UUID assessmentId, int room, int required) {
        Key key = new Key(assessmentId, room, required);
        Future<Reading> read;
        synchronized (this) {
            Reading r = readings.get(key);
            if (r != null && r.serves(room)) {
                return Future.succeededFuture(spend(r));
            }
            // In a large course one read at a time: requests arriving meanwhile decide on it. In a small one each
            // request reads for itself, as a read begun before it may predate what it must see.
            read = r != null && r.large()
                    ? reads.computeIfAbsent(key, k -> read(k).andThen(done -> {
                        synchronized (this) {
                            reads.remove(k);
                        }
                    }))
                    : null;
        }
        return (read != null ? read : read(key)).map(r -> {
            synchronized (this) {
                return spend(r);
            }
        });
    }

    /**
     * Spare room under which every request reads it again: what a reading cannot see (settled work, other nodes'
     * grants) matters only when little is left, and in a small course every unit counts (the last learner short
     * otherwise finds only their own work). No room left is kept for the reading's life: refusing extra reviews a
     * little longer than needed costs nothing owed.
     */
    static long exactBelow(int room) {
        return Math.max(32, 2L * room);
    }

    /** Call holding the monitor. */
    private static boolean spend(Reading r) {
        if (r.spare <= 0) {
            return false;
        }
        r.spare--;
        return true;
    }

    /**
     * The room of the open work ({@link PeerLeaseStore#OPEN}) up to k + extra ($2), less what the learners with
     * counted work still owe of $3 reviews, as far as the room on work other than their own can take it, less one
     * submission's room while anyone owes. A learner past the requirement owes nothing, so the reviewer asking is
     * counted as any other.
     */
    static final String SPARE = """
            SELECT (room.n - owed.n - CASE WHEN owed.n > 0 THEN $2 ELSE 0 END)::bigint, owed.learners
            FROM (SELECT COALESCE(sum($2 - q.load), 0) AS n FROM peer_queue q
                  WHERE q.assessment_id = $1 AND q.load < $2 AND""" + " " + PeerLeaseStore.OPEN + """
                 ) room,
                 LATERAL (
                  SELECT COALESCE(sum(GREATEST(0, LEAST($3::int - COALESCE(g.n, 0),
                             room.n - CASE WHEN q.load < $2 AND NOT""" + " " + PeerLeaseStore.settled() + """
                             THEN $2 - q.load ELSE 0 END))), 0) AS n, count(*) AS learners
                  FROM peer_queue q
                  LEFT JOIN (SELECT reviewer_id, count(*) AS n FROM peer_reviews
                             WHERE assessment_id = $1 AND NOT released GROUP BY reviewer_id) g
                         ON g.reviewer_id = q.learner_id
                  WHERE q.assessment_id = $1 AND""" + " " + PeerLeaseStore.LATEST + """
                 ) owed""";

    /** Reads the spare room and keeps the reading for the requests after. */
    private Future<Reading> read(Key key) {
        return pool.preparedQuery(SPARE).execute(Tuple.of(key.assessmentId(), key.room(), key.required()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Reading r = new Reading(row.getLong(0), System.nanoTime(), row.getLong(1));
                    synchronized (this) {
                        readings.put(key, r);
                    }
                    return r;
                });
    }
}
