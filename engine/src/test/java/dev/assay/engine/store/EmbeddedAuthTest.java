package dev.assay.engine.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded PostgreSQL on loopback refuses connections without the data directory's password, from its first
 * start and after restarts, and a data directory whose server still trusts local connections (as zonky sets one up,
 * and as Assay kept them before) is locked at its next start.
 */
class EmbeddedAuthTest {
    @TempDir
    Path dataDir;

    @Test
    void connections_need_the_password_kept_owner_only_in_the_data_directory() throws Exception {
        Path file = dataDir.resolve(EmbeddedAuth.FILE);
        try (Database db = Database.embedded(dataDir)) {
            Database.PgLocation at = db.location();
            assertThat(at.password()).isEqualTo(Files.readString(file).trim()).hasSizeGreaterThanOrEqualTo(32);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertRefusedWithout(at);
            assertThat(Files.readString(dataDir.resolve("pg").resolve("pg_hba.conf"))).doesNotContain("trust");
        }
        try (Database again = Database.embedded(dataDir)) {
            assertThat(again.location().password()).as("the same password after a restart")
                    .isEqualTo(Files.readString(file).trim());
            assertRefusedWithout(again.location());
        }
    }

    @Test
    void a_data_directory_that_still_trusts_local_connections_is_locked_at_its_next_start() throws Exception {
        try (Database first = Database.embedded(dataDir)) {
            assertRefusedWithout(first.location());
        }
        // The data directory as zonky initialises it and as it was before: every local connection trusted, no file.
        Files.writeString(dataDir.resolve("pg").resolve("pg_hba.conf"), """
                local all all trust
                host all all 127.0.0.1/32 trust
                host all all ::1/128 trust
                """);
        Files.delete(dataDir.resolve(EmbeddedAuth.FILE));
        try (Database upgraded = Database.embedded(dataDir)) {
            assertThat(Files.exists(dataDir.resolve(EmbeddedAuth.FILE))).isTrue();
            assertRefusedWithout(upgraded.location());
        }
    }

    /** A wrong or missing password is refused; the right one connects. */
    private static void assertRefusedWithout(Database.PgLocation at) throws SQLException {
        for (String wrong : new String[] {"postgres", ""}) {
            assertThatThrownBy(() -> DriverManager.getConnection(at.jdbcUrl(), at.user(), wrong).close())
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isIn("28P01", "08004"));
        }
        try (var c = DriverManager.getConnection(at.jdbcUrl(), at.user(), at.password());
             var rs = c.createStatement().executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
    }
}
