package dev.assay.engine.testing;

import dev.assay.engine.store.Database;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for tests, chosen in this order: {@code ASSAY_TEST_PG_URL}; Testcontainers when a Docker
 * engine answers; otherwise embedded PostgreSQL. One server per test JVM; every caller gets its own fresh database.
 */
public final class TestPostgres {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static Database.PgLocation server;

    private TestPostgres() {
    }

    public static synchronized Database.PgLocation server() {
        if (server == null) {
            server = start();
        }
        return server;
    }

    /** A new empty database on the shared server, as a {@code postgresql://} URL. */
    public static String freshDatabase() {
        Database.PgLocation s = server();
        String name = "assay_t" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        try (Connection c = DriverManager.getConnection(s.jdbcUrl(), s.user(), s.password());
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create test database", e);
        }
        return new Database.PgLocation(s.host(), s.port(), name, s.user(), s.password()).url();
    }

    private static Database.PgLocation start() {
        String url = System.getenv("ASSAY_TEST_PG_URL");
        if (url != null && !url.isBlank()) {
            return Database.PgLocation.parse(url);
        }
        if (dockerAvailable()) {
            PostgreSQLContainer pg = new PostgreSQLContainer("postgres:16-alpine");
            pg.start();
            return new Database.PgLocation(pg.getHost(), pg.getFirstMappedPort(), pg.getDatabaseName(),
                    pg.getUsername(), pg.getPassword());
        }
        try {
            Path dir = TempDirs.create("assay-test-pg");
            Database db = Database.embedded(dir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    db.close();
                } catch (Exception ignored) {
                    // the JVM is going away either way
                }
                TempDirs.delete(dir);
            }));
            return db.location();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start embedded PostgreSQL", e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable t) {
            return false;
        }
    }
}
