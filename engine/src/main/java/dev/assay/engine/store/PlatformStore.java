package dev.assay.engine.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.Optional;
import java.util.UUID;

/** Platforms (tenants) and their credentials; keys are stored only as hashes. */
public final class PlatformStore {
    private final Pool pool;

    public PlatformStore(Pool pool) {
        this.pool = pool;
    }

    public record PlatformRow(UUID id, String name, byte[] tokenSecret) {
    }

    public Future<Optional<PlatformRow>> byKeyHash(byte[] keyHash) {
        return pool.preparedQuery("SELECT id, name, token_secret FROM platforms WHERE key_hash = $1")
                .execute(Tuple.of(Buffer.buffer(keyHash)))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toRow(rows.iterator().next())));
    }

    public Future<Optional<PlatformRow>> byId(UUID id) {
        return pool.preparedQuery("SELECT id, name, token_secret FROM platforms WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toRow(rows.iterator().next())));
    }

    private static PlatformRow toRow(Row r) {
        return new PlatformRow(r.getUUID("id"), r.getString("name"), r.getBuffer("token_secret").getBytes());
    }
}
