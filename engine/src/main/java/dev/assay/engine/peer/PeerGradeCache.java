package dev.assay.engine.peer;

import dev.assay.engine.store.PeerReviewStore;
import dev.assay.engine.store.PeerReviewStore.GradeStamp;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The computed peer grades of each assessment, kept until something they depend on changes. Running the
 * aggregation model over a large course takes about a second, and staff and learners read the result far more
 * often than reviews arrive. Each read checks a cheap stamp in the store (configuration version, last change,
 * submissions) and the phase of the review window, so a change on any node is seen by the next read that starts
 * after the computation under way (if any) has finished.
 */
public final class PeerGradeCache {
    private static final int MAX_ENTRIES = 1_000;

    private final Vertx vertx;
    private final PeerReviewStore store;
    private final Map<UUID, Cached> byAssessment = new ConcurrentHashMap<>();

    public PeerGradeCache(Vertx vertx, PeerReviewStore store) {
        this.vertx = vertx;
        this.store = store;
    }

    /** @param phase where the clock is against the review deadline and staff grace: statuses change at each */
    private record Key(GradeStamp stamp, int phase) {
    }

    private record Cached(Key key, Future<PeerGrades.Result> result) {
    }

    /** The assessment's peer grades under {@code config}, from the cache when nothing changed. */
    public Future<PeerGrades.Result> grades(UUID assessmentId, PeerConfig config) {
        return store.gradeStamp(assessmentId).compose(stamp -> {
            if (stamp.isEmpty()) {
                return PeerPublisher.grades(vertx, store, assessmentId, config, true);
            }
            Key key = new Key(stamp.get(), phase(config, Instant.now()));
            Cached cached = byAssessment.get(assessmentId);
            // One computation per assessment at a time: while one runs, readers share it even if a review has
            // arrived since it started, so a busy course costs at most one fit at a time, whatever the readers.
            if (cached != null && !cached.result().failed()
                    && (cached.key().equals(key) || !cached.result().isComplete())) {
                return cached.result();
            }
            Future<PeerGrades.Result> result = PeerPublisher.grades(vertx, store, assessmentId, config, true);
            if (byAssessment.size() >= MAX_ENTRIES) {
                byAssessment.clear();
            }
            byAssessment.put(assessmentId, new Cached(key, result));
            return result;
        });
    }

    static int phase(PeerConfig config, Instant now) {
        if (config.reviewDeadline() == null) {
            return 0;
        }
        if (now.isBefore(config.reviewDeadline())) {
            return 1;
        }
        return now.isBefore(config.reviewDeadline().plus(config.staffGrace())) ? 2 : 3;
    }
}
