package dev.assay.engine.node;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.assay.engine.api.ApiVerticle;
import dev.assay.engine.auth.Authenticator;
import dev.assay.engine.cluster.HazelcastSetup;
import dev.assay.engine.grading.CodeGrading;
import dev.assay.engine.grading.OutcomeSweeper;
import dev.assay.engine.peer.PeerPublisher;
import dev.assay.engine.grading.EssayGrading;
import dev.assay.engine.grading.GraderKinds;
import dev.assay.engine.grading.GradingWorker;
import dev.assay.engine.grading.QuizGrading;
import dev.assay.engine.grading.UploadGrading;
import dev.assay.engine.grading.RegradeService;
import dev.assay.engine.grading.ResultEvents;
import dev.assay.engine.grading.SubmissionQueue;
import dev.assay.engine.grading.Sweeper;
import dev.assay.engine.grading.TaskDispatcher;
import dev.assay.engine.grading.Workers;
import dev.assay.engine.store.AssessmentStore;
import dev.assay.engine.store.CourseGradeStore;
import dev.assay.engine.store.CourseStore;
import dev.assay.engine.store.Database;
import dev.assay.engine.store.DeliveryStore;
import dev.assay.engine.store.EssayStore;
import dev.assay.engine.store.GradingPolicyStore;
import dev.assay.engine.store.LearnerEventStore;
import dev.assay.engine.store.OutcomeStore;
import dev.assay.engine.store.PlatformStore;
import dev.assay.engine.store.RegradeStore;
import dev.assay.engine.store.SubmissionStore;
import dev.assay.engine.store.WebhookStore;
import dev.assay.engine.webhooks.WebhookRelay;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One Assay node: store, Hazelcast member, clustered Vert.x, HTTP API and grading worker, started in that order
 * and stopped in reverse. Blocking start-up steps (PostgreSQL, Flyway, Hazelcast join) run before any event loop.
 */
public final class Node implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Node.class.getName());

    private final NodeConfig config;
    private Database database;
    private HazelcastInstance hazelcast;
    private Vertx vertx;
    private Pool pool;
    private Sweeper sweeper;
    private ClusterPresence presence;
    private OutcomeSweeper outcomeSweeper;
    private dev.assay.engine.xqueue.XQueueRelay xqueueRelay;
    private dev.assay.engine.lti.LtiScoreRelay ltiRelay;
    private PeerPublisher peerPublisher;
    private String relayDeployment;
    private String apiDeployment;
    private Services services;
    private int boundPort;

    private Node(NodeConfig config) {
        this.config = config;
    }

    public static Node start(NodeConfig config) throws Exception {
        Node node = new Node(config);
        try {
            node.boot();
            return node;
        } catch (Exception | Error e) {
            node.close();
            throw e;
        }
    }

    private void boot() throws Exception {
        database = config.pgUrl() == null ? Database.embedded(config.dataDir()) : Database.external(config.pgUrl());
        database.migrate();

        hazelcast = Hazelcast.newHazelcastInstance(HazelcastSetup.memberConfig(config));
        Metrics metrics = new Metrics();
        VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)
                        .setJvmMetricsEnabled(true))
                // The node reads no files through Vert.x; resolving the classpath would make a vertx-cache directory
                // in /tmp that a killed node leaves behind, one per start.
                .setFileSystemOptions(new FileSystemOptions().setClassPathResolvingEnabled(false)
                        .setFileCachingEnabled(false));
        if (!"0.0.0.0".equals(config.host())) {
            // Handed a Hazelcast instance it did not configure, Vert.x cannot tell the member's address and binds the
            // clustered event bus to the machine's first non-loopback address: keep it where the member listens.
            options.setEventBusOptions(new EventBusOptions().setHost(config.host()).setClusterPublicHost(config.host()));
        }
        vertx = Vertx.builder()
                .with(options)
                .withMetrics(new MicrometerMetricsFactory(metrics.registry()))
                .withClusterManager(new HazelcastClusterManager(hazelcast))
                .buildClustered()
                .await(120, TimeUnit.SECONDS);

        Database.PgLocation pg = database.location();
        pool = PgBuilder.pool()
                .with(new PoolOptions().setMaxSize(16))
                .connectingTo(new PgConnectOptions().setHost(pg.host()).setPort(pg.port()).setDatabase(pg.database())
                        .setUser(pg.user()).setPassword(pg.password()).setCachePreparedStatements(true)
                        // The lease statements are longer than the default limit (2,048 characters); uncached, they were
                        // planned anew at every execution (8 ms each for the single-request one).
                        .setPreparedStatementCacheSqlLimit(16_384))
                .using(vertx)
                .build();

        var courseGrades = new CourseGradeStore();
        var regrades = new RegradeStore(pool, courseGrades);
        var assessments = new AssessmentStore(pool, courseGrades);
        var deliveries = new DeliveryStore(pool);
        var kinds = new GraderKinds(new QuizGrading(metrics), new CodeGrading(metrics, config.graderThreads()),
                new EssayGrading(metrics, new EssayStore(pool)), new UploadGrading());
        var submissions = new SubmissionStore(pool, courseGrades);
        var admission = new Admission(config.queueLimit());
        var events = new ResultEvents(vertx);
        var dispatcher = new TaskDispatcher(hazelcast);
        presence = new ClusterPresence(vertx, pool, hazelcast, config.clusterName(), config.host() + ":" + config.port());
        Workers.register(hazelcast, new GradingWorker(hazelcast.getName(), regrades, submissions, kinds, events,
                config.leaseMillis()));

        services = new Services(vertx, config, new Authenticator(new PlatformStore(pool), Clock.systemUTC()),
                new CourseStore(pool), new GradingPolicyStore(pool, courseGrades), assessments, submissions,
                new LearnerEventStore(pool), regrades, kinds,
                new SubmissionQueue(vertx, dispatcher, submissions), admission,
                new RegradeService(vertx, regrades, dispatcher), events, metrics, new Readiness(pool, hazelcast, kinds.code().sandbox(), presence::state),
                courseGrades, new WebhookStore(pool), deliveries, new OutcomeStore(pool, courseGrades),
                new dev.assay.engine.store.ProgramStore(pool), new dev.assay.engine.store.JobeFileStore(pool),
                new dev.assay.engine.store.XQueueStore(pool), new dev.assay.engine.store.LtiStore(pool),
                dev.assay.engine.peer.PeerServices.of(vertx, pool, courseGrades, metrics.registry()));

        apiDeployment = vertx.deployVerticle(() -> new ApiVerticle(services), new DeploymentOptions()
                        .setInstances(Math.max(1, Runtime.getRuntime().availableProcessors())))
                .await(60, TimeUnit.SECONDS);
        boundPort = config.port();

        presence.start();
        sweeper = new Sweeper(vertx, regrades, submissions, dispatcher, metrics, admission, config.leaseMillis());
        sweeper.start();
        outcomeSweeper = new OutcomeSweeper(vertx, pool, assessments, courseGrades, services.programs());
        outcomeSweeper.start();
        xqueueRelay = new dev.assay.engine.xqueue.XQueueRelay(vertx, services.xqueue());
        xqueueRelay.start();
        ltiRelay = new dev.assay.engine.lti.LtiScoreRelay(vertx, services.lti());
        ltiRelay.start();
        peerPublisher = new PeerPublisher(vertx, pool, services.peer().store(), services.peer().leases(), courseGrades,
                services.events());
        peerPublisher.start();
        relayDeployment = vertx.deployVerticle(new WebhookRelay(deliveries, config.delivery())).await(60, TimeUnit.SECONDS);
        LOG.info("Assay node " + hazelcast.getName() + " listening on http://" + config.host() + ":" + boundPort
                + " (store " + (config.pgUrl() == null ? "embedded in " + config.dataDir().toAbsolutePath() : pg.host() + ":" + pg.port())
                + ", cluster " + hazelcast.getCluster().getMembers().size() + " member(s))");
    }

    /** The node's stores and services (for tests and tools in this JVM). */
    public Services services() {
        return services;
    }

    public int port() {
        return boundPort;
    }

    public Database.PgLocation pg() {
        return database.location();
    }

    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    @Override
    public void close() throws Exception {
        // An operator reading the log tells a clean stop from a crash by these two lines.
        String name = hazelcast == null ? "" : hazelcast.getName() + " ";
        LOG.info("Assay node " + name + "stopping: no new requests; work not finished goes back to the queue");
        // Every step runs even when one before it fails: above all the last, or the embedded PostgreSQL outlives us.
        Exception first = null;
        for (Step step : List.<Step>of(
                // HTTP first, so no request arrives to find the store closing (it answered 500 while PostgreSQL stopped).
                () -> undeploy(apiDeployment),
                () -> stop(presence == null ? null : presence::stop),
                () -> stop(sweeper == null ? null : sweeper::stop),
                () -> stop(outcomeSweeper == null ? null : outcomeSweeper::stop),
                () -> stop(xqueueRelay == null ? null : xqueueRelay::stop),
                () -> stop(ltiRelay == null ? null : ltiRelay::stop),
                () -> stop(peerPublisher == null ? null : peerPublisher::stop),
                // Before the store closes under it: it records what was answered and leaves the rest to the lease.
                () -> undeploy(relayDeployment),
                () -> stop(hazelcast == null ? null : () -> Workers.unregister(hazelcast)),
                // Running sandboxes stop now, their work unrecorded (another node grades it after the lease), rather
                // than outlive the engine.
                () -> stop(services == null ? null : () -> services.kinds().code().shutdown()),
                () -> {
                    if (vertx != null) {
                        vertx.close().await(60, TimeUnit.SECONDS); // also leaves the cluster and shuts Hazelcast down
                    } else if (hazelcast != null) {
                        hazelcast.shutdown();
                    }
                },
                () -> {
                    if (database != null) {
                        database.close();
                    }
                })) {
            try {
                step.run();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            LOG.warning("Assay node " + name + "stopped, with errors: " + first);
            throw first;
        }
        LOG.info("Assay node " + name + "stopped");
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static void stop(Runnable stop) {
        if (stop != null) {
            stop.run();
        }
    }

    private void undeploy(String deployment) throws Exception {
        if (deployment != null) {
            vertx.undeploy(deployment).await(30, TimeUnit.SECONDS);
        }
    }
}
