package dev.assay.engine.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Courses are named by the platform's own ids; each platform has its own namespace. */
public final class CourseStore {
    private final Pool pool;

    public CourseStore(Pool pool) {
        this.pool = pool;
    }

    public record CourseRow(String id, String title, OffsetDateTime createdAt) {
    }

    public Future<CourseRow> upsert(UUID platformId, String courseId, String title) {
        return pool.preparedQuery("""
                        INSERT INTO courses(platform_id, id, title) VALUES ($1, $2, $3)
                        ON CONFLICT (platform_id, id) DO UPDATE SET title = EXCLUDED.title
                        RETURNING id, title, created_at""")
                .execute(Tuple.of(platformId, courseId, title))
                .map(rows -> toRow(rows.iterator().next()));
    }

    public Future<Optional<CourseRow>> get(UUID platformId, String courseId) {
        return pool.preparedQuery("SELECT id, title, created_at FROM courses WHERE platform_id = $1 AND id = $2")
                .execute(Tuple.of(platformId, courseId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toRow(rows.iterator().next())));
    }

    public Future<List<CourseRow>> list(UUID platformId, String after, int limit) {
        return pool.preparedQuery("""
                        SELECT id, title, created_at FROM courses
                        WHERE platform_id = $1 AND id > $2 ORDER BY id LIMIT $3""")
                .execute(Tuple.of(platformId, after == null ? "" : after, limit))
                .map(rows -> {
                    List<CourseRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(toRow(r)));
                    return out;
                });
    }

    private static CourseRow toRow(Row r) {
        return new CourseRow(r.getString("id"), r.getString("title"), r.getOffsetDateTime("created_at"));
    }
}
