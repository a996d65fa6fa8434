package dev.assay.engine.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/**
 * Where the store lives: an external PostgreSQL named by URL, or an embedded one kept in the data directory.
 * Either way the schema is brought up to date by Flyway before anything else touches it.
 */
public final class Database implements AutoCloseable {
    private final PgLocation location;
    private final EmbeddedPostgres embedded;

    private Database(PgLocation location, EmbeddedPostgres embedded) {
        this.location = location;
        this.embedded = embedded;
    }

    /** Connects to an external server; {@code url} is {@code postgresql://user:pass@host:port/db}. */
    public static Database external(String url) {
        return new Database(PgLocation.parse(url), null);
    }

    /**
     * Starts PostgreSQL on {@code dataDir/pg}, keeping earlier data. A server left running by a process killed
     * earlier (its postmaster outlives the JVM) is shut down first, so the first restart after a crash works; a
     * server whose owner is still running is never touched (see {@link OrphanedServer}).
     */
    public static Database embedded(Path dataDir) throws IOException {
        // Absolute, so the postmaster's command line names the directory wherever the next node is started from.
        Path base = dataDir.toAbsolutePath().normalize();
        Path pgData = base.resolve("pg");
        Files.createDirectories(pgData);
        OrphanedServer.takeOver(pgData);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        // The port of the last start, while it is free: other nodes of a cluster reach this server by a --pg-url
        // that names it, and a new port at every restart left them unable to reconnect.
        java.util.Optional<Integer> previous = previousPort(dataDir);
        previous.filter(Database::isFree).ifPresentOrElse(builder::setPort, () -> previous.ifPresent(port ->
                java.util.logging.Logger.getLogger(Database.class.getName()).warning("the embedded PostgreSQL's port "
                        + port + " (in " + dataDir.resolve("pg.port") + ") is taken; starting on another: nodes that "
                        + "name " + port + " in --pg-url must be given the new one")));
        String password = EmbeddedAuth.password(dataDir);
        EmbeddedPostgres pg = builder
                // zonky's own readiness check connects too, and after the first start only with the password
                .setConnectConfig("password", password)
                .setDataDirectory(pgData)
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(base.resolve("pg-bin").toFile())
                .setServerConfig("max_connections", "200")
                // zonky starts PostgreSQL with fsync and synchronous_commit off, which acknowledges commits before
                // their WAL is on disk: an OS crash would lose work we had accepted. A flush costs ~0.15 ms here, and
                // concurrent commits share one.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                // Check for tables to vacuum every 5 s rather than every minute: the review queue's index otherwise
                // gathers a minute of dead entries (60,000 at 1,000 leases/s) that every lease walks past.
                .setServerConfig("autovacuum_naptime", "5s")
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setPGStartupWait(java.time.Duration.ofSeconds(60))
                // zonky's own shutdown hook stops PostgreSQL at the same time as the node's, under requests still
                // being served; the owner closes it last instead (a server left by a crash is stopped at next start).
                .setRegisterShutdownHook(false)
                .start();
        OrphanedServer.postmasterPid(pgData.resolve("postmaster.pid")).ifPresent(PostmasterWatchdog::watch);
        Files.writeString(dataDir.resolve("pg.port"), Integer.toString(pg.getPort()));
        PgLocation location = new PgLocation("127.0.0.1", pg.getPort(), "postgres", "postgres", password);
        try {
            EmbeddedAuth.require(location, pgData);
        } catch (IOException | RuntimeException e) {
            pg.close();
            throw e;
        }
        return new Database(location, pg);
    }

    private static java.util.Optional<Integer> previousPort(Path dataDir) {
        try {
            int port = Integer.parseInt(Files.readString(dataDir.resolve("pg.port")).trim());
            return port > 0 && port < 65536 ? java.util.Optional.of(port) : java.util.Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return java.util.Optional.empty(); // first start, or a damaged file: any free port
        }
    }

    private static boolean isFree(int port) {
        try (var socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The embedded server a running node keeps in {@code dataDir}, if there is one: admin commands then use it
     * instead of starting a second server on the same files.
     */
    public static PgLocation runningEmbedded(Path dataDir) {
        Path pidFile = dataDir.resolve("pg").resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return null;
            }
            List<String> lines = Files.readAllLines(pidFile);
            long pid = Long.parseLong(lines.get(0).trim());
            int port = Integer.parseInt(lines.get(3).trim());
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                PgLocation location = new PgLocation("127.0.0.1", port, "postgres", "postgres",
                        EmbeddedAuth.password(dataDir));
                try (var c = DriverManager.getConnection(location.jdbcUrl(), location.user(), location.password())) {
                    return location;
                }
            }
        } catch (IOException | RuntimeException | SQLException e) {
            return null; // a stale or half-written pid file: start our own server
        }
        return null;
    }

    public PgLocation location() {
        return location;
    }

    public void migrate() {
        Flyway.configure()
                .dataSource(location.jdbcUrl(), location.user(), location.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    @Override
    public void close() throws IOException {
        if (embedded != null) {
            embedded.close();
        }
    }

    /** Connection coordinates shared by JDBC (Flyway) and the reactive client. */
    public record PgLocation(String host, int port, String database, String user, String password) {
        public static PgLocation parse(String url) {
            String u = url.startsWith("jdbc:") ? url.substring(5) : url;
            URI uri = URI.create(u.replaceFirst("^postgres(ql)?://", "postgresql://"));
            if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("expected postgresql://user:password@host:port/database, got " + url);
            }
            String user = "postgres";
            String password = "";
            if (uri.getUserInfo() != null) {
                String[] parts = uri.getUserInfo().split(":", 2);
                user = parts[0];
                password = parts.length > 1 ? parts[1] : "";
            }
            String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
            return new PgLocation(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, db, user, password);
        }

        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        public String url() {
            return "postgresql://" + user + (password.isEmpty() ? "" : ":" + password) + "@" + host + ":" + port + "/" + database;
        }
    }
}
