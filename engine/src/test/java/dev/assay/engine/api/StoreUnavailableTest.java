package dev.assay.engine.api;

import dev.assay.engine.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Which store failures are a 503 (try again) rather than a 500, told apart on real failures of a real client. */
class StoreUnavailableTest {
    static TestDatabase db;

    @BeforeAll
    static void start() {
        db = new TestDatabase();
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    private static Throwable failureOf(Future<?> f) {
        return TestDatabase.failure(f).getCause();
    }

    @Test
    void nothingListeningIsUnavailable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // free again once closed: nothing listens there
        }
        Pool nowhere = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(port)
                .setDatabase("x").setUser("x").setPassword("x")).using(db.vertx()).build();
        try {
            assertThat(Problems.storeUnavailable(failureOf(nowhere.query("SELECT 1").execute()))).isTrue();
        } finally {
            nowhere.close();
        }
    }

    @Test
    void aConnectionTheServerEndedIsUnavailableAndAMistakeInAQueryIsNot() throws Exception {
        SqlConnection c = db.pool().getConnection().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        int pid = c.query("SELECT pg_backend_pid()").execute().toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS).iterator().next().getInteger(0);
        // As when PostgreSQL shuts down or an operator ends the session.
        db.sql("SELECT pg_terminate_backend(" + pid + ")");
        Throwable ended = failureOf(c.query("SELECT 1").execute());
        assertThat(Problems.storeUnavailable(ended)).as(ended.toString()).isTrue();
        assertThat(Problems.storeUnavailable(failureOf(db.pool().query("SELECT * FROM no_such_table").execute()))).isFalse();
        assertThat(Problems.storeUnavailable(new IllegalStateException("a bug"))).isFalse();
    }
}
