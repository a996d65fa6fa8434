package dev.assay.engine.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.DurableExecutorConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.assay.engine.node.NodeConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;

/**
 * Builds the Hazelcast member configuration. Discovery is TCP-IP only: multicast and cloud auto-detection are
 * switched off so a node never joins a cluster it was not told about (and never probes the network).
 */
public final class HazelcastSetup {
    public static final String GRADING_EXECUTOR = "assay-grading";
    /**
     * Regrades run apart from new work, so a regrade of a whole course never queues learners' fresh submissions
     * behind it. Its work is mostly waiting on the store, so it runs more tasks at once; code regrades still run at
     * most one sandbox per grader thread (CodeGrading's own limit).
     */
    public static final String REGRADE_EXECUTOR = "assay-regrade";

    private HazelcastSetup() {
    }

    public static Config memberConfig(NodeConfig node) {
        Config config = ConfigUtil.loadConfig();
        config.setClusterName(node.clusterName());
        // Vert.x finds its own node id among the member attributes when it is handed an existing instance.
        config.getMemberAttributeConfig().setAttribute("__vertx.nodeId", java.util.UUID.randomUUID().toString());
        config.setProperty("hazelcast.logging.type", "jdk");
        HazelcastLogs.quietKnownNoise();
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        // Faster detection of a killed member keeps the durable executor's fail-over quick.
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", "6");
        config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");

        NetworkConfig network = config.getNetworkConfig();
        network.setPort(node.hazelcastPort()).setPortAutoIncrement(true).setPortCount(20);
        if (!"0.0.0.0".equals(node.host())) {
            // Bind the member where the node's HTTP listens; on one machine that is loopback.
            network.getInterfaces().setEnabled(true).addInterface(node.host());
            config.setProperty("hazelcast.local.localAddress", node.host());
            // Without this the member's server socket listens on every interface (0.0.0.0), whatever the above says.
            config.setProperty("hazelcast.socket.bind.any", "false");
        }
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(node.cluster());
        if (node.cluster()) {
            node.members().forEach(join.getTcpIpConfig()::addMember);
        }

        config.addDurableExecutorConfig(new DurableExecutorConfig(GRADING_EXECUTOR)
                .setPoolSize(Math.max(2, node.graderThreads()))
                .setDurability(1)
                .setCapacity(2000));
        config.addDurableExecutorConfig(new DurableExecutorConfig(REGRADE_EXECUTOR)
                .setPoolSize(4 * Math.max(2, node.graderThreads()))
                .setDurability(1)
                .setCapacity(2000));
        return config;
    }
}
