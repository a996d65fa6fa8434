package dev.assay.engine.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The Jobe file cache: support files of runs, per platform, durable and shared by the cluster's nodes. */
public final class JobeFileStore {
    /** Files nobody named for this long are dropped. */
    static final String RETENTION = "30 days";

    private final Pool pool;

    public JobeFileStore(Pool pool) {
        this.pool = pool;
    }

    /** Stores (or replaces) a file; stored before the caller is told, like any accepted work. */
    public Future<Void> put(UUID platformId, String id, byte[] contents) {
        return pool.preparedQuery("""
                        INSERT INTO jobe_files(platform_id, id, contents) VALUES ($1, $2, $3)
                        ON CONFLICT (platform_id, id) DO UPDATE SET contents = EXCLUDED.contents, used_at = now()""")
                .execute(Tuple.of(platformId, id, Buffer.buffer(contents)))
                // Each upload also clears out what went unused: no sweep of its own for a rarely used cache.
                .compose(v -> pool.preparedQuery("DELETE FROM jobe_files WHERE used_at < now() - interval '" + RETENTION + "'")
                        .execute())
                .mapEmpty();
    }

    public Future<Boolean> exists(UUID platformId, String id) {
        return pool.preparedQuery("SELECT 1 FROM jobe_files WHERE platform_id = $1 AND id = $2")
                .execute(Tuple.of(platformId, id))
                .map(rows -> rows.size() > 0);
    }

    /** The files with these ids that exist (marked used now), by id. */
    public Future<Map<String, byte[]>> take(UUID platformId, Set<String> ids) {
        if (ids.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        return pool.preparedQuery("""
                        UPDATE jobe_files SET used_at = now() WHERE platform_id = $1 AND id = ANY($2)
                        RETURNING id, contents""")
                .execute(Tuple.of(platformId, (Object) ids.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, byte[]> out = new HashMap<>();
                    rows.forEach(r -> out.put(r.getString(0), r.getBuffer(1).getBytes()));
                    return out;
                });
    }
}
