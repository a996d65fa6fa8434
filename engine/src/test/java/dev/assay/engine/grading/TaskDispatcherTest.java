package dev.assay.engine.grading;

import com.hazelcast.config.Config;
import com.hazelcast.config.DurableExecutorConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.assay.engine.cluster.HazelcastSetup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hazelcast's durable executor does not throw when it refuses a task (its per-partition ring buffer is full): it
 * returns a future that has already failed. The dispatcher must notice, stop handing off more, and say how many it
 * handed off, leaving the rest to the sweep.
 */
class TaskDispatcherTest {
    static HazelcastInstance hz;

    @BeforeAll
    static void start() {
        Config config = new Config().setClusterName("dispatch-" + UUID.randomUUID())
                .setProperty("hazelcast.partition.count", "1") // every key in the one partition
                .setProperty("hazelcast.logging.type", "jdk")
                .setProperty("hazelcast.phone.home.enabled", "false");
        config.getNetworkConfig().setPort(6700 + (int) (Math.random() * 90)).setPortAutoIncrement(true);
        config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
        config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
        config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
        config.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        // Room for one task at a time; no worker is registered, so that task holds its slot while it waits for one.
        config.addDurableExecutorConfig(new DurableExecutorConfig(HazelcastSetup.GRADING_EXECUTOR)
                .setPoolSize(1).setCapacity(1).setDurability(0));
        config.addDurableExecutorConfig(new DurableExecutorConfig(HazelcastSetup.REGRADE_EXECUTOR)
                .setPoolSize(1).setCapacity(1).setDurability(0));
        hz = Hazelcast.newHazelcastInstance(config);
    }

    @AfterAll
    static void stop() {
        hz.getLifecycleService().terminate();
    }

    @Test
    void aFullExecutorStopsTheHandOffAndCountsOnlyWhatItTook() {
        TaskDispatcher dispatcher = new TaskDispatcher(hz);
        List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        assertThat(dispatcher.dispatchSubmissions(ids)).as("tasks the executor took").containsExactly(ids.get(0));
        // Regrades have their own executor: a full grading queue does not hold them up, but a full regrade one does.
        assertThat(dispatcher.dispatch(UUID.randomUUID(), List.of(UUID.randomUUID()))).as("regrade batches taken")
                .isOne();
        assertThat(dispatcher.dispatch(UUID.randomUUID(), List.of(UUID.randomUUID()))).as("regrade batches taken")
                .isZero();
    }
}
