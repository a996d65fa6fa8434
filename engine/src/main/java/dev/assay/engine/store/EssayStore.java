package dev.assay.engine.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What essay grading keeps besides submissions: the staff-scored exemplars of each assessment version, trained
 * models (keyed by the library's model id) and which model is current for each assessment version.
 */
public final class EssayStore {
    private final Pool pool;

    public EssayStore(Pool pool) {
        this.pool = pool;
    }

    public record ExemplarSet(UUID assessmentId, int version, int count, String exemplars, OffsetDateTime uploadedAt) {
    }

    public record ModelRow(String id, UUID assessmentId, int version, int exemplars, String report,
                           OffsetDateTime createdAt) {
    }

    /** A stored essay submission's text, for the near-duplicate index. */
    public record EssayRow(UUID id, UUID assessmentId, String learnerId, String text) {
    }

    /**
     * A completed essay for the near-duplicate index: its stored signature under {@code quotableKey} when there is
     * one (then no text: the index looks texts up when it needs them), otherwise its text.
     */
    public record IndexRow(UUID id, UUID assessmentId, String learnerId, String signature, String text) {
    }

    /**
     * Gives a new assessment version the previous version's exemplars and, with {@code model}, its current model
     * (in the caller's transaction), so that staff who change only, say, the auto-graded share need not retrain.
     * Both keep their original times: staff read {@code uploadedAt} as when they uploaded the set, not when a
     * version took it over.
     */
    public static Future<Void> carryOver(SqlClient c, UUID assessmentId, int version, boolean model) {
        Future<?> exemplars = c.preparedQuery("""
                        INSERT INTO essay_exemplars(assessment_id, version, exemplars, count, uploaded_at)
                        SELECT assessment_id, $2, exemplars, count, uploaded_at FROM essay_exemplars
                        WHERE assessment_id = $1 AND version = $2 - 1""")
                .execute(Tuple.of(assessmentId, version));
        if (!model) {
            return exemplars.mapEmpty();
        }
        return exemplars.compose(r -> c.preparedQuery("""
                        INSERT INTO essay_current_models(assessment_id, version, model_id, trained_at)
                        SELECT assessment_id, $2, model_id, trained_at FROM essay_current_models
                        WHERE assessment_id = $1 AND version = $2 - 1""")
                .execute(Tuple.of(assessmentId, version))).mapEmpty();
    }

    /** Replaces the exemplar set of one assessment version. */
    public Future<ExemplarSet> putExemplars(UUID assessmentId, int version, String exemplarsJson, int count) {
        return pool.preparedQuery("""
                        INSERT INTO essay_exemplars(assessment_id, version, exemplars, count)
                        VALUES ($1, $2, $3::text::jsonb, $4)
                        ON CONFLICT (assessment_id, version) DO UPDATE
                            SET exemplars = EXCLUDED.exemplars, count = EXCLUDED.count, uploaded_at = now()
                        RETURNING uploaded_at""")
                .execute(Tuple.of(assessmentId, version, exemplarsJson, count))
                .map(rows -> new ExemplarSet(assessmentId, version, count, exemplarsJson,
                        rows.iterator().next().getOffsetDateTime(0)));
    }

    public Future<Optional<ExemplarSet>> exemplars(UUID assessmentId, int version) {
        return pool.preparedQuery("""
                        SELECT count, exemplars::text, uploaded_at FROM essay_exemplars
                        WHERE assessment_id = $1 AND version = $2""")
                .execute(Tuple.of(assessmentId, version))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new ExemplarSet(assessmentId, version, r.getInteger(0), r.getString(1),
                            r.getOffsetDateTime(2)));
                });
    }

    /** Stores a model (once per id) and makes it current for its assessment version. */
    public Future<ModelRow> saveModel(String id, UUID assessmentId, int version, int exemplars, String reportJson,
                                      byte[] model) {
        return pool.withTransaction(c -> c.preparedQuery("""
                                INSERT INTO essay_models(id, assessment_id, version, exemplars, report, model)
                                VALUES ($1, $2, $3, $4, $5::text::jsonb, $6) ON CONFLICT (id) DO NOTHING""")
                        .execute(Tuple.of(id, assessmentId, version, exemplars, reportJson, Buffer.buffer(model)))
                        .compose(r -> c.preparedQuery("""
                                        INSERT INTO essay_current_models(assessment_id, version, model_id)
                                        VALUES ($1, $2, $3)
                                        ON CONFLICT (assessment_id, version) DO UPDATE
                                            SET model_id = EXCLUDED.model_id, trained_at = now()""")
                                .execute(Tuple.of(assessmentId, version, id))))
                .compose(r -> currentModel(assessmentId, version))
                .map(Optional::orElseThrow);
    }

    /** The model submissions to this assessment version are graded with, if one was trained. */
    public Future<Optional<ModelRow>> currentModel(UUID assessmentId, int version) {
        return pool.preparedQuery("""
                        -- The model is named by its content, so identical definitions and exemplars share one row:
                        -- the assessment, version and time are this assessment's, never the first trainer's.
                        SELECT m.id, c.assessment_id, c.version, m.exemplars, m.report::text, c.trained_at
                        FROM essay_current_models c JOIN essay_models m ON m.id = c.model_id
                        WHERE c.assessment_id = $1 AND c.version = $2""")
                .execute(Tuple.of(assessmentId, version))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new ModelRow(r.getString(0), r.getUUID(1), r.getInteger(2), r.getInteger(3),
                            r.getString(4), r.getOffsetDateTime(5)));
                });
    }

    public Future<Optional<byte[]>> modelBytes(String id) {
        return pool.preparedQuery("SELECT model FROM essay_models WHERE id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty()
                        : Optional.of(rows.iterator().next().getBuffer(0).getBytes()));
    }

    /** The course a submission belongs to. */
    /** Whether peers grade the assessment's essays (it has a peer-review configuration). */
    public Future<Boolean> peerReviewed(UUID assessmentId) {
        return SubmissionStore.peerReviewed(pool, assessmentId);
    }

    public Future<String> courseOf(UUID submissionId) {
        return pool.preparedQuery("SELECT course_id FROM submissions WHERE id = $1")
                .execute(Tuple.of(submissionId))
                .map(rows -> rows.iterator().next().getString(0));
    }

    /**
     * The prompts and source texts of every version of the course's essay assessments: text any essay of the
     * course may quote, which the near-duplicate index leaves out.
     */
    public Future<List<String>> quotableTexts(UUID platformId, String courseId) {
        return pool.preparedQuery("""
                        SELECT v.definition->>'prompt', v.definition->>'sourceText'
                        FROM assessments a JOIN assessment_versions v ON v.assessment_id = a.id
                        WHERE a.platform_id = $1 AND a.course_id = $2 AND a.kind = 'essay'
                        ORDER BY a.created_at, a.id, v.version""")
                .execute(Tuple.of(platformId, courseId))
                .map(rows -> {
                    LinkedHashSet<String> out = new LinkedHashSet<>();
                    rows.forEach(r -> {
                        for (int i = 0; i < 2; i++) {
                            String text = r.getString(i);
                            if (text != null && !text.isBlank()) {
                                out.add(text);
                            }
                        }
                    });
                    return List.copyOf(out);
                });
    }

    /**
     * Ids of the course's essays graded or routed since a read whose {@link Completed#horizon} was {@code after}
     * (every one when null), oldest first, with the horizon to pass next time: the oldest transaction still open
     * when this read's snapshot was taken. A completion committed before the snapshot is among the ids; one still
     * open has a transaction id at or above the horizon, so the next read finds it (an essay may come twice; none is
     * missed).
     */
    public Future<Completed> completedEssays(UUID platformId, String courseId, String after) {
        String sql = """
                WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon)
                SELECT h.horizon, c.id FROM h LEFT JOIN LATERAL (
                    SELECT s.id, s.created_at FROM submissions s JOIN assessments a ON a.id = s.assessment_id
                    WHERE s.platform_id = $1 AND s.course_id = $2 AND a.kind = 'essay'
                      AND s.status IN ('graded', 'routed') %s) c ON true
                ORDER BY c.created_at, c.id""";
        // Two statements rather than one with "$3 IS NULL OR": each keeps a plan that fits it.
        Future<io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row>> rows = after == null
                ? pool.preparedQuery(sql.formatted("")).execute(Tuple.of(platformId, courseId))
                : pool.preparedQuery(sql.formatted("AND s.completed_xid >= $3::text::xid8"))
                        .execute(Tuple.of(platformId, courseId, after));
        return rows.map(found -> {
            List<UUID> ids = new ArrayList<>();
            String horizon = null;
            for (var r : found) {
                horizon = r.getString(0);
                if (r.getUUID(1) != null) {
                    ids.add(r.getUUID(1));
                }
            }
            return new Completed(ids, horizon);
        });
    }

    /** Essays completed since a read, and the horizon for the next one. */
    public record Completed(List<UUID> ids, String horizon) {
    }

    /** The texts of these essay submissions, oldest first. */
    /** The essays {@code ids} for the index, each with its signature under {@code quotableKey} or, lacking one, its text. */
    public Future<List<IndexRow>> indexRows(List<UUID> ids, String quotableKey) {
        return pool.preparedQuery("""
                        SELECT s.id, s.assessment_id, s.learner_id, g.signature,
                               CASE WHEN g.signature IS NULL THEN s.response->>'text' END
                        FROM submissions s
                        LEFT JOIN essay_signatures g ON g.submission_id = s.id AND g.quotable_key = $2
                        WHERE s.id = ANY($1) ORDER BY s.created_at, s.id""")
                .execute(Tuple.of(ids.toArray(UUID[]::new), quotableKey))
                .map(rows -> {
                    List<IndexRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new IndexRow(r.getUUID(0), r.getUUID(1), r.getString(2), r.getString(3),
                            r.getString(3) == null && r.getString(4) == null ? "" : r.getString(4))));
                    return out;
                });
    }

    /** Stores signatures computed under {@code quotableKey}, replacing any made under another. */
    public Future<Void> saveSignatures(java.util.Map<UUID, String> signatures, String quotableKey) {
        if (signatures.isEmpty()) {
            return Future.succeededFuture();
        }
        List<UUID> ids = new ArrayList<>(signatures.keySet());
        return pool.preparedQuery("""
                        INSERT INTO essay_signatures(submission_id, quotable_key, signature)
                        SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[])
                        ON CONFLICT (submission_id) DO UPDATE
                            SET quotable_key = EXCLUDED.quotable_key, signature = EXCLUDED.signature""")
                .execute(Tuple.of(ids.toArray(UUID[]::new), ids.stream().map(id -> quotableKey).toArray(String[]::new),
                        ids.stream().map(signatures::get).toArray(String[]::new)))
                .mapEmpty();
    }

    public Future<List<EssayRow>> essays(List<UUID> ids) {
        return pool.preparedQuery("""
                        SELECT id, assessment_id, learner_id, response->>'text' FROM submissions
                        WHERE id = ANY($1) ORDER BY created_at, id""")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .map(rows -> {
                    List<EssayRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(new EssayRow(r.getUUID(0), r.getUUID(1), r.getString(2),
                            r.getString(3) == null ? "" : r.getString(3))));
                    return out;
                });
    }
}
