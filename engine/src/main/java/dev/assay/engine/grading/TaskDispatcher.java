package dev.assay.engine.grading;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.durableexecutor.DurableExecutorService;
import dev.assay.engine.cluster.HazelcastSetup;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;

/**
 * Hands regrade work to the cluster. Batches are keyed by their first submission id, which spreads them over the
 * partitions and so over the members. A batch the executor refuses (its ring buffer full) stays pending in the
 * store and is picked up again by the sweep when its lease runs out.
 */
public final class TaskDispatcher {
    static final int BATCH = 20;
    private static final Logger LOG = Logger.getLogger(TaskDispatcher.class.getName());

    private final DurableExecutorService executor;

    public TaskDispatcher(HazelcastInstance hazelcast) {
        this.executor = hazelcast.getDurableExecutorService(HazelcastSetup.GRADING_EXECUTOR);
    }

    /** Hands accepted submissions to the pool, one task each (each may run for seconds in a sandbox). */
    public int dispatchSubmissions(List<UUID> submissionIds) {
        int submitted = 0;
        for (UUID id : submissionIds) {
            try {
                executor.submitToKeyOwner(new GradeTask(id), id.toString());
                submitted++;
            } catch (RejectedExecutionException e) {
                LOG.warning("grading executor is full; " + (submissionIds.size() - submitted)
                        + " submissions wait for the sweep");
                break;
            }
        }
        return submitted;
    }

    public int dispatch(UUID regradeId, List<UUID> submissionIds) {
        int submitted = 0;
        for (int from = 0; from < submissionIds.size(); from += BATCH) {
            List<UUID> batch = submissionIds.subList(from, Math.min(submissionIds.size(), from + BATCH));
            try {
                executor.submitToKeyOwner(new RegradeTask(regradeId, batch), batch.get(0).toString());
                submitted++;
            } catch (RejectedExecutionException e) {
                LOG.warning("grading executor is full; " + (submissionIds.size() - from)
                        + " submissions of regrade " + regradeId + " wait for the sweep");
                break;
            }
        }
        return submitted;
    }
}
