package dev.assay.engine.testing;

import dev.assay.engine.store.Database;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * A fresh, migrated database on the test PostgreSQL with a Vert.x pool for the stores under test, and plain JDBC
 * for the test's own set-up and checks.
 */
public final class TestDatabase implements AutoCloseable {
    private final Database.PgLocation pg;
    private final Vertx vertx;
    private final Pool pool;

    public TestDatabase() {
        Database db = Database.external(TestPostgres.freshDatabase());
        db.migrate();
        pg = db.location();
        vertx = Vertx.vertx();
        pool = pool(vertx, pg);
    }

    /** A Vert.x pool on {@code pg}. */
    public static Pool pool(Vertx vertx, Database.PgLocation pg) {
        return PgBuilder.pool().connectingTo(new PgConnectOptions().setHost(pg.host()).setPort(pg.port())
                .setDatabase(pg.database()).setUser(pg.user()).setPassword(pg.password())).using(vertx).build();
    }

    public Vertx vertx() {
        return vertx;
    }

    public Pool pool() {
        return pool;
    }

    /** Runs statements (set-up, or moving the clock of stored rows) outside the stores. */
    public void sql(String statements) throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement()) {
            st.execute(statements);
        }
    }

    /** The platform every store test's rows belong to ({@link #assessment}). */
    public static final String PLATFORM = "00000000-0000-0000-0000-000000000001";

    /**
     * Creates platform {@link #PLATFORM} with course {@code c} and one assessment of {@code kind} (version 1, an empty
     * definition): the rows a store test's submissions hang from.
     */
    public void assessment(String assessmentId, String kind) throws Exception {
        sql("""
                INSERT INTO platforms(id, name, key_hash, token_secret) VALUES ('%1$s', 'p', 'k', 's');
                INSERT INTO courses(platform_id, id, title) VALUES ('%1$s', 'c', 'C');
                INSERT INTO assessments(id, platform_id, course_id, kind, title, current_version)
                  VALUES ('%2$s', '%1$s', 'c', '%3$s', 'A', 1);
                INSERT INTO assessment_versions(assessment_id, version, definition) VALUES ('%2$s', 1, '{}');
                """.formatted(PLATFORM, assessmentId, kind));
    }

    /** The first column of every row of a query, as text. */
    public java.util.List<String> column(String query) throws Exception {
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(query)) {
            java.util.List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    /** How a store call that must fail failed, as a blocking caller sees it (the cause inside). */
    public static java.util.concurrent.ExecutionException failure(io.vertx.core.Future<?> call) {
        try {
            call.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the call to fail");
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
    }

    @Override
    public void close() throws Exception {
        pool.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }
}
