package dev.assay.engine.grading;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * A batch of submissions to regrade, run on Hazelcast's durable executor. It carries only ids: whichever member
 * runs it (the first owner, or a backup after that owner died) reads the submissions from the store, and the store
 * makes a second run of the same batch a no-op.
 */
public final class RegradeTask implements Callable<Integer>, Serializable, HazelcastInstanceAware {
    @Serial
    private static final long serialVersionUID = 1L;

    private final UUID regradeId;
    private final ArrayList<UUID> submissionIds;
    private transient HazelcastInstance hazelcast;

    public RegradeTask(UUID regradeId, List<UUID> submissionIds) {
        this.regradeId = regradeId;
        this.submissionIds = new ArrayList<>(submissionIds);
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.hazelcast = hazelcastInstance;
    }

    @Override
    public Integer call() throws Exception {
        return Workers.of(hazelcast).regrade(regradeId, submissionIds);
    }
}
