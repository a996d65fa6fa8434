package dev.assay.engine.store;

import dev.assay.engine.auth.ApiKeys;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** Admin operations run from the command line over plain JDBC, with or without a node running. */
public final class PlatformAdmin {
    private PlatformAdmin() {
    }

    public record CreatedPlatform(UUID id, String name, String apiKey) {
    }

    /** Creates a platform and returns its API key; the key is not stored, so this is the only time it is seen. */
    public static CreatedPlatform create(Database.PgLocation pg, String name) throws SQLException {
        UUID id = UUID.randomUUID();
        String key = ApiKeys.newKey();
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             PreparedStatement st = c.prepareStatement(
                     "INSERT INTO platforms(id, name, key_hash, token_secret) VALUES (?, ?, ?, ?)")) {
            st.setObject(1, id);
            st.setString(2, name);
            st.setBytes(3, ApiKeys.hash(key));
            st.setBytes(4, ApiKeys.randomBytes(32));
            st.executeUpdate();
        }
        return new CreatedPlatform(id, name, key);
    }
}
