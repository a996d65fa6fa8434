package dev.assay.engine.grading;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.durableexecutor.DurableExecutorService;
import com.hazelcast.durableexecutor.DurableExecutorServiceFuture;
import dev.assay.engine.cluster.HazelcastSetup;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Logger;

/**
 * Hands grading work to the cluster. Regrade batches are keyed by their first submission id, which spreads them over
 * the partitions and so over the members. Work the executor refuses (its ring buffer full) stays pending in the
 * store and is picked up again by the sweep when its lease runs out.
 */
public final class TaskDispatcher {
    static final int BATCH = 50;
    private static final Logger LOG = Logger.getLogger(TaskDispatcher.class.getName());

    private final DurableExecutorService executor;
    private final DurableExecutorService regrades;

    public TaskDispatcher(HazelcastInstance hazelcast) {
        this.executor = hazelcast.getDurableExecutorService(HazelcastSetup.GRADING_EXECUTOR);
        this.regrades = hazelcast.getDurableExecutorService(HazelcastSetup.REGRADE_EXECUTOR);
    }

    /**
     * Hands accepted submissions to the pool, one task each (each may run for seconds in a sandbox), and returns the
     * ids the executor took; the rest wait for the sweep.
     */
    public List<UUID> dispatchSubmissions(List<UUID> submissionIds) {
        List<UUID> taken = new java.util.ArrayList<>();
        for (UUID id : submissionIds) {
            try {
                refusal(executor.submitToKeyOwner(new GradeTask(id), id.toString()));
                taken.add(id);
            } catch (RejectedExecutionException e) {
                LOG.warning("grading executor is full; " + (submissionIds.size() - taken.size())
                        + " submissions wait for the sweep");
                break;
            } catch (RuntimeException e) {
                LOG.warning("submission " + id + " could not be handed to the worker pool and waits for the sweep: " + e);
            }
        }
        return taken;
    }

    /**
     * Throws why the executor did not take a task. Hazelcast's durable executor never throws from {@code submit}:
     * when it cannot store the task (its ring buffer for the partition is full: {@link RejectedExecutionException};
     * or the partition cannot be reached) it returns a future that has already failed, with no task id (-1). A
     * stored task has an id, and its future completes only when the task has run.
     */
    static void refusal(DurableExecutorServiceFuture<?> future) {
        if (future.getTaskId() != -1 || !future.isDone()) {
            return;
        }
        try {
            future.get();
        } catch (ExecutionException e) {
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof RejectedExecutionException refused) {
                    throw refused;
                }
            }
            throw new IllegalStateException(e.getCause());
        } catch (CancellationException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int dispatch(UUID regradeId, List<UUID> submissionIds) {
        int submitted = 0;
        for (int from = 0; from < submissionIds.size(); from += BATCH) {
            List<UUID> batch = submissionIds.subList(from, Math.min(submissionIds.size(), from + BATCH));
            try {
                refusal(regrades.submitToKeyOwner(new RegradeTask(regradeId, batch), batch.get(0).toString()));
                submitted++;
            } catch (RejectedExecutionException e) {
                LOG.warning("grading executor is full; " + (submissionIds.size() - from)
                        + " submissions of regrade " + regradeId + " wait for the sweep");
                break;
            } catch (RuntimeException e) {
                LOG.warning("a batch of regrade " + regradeId + " could not be handed to the worker pool and waits "
                        + "for the sweep: " + e);
            }
        }
        return submitted;
    }
}
