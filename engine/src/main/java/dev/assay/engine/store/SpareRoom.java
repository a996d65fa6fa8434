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
 * one submission's while anyone owes.
 *
 * <p>A small course ({@link #LARGE}) is read exactly at every request: milliseconds, and there the spare can
 * change with any lease (when the room left is only on the own work of those who still owe, what they owe drops to
 * nothing and the room becomes spare at once). A large course costs a pass over its whole queue (seconds at 100,000
 * submissions; asked inside every lease statement, as it was, that melted the store down as soon as reviewers past
 * the requirement asked), so a node reads it once in a while ({@link #maxAge}, one read at a time) and spends the
 * reading, one unit per spare lease, keeping units back for what the reading cannot see as it ages ({@link #reserve}).
 *
 * <p>Why a reading stays good for a while: a lease to a learner who still owes takes one unit of room and one of
 * what is owed, so it leaves the spare where it was, and a completed review changes neither (its lease counted).
 * What moves it: spare leases (spent here as they are granted); new submissions, released leases, and room left
 * only on the own work of learners who owe (more spare, so an old reading only keeps room back a little longer);
 * and work staff settle or spare leases granted on other nodes (less: the reserve covers those).
 */
public final class SpareRoom {
    /**
     * Learners with counted work from which a course counts as large. A read costs about 25 µs per queue row (2.4 s
     * at 100,000), so under this every request by a reviewer past the requirement reads for about 12 ms at most.
     */
    static final int LARGE = 500;
    private static final Duration MIN_AGE = Duration.ofSeconds(5);

    /** An assessment under one k + extra and one requirement. */
    private record Key(UUID assessmentId, int room, int required) {
    }

    /** Readings kept at most, for this many assessments (those of courses where reviewers past the requirement ask). */
    private static final int MAX_READINGS = 10_000;

    private static final class Reading {
        long spare;
        /** When the read began: a reading is as old as its snapshot. */
        final long readAt;
        final long took;
        final boolean large;

        Reading(long spare, long readAt, long took, long learners) {
            this.spare = spare;
            this.readAt = readAt;
            this.took = took;
            this.large = learners >= LARGE;
        }
    }

    private final Pool pool;
    private final Map<Key, Reading> readings = new HashMap<>();
    private final Map<Key, Future<Reading>> reads = new HashMap<>();

    public SpareRoom(Pool pool) {
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
            // A large course: decided on the reading at hand; an old one is read again meanwhile, one read at a time.
            Boolean now = takeNow(assessmentId, room, required);
            if (now != null) {
                return Future.succeededFuture(now);
            }
            Reading r = readings.get(key);
            // The first read, whose size is not known yet, is shared by the requests arriving meanwhile (in a large
            // course each would be a pass over the queue); after it, a small course's requests each read for
            // themselves, as a read begun before a request may predate what it must see.
            read = r == null ? shared(key) : read(key);
        }
        return read.map(r -> {
            synchronized (this) {
                return spend(r, room);
            }
        });
    }

    /**
     * {@link #take}, when it can be decided without the store: a large course's reading in hand (refreshed in the
     * background when old); null otherwise. For a transaction under way, which must not wait on another connection.
     */
    synchronized Boolean takeNow(UUID assessmentId, int room, int required) {
        Key key = new Key(assessmentId, room, required);
        Reading r = readings.get(key);
        if (r == null || !r.large) {
            return null;
        }
        if (System.nanoTime() - r.readAt >= maxAge(r).toNanos()) {
            shared(key);
        }
        return spend(r, room);
    }

    /** The read of {@code key} under way, or a new one. Call holding the monitor. */
    private Future<Reading> shared(Key key) {
        return reads.computeIfAbsent(key, k -> read(k).andThen(done -> {
            synchronized (this) {
                reads.remove(k);
            }
        }));
    }

    /**
     * How long a large course's reading is used: at least {@link #MIN_AGE}, and ten times what reading it took, so
     * that reading uses at most a tenth of a store connection's time whatever the course's size.
     */
    static Duration maxAge(Reading r) {
        return Duration.ofNanos(Math.max(MIN_AGE.toNanos(), 10 * r.took));
    }

    /**
     * Units of a large course's spare room kept back once its reading is old: settled work and other nodes' grants
     * since the reading. Negligible against a large course's room (a few submissions' worth).
     */
    static long reserve(int room) {
        return Math.max(32, 2L * room);
    }

    /**
     * What a reading keeps back: growing with its age up to {@link #reserve}, since what it cannot see accrues over
     * its life. So the last units of a large course are still granted, right after a read: near the end of the
     * review period they can be submissions still short of k, which only reviewers past the requirement can review.
     */
    private static long kept(Reading r, int room) {
        if (!r.large) {
            return 0;
        }
        double age = Math.min(1, (double) (System.nanoTime() - r.readAt) / maxAge(r).toNanos());
        return (long) Math.ceil(reserve(room) * age);
    }

    /** Call holding the monitor. */
    private static boolean spend(Reading r, int room) {
        if (r.spare <= kept(r, room)) {
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
                             room.n - CASE WHEN q.load < $2 AND NOT""" + " " + PeerLeaseStore.SETTLED + """
                             THEN $2 - q.load ELSE 0 END))), 0) AS n, count(*) AS learners
                  FROM peer_queue q
                  LEFT JOIN (SELECT reviewer_id, count(*) AS n FROM peer_reviews
                             WHERE assessment_id = $1 AND NOT released GROUP BY reviewer_id) g
                         ON g.reviewer_id = q.learner_id
                  WHERE q.assessment_id = $1 AND""" + " " + PeerLeaseStore.LATEST + """
                 ) owed""";

    /** Reads the spare room and keeps the reading for the requests after. */
    private Future<Reading> read(Key key) {
        long start = System.nanoTime();
        return pool.preparedQuery(SPARE).execute(Tuple.of(key.assessmentId(), key.room(), key.required()))
                .map(rows -> {
                    Row row = rows.iterator().next();
                    Reading r = new Reading(row.getLong(0), start, System.nanoTime() - start, row.getLong(1));
                    synchronized (this) {
                        if (readings.size() >= MAX_READINGS && !readings.containsKey(key)) {
                            readings.clear(); // rare: read again where asked
                        }
                        // Reads of a small course overlap; a later snapshot is never replaced by an earlier one.
                        readings.merge(key, r, (old, fresh) -> fresh.readAt >= old.readAt ? fresh : old);
                    }
                    return r;
                });
    }
}
