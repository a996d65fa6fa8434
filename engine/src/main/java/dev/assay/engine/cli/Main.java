package dev.assay.engine.cli;

import dev.assay.engine.node.Node;
import dev.assay.engine.node.NodeConfig;
import dev.assay.engine.store.Database;
import dev.assay.engine.store.PlatformAdmin;
import dev.assay.engine.webhooks.DeliveryConfig;
import dev.assay.graders.essay.EssayCli;
import dev.assay.peerreview.cli.PeerCli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/** The {@code assay} command line. */
public final class Main {
    static final String HELP = """
            Usage: assay <command> [options]

            Commands:
              serve                   Start a node (embedded PostgreSQL in --data-dir unless --pg-url is given)
                --port N              HTTP port (default 8080)
                --host ADDR           address for HTTP and the cluster member (default 127.0.0.1)
                --data-dir DIR        where the embedded store keeps its data (default ./data)
                --pg-url URL          external PostgreSQL, postgresql://user:pass@host:port/db (a cluster shares one)
                --cluster             join a Hazelcast cluster over TCP-IP (no multicast)
                --members LIST        cluster members, e.g. 127.0.0.1:5701,127.0.0.1:5702 (implies --cluster)
                --cluster-name NAME   cluster name (default assay); members must agree
                --hz-port N           first Hazelcast port to try (default 5701, auto-increments)
                --lease-ms N          how long accepted work may stay unfinished before it is re-enqueued (default 60000)
                --body-limit N        maximum request body in bytes (default 1048576)
                --queue-limit N       submissions not yet graded (waiting or being graded), cluster-wide, before new ones get 429 (default 2000)
                --webhook-timeout-ms N      an outcome webhook not answered in this time is retried (default 10000)
                --webhook-backoff-ms N      wait after a failed delivery; doubles per failure (default 5000)
                --webhook-max-backoff-ms N  longest wait between two attempts (default 3600000)
                --webhook-attempts N        attempts before a delivery is given up as failed (default 20)
              platform create NAME    Create a platform (tenant) and print its API key
                --data-dir DIR | --pg-url URL   the same store the nodes use
              peer aggregate|simulate|evaluate|report|liveness|topup ...
                                      Offline peer-review tools (aggregation models, course simulator,
                                      review-assignment liveness and lazy top-up simulations);
                                      'assay peer --help' lists their options
              essay evaluate --train A.tsv,B.tsv,C.tsv --test D.tsv [--exemplars N] [--hybrid 0.7]
                                      Train the essay grader per prompt on ASAP-format files and print QWK
              help, --help            Show this help
            """;

    private Main() {
    }

    public static void main(String[] argv) {
        List<String> args = Arrays.asList(argv);
        try {
            int code = run(args, System.out);
            if (code != 0 || args.isEmpty() || !"serve".equals(args.get(0))) {
                System.out.flush();
                System.exit(code);
            }
        } catch (Args.UsageException e) {
            System.err.println("assay: " + e.getMessage() + "\n\n" + HELP);
            System.exit(2);
        } catch (Exception e) {
            System.err.println("assay: " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    public static int run(List<String> args, java.io.PrintStream out) throws Exception {
        if (args.isEmpty() || Set.of("help", "--help", "-h").contains(args.get(0))) {
            out.print(HELP);
            return 0;
        }
        return switch (args.get(0)) {
            case "serve", "platform" -> {
                List<String> rest = args.subList(1, args.size());
                if (rest.contains("--help") || rest.contains("-h")) {
                    out.print(HELP);
                    yield 0;
                }
                yield args.get(0).equals("serve") ? serve(rest, out) : platform(rest, out);
            }
            case "peer" -> PeerCli.run(args.subList(1, args.size()), out, System.err);
            case "essay" -> EssayCli.run(args.subList(1, args.size()), out, System.err);
            default -> throw new Args.UsageException("unknown command '" + args.get(0) + "'");
        };
    }

    private static int serve(List<String> argv, java.io.PrintStream out) throws Exception {
        Args a = Args.parse(argv, Set.of("port", "host", "data-dir", "pg-url", "members", "cluster-name", "hz-port",
                "lease-ms", "body-limit", "queue-limit", "webhook-timeout-ms", "webhook-backoff-ms",
                "webhook-max-backoff-ms", "webhook-attempts"), Set.of("cluster"));
        DeliveryConfig d = DeliveryConfig.DEFAULT;
        int firstBackoff = a.integer("webhook-backoff-ms", (int) d.backoffMillis());
        d = d.withTimeout(a.integer("webhook-timeout-ms", (int) d.timeoutMillis()))
                .withBackoff(firstBackoff, Math.max(firstBackoff, a.integer("webhook-max-backoff-ms", (int) d.maxBackoffMillis())))
                .withMaxAttempts(a.integer("webhook-attempts", d.maxAttempts()));
        NodeConfig config = NodeConfig.defaults()
                .withPort(a.integer("port", 8080))
                .withHost(a.get("host", "127.0.0.1"))
                .withDataDir(Path.of(a.get("data-dir", "data")))
                .withPgUrl(a.get("pg-url", null))
                .withClusterName(a.get("cluster-name", "assay"))
                .withHazelcastPort(a.integer("hz-port", 5701))
                .withLeaseMillis(a.integer("lease-ms", 60_000))
                .withQueueLimit(a.integer("queue-limit", 2_000))
                .withBodyLimit(a.integer("body-limit", (int) NodeConfig.DEFAULT_BODY_LIMIT))
                .withDelivery(d);
        if (a.flag("cluster") || a.options.containsKey("members")) {
            String members = a.get("members", "");
            config = config.withCluster(members.isBlank() ? List.of() : List.of(members.split(",")));
        }
        Node node = Node.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // On standard output, as "listening" was: the JDK's logging is being reset by its own shutdown hook, so
            // a log line written at the end of close() may never appear, and an operator could not tell a clean
            // stop from a crash.
            out.println("Assay is stopping: no new requests; work not finished goes back to the queue");
            try {
                node.close();
                out.println("Assay stopped");
            } catch (Exception e) {
                System.err.println("assay: shutdown: " + e.getMessage());
            } finally {
                out.flush();
                stopped.countDown();
            }
        }, "assay-shutdown"));
        out.println("Assay is listening on http://" + config.host() + ":" + node.port());
        stopped.await();
        return 0;
    }

    private static int platform(List<String> argv, java.io.PrintStream out) throws Exception {
        Args a = Args.parse(argv, Set.of("data-dir", "pg-url"), Set.of());
        if (a.positional.size() != 2 || !"create".equals(a.positional.get(0))) {
            throw new Args.UsageException("usage: assay platform create NAME [--data-dir DIR | --pg-url URL]");
        }
        String name = a.positional.get(1);
        if (name.isBlank() || name.length() > 200) {
            throw new Args.UsageException("platform NAME must be 1 to 200 characters");
        }
        try (StoreAccess store = StoreAccess.open(a.get("pg-url", null), Path.of(a.get("data-dir", "data")))) {
            PlatformAdmin.CreatedPlatform p = PlatformAdmin.create(store.location(), name);
            out.println("Created platform '" + p.name() + "' (" + p.id() + ")");
            out.println("API key (shown once, keep it secret):");
            out.println(p.apiKey());
        } catch (java.sql.SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                System.err.println("assay: a platform named '" + name + "' already exists");
                return 1;
            }
            throw e;
        }
        return 0;
    }

    /**
     * The store an admin command talks to: the external server, the embedded server of a node already running on
     * this data directory, or a freshly started embedded server that is stopped again afterwards.
     */
    record StoreAccess(Database.PgLocation location, Database owned) implements AutoCloseable {
        static StoreAccess open(String pgUrl, Path dataDir) throws Exception {
            if (pgUrl != null) {
                Database db = Database.external(pgUrl);
                db.migrate();
                return new StoreAccess(db.location(), null);
            }
            Database.PgLocation running = Database.runningEmbedded(dataDir);
            if (running != null) {
                return new StoreAccess(running, null);
            }
            Files.createDirectories(dataDir);
            Database db = Database.embedded(dataDir);
            db.migrate();
            return new StoreAccess(db.location(), db);
        }

        @Override
        public void close() throws Exception {
            if (owned != null) {
                owned.close();
            }
        }
    }
}
