package dev.assay.engine.grading;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;

import java.io.Serial;
import java.io.Serializable;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * Grades one accepted submission on whichever member runs it. Like {@link RegradeTask} it carries only the id, and
 * the store turns a second run into a no-op, so the durable executor may re-run it after a member dies.
 */
public final class GradeTask implements Callable<Boolean>, Serializable, HazelcastInstanceAware {
    @Serial
    private static final long serialVersionUID = 1L;

    private final UUID submissionId;
    private transient HazelcastInstance hazelcast;

    public GradeTask(UUID submissionId) {
        this.submissionId = submissionId;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.hazelcast = hazelcastInstance;
    }

    @Override
    public Boolean call() throws Exception {
        return Workers.of(hazelcast).grade(submissionId);
    }
}
