package dev.assay.engine.grading;

import dev.assay.engine.node.Admission;
import dev.assay.engine.node.Metrics;
import dev.assay.engine.store.RegradeStore;
import dev.assay.engine.store.SubmissionStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Re-enqueues work that was accepted but not finished within its lease: after a whole-cluster restart the durable
 * executor's queue is gone, and the store is the only record of what is left to do. Runs at start-up and then
 * periodically on every node; the claim in the store stops two nodes from taking the same items.
 */
public final class Sweeper {
    private static final Logger LOG = Logger.getLogger(Sweeper.class.getName());

    private final Vertx vertx;
    private final RegradeStore regrades;
    private final SubmissionStore submissions;
    private final TaskDispatcher dispatcher;
    private final SubmissionQueue queue;
    private final Metrics metrics;
    private final Admission admission;
    private final long leaseMillis;
    private long timerId = -1;

    public Sweeper(Vertx vertx, RegradeStore regrades, SubmissionStore submissions, TaskDispatcher dispatcher,
                   Metrics metrics, Admission admission, long leaseMillis) {
        this.admission = admission;
        this.vertx = vertx;
        this.regrades = regrades;
        this.submissions = submissions;
        this.dispatcher = dispatcher;
        this.queue = new SubmissionQueue(vertx, dispatcher, submissions);
        this.metrics = metrics;
        this.leaseMillis = leaseMillis;
    }

    public void start() {
        sweep();
        // At least every few seconds, so the admission count and queue-depth gauge stay current.
        timerId = vertx.setPeriodic(Math.max(500, Math.min(5000, leaseMillis / 3)), id -> sweep());
    }

    public void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /**
     * Submissions accepted and not yet graded, and regrade items not yet done, across the cluster (from the store):
     * what {@code assay_grading_queue_depth} reports.
     */
    public record Depth(int awaiting, int regradeItems) {
        public long total() {
            return (long) awaiting + regradeItems;
        }
    }

    public static Future<Depth> depth(SubmissionStore submissions, RegradeStore regrades) {
        return submissions.leases().awaitingCount().compose(waiting -> regrades.pendingCount().map(items -> new Depth(waiting, items)));
    }

    void sweep() {
        depth(submissions, regrades).onSuccess(depth -> {
            admission.observed(depth.awaiting());
            metrics.queueDepth(depth.total());
        });
        submissions.leases().claimStale(leaseMillis, 5000).onSuccess(ids -> {
            if (!ids.isEmpty()) {
                LOG.info("re-enqueueing " + ids.size() + " accepted submissions whose lease expired");
                queue.enqueue(ids);
            }
        }).onFailure(e -> LOG.warning("submission sweep failed: " + e.getMessage()));
        regrades.claimStale(leaseMillis, 5000).onSuccess(items -> {
            if (items.isEmpty()) {
                return;
            }
            Map<UUID, List<UUID>> byRegrade = new LinkedHashMap<>();
            items.forEach(i -> byRegrade.computeIfAbsent(i.regradeId(), k -> new ArrayList<>()).add(i.submissionId()));
            LOG.info("re-enqueueing " + items.size() + " grading items whose lease expired");
            // Submitting may block briefly on the cluster, so keep it off the event loop.
            Thread.ofVirtual().start(() -> byRegrade.forEach(dispatcher::dispatch));
        }).onFailure(e -> LOG.warning("sweep failed: " + e.getMessage()));
    }
}
