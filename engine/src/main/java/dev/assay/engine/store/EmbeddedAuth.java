package dev.assay.engine.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;

/**
 * The embedded PostgreSQL asks every connection for a password. zonky initialises a server that trusts any local
 * connection, which on a machine shared with other users let anyone connect to the store and rewrite grades. The
 * password is generated once, kept in {@code pg.password} in the data directory (readable by its owner only), set
 * on the server's superuser, and {@code pg_hba.conf} is rewritten to require it (SCRAM) for socket and loopback
 * connections alike. A data directory from before this, still trusting, is locked the same way at its next start.
 */
final class EmbeddedAuth {
    static final String FILE = "pg.password";

    /** What Assay writes as {@code pg_hba.conf}: no line trusts, so nothing connects without the password. */
    private static final String HBA = """
            # Written by Assay: every connection gives the password in the data directory's pg.password.
            local all all scram-sha-256
            host  all all 127.0.0.1/32 scram-sha-256
            host  all all ::1/128 scram-sha-256
            """;

    private EmbeddedAuth() {
    }

    /** The data directory's password, generated and stored (owner-only) on first use. */
    static String password(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (!Files.exists(file)) {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            try {
                // Created owner-only, never readable by others even for a moment.
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, fresh, StandardCharsets.US_ASCII);
            } catch (FileAlreadyExistsException raced) {
                // another process of this data directory wrote it first: use theirs
            }
        }
        String password = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (password.isEmpty()) {
            throw new IOException(file + " is empty: remove it only together with the data directory's pg folder");
        }
        return password;
    }

    /**
     * Makes the running server require the password. On a server that still trusts (first start, or a data
     * directory from before), the password is set first and then the trusting lines go, so it is never locked out.
     */
    static void require(Database.PgLocation location, Path pgData) throws IOException {
        Path hba = pgData.resolve("pg_hba.conf");
        if (HBA.equals(Files.readString(hba))) {
            return;
        }
        try (var c = DriverManager.getConnection(location.jdbcUrl(), location.user(), location.password())) {
            try (var st = c.createStatement()) {
                // The password travels in SQL once, over loopback; the server stores only its SCRAM verifier.
                st.execute("SET password_encryption = 'scram-sha-256'");
                st.execute("ALTER ROLE " + location.user() + " PASSWORD '" + location.password().replace("'", "''") + "'");
            }
            Files.writeString(hba, HBA);
            try (var st = c.createStatement()) {
                st.execute("SELECT pg_reload_conf()");
            }
        } catch (SQLException e) {
            throw new IOException("cannot set the embedded PostgreSQL's password (" + e.getMessage() + ")", e);
        }
        awaitLocked(location);
    }

    /** The postmaster reloads its configuration when it gets to it: nothing is served before it refuses strangers. */
    private static void awaitLocked(Database.PgLocation location) throws IOException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (var c = DriverManager.getConnection(location.jdbcUrl(), location.user(), "")) {
                // connected without the password: the new rules are not loaded yet
            } catch (SQLException refused) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the embedded PostgreSQL reloaded its configuration", e);
            }
        }
        throw new IOException("the embedded PostgreSQL still accepts connections without a password after 10 s");
    }
}
