package dev.assay.engine.load;

import dev.assay.engine.store.EssayStore;
import dev.assay.engine.testing.TestDatabase;
import dev.assay.graders.essay.DuplicateIndex;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Load harness, not a test: what a node pays to build the near-duplicate index of a course that already has
 * {@code --essays} completed essays (about 300 words each, drawn from a 3,000-word vocabulary), the first time (every
 * essay analysed, its signature then stored) and every later time (the stored signatures read back), in batches of
 * 2,000 as the engine reads them.
 *
 * <pre>
 * ./mvnw -B -q -pl engine test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.assay.engine.load.EssayIndexBuildHarness -Dexec.args="--essays 50000"
 * </pre>
 */
public final class EssayIndexBuildHarness {
    private static final UUID PLATFORM = UUID.fromString(TestDatabase.PLATFORM);
    private static final int BATCH = 2_000;

    private EssayIndexBuildHarness() {
    }

    public static void main(String[] argv) throws Exception {
        int essays = argv.length >= 2 && argv[0].equals("--essays") ? Integer.parseInt(argv[1]) : 50_000;
        try (TestDatabase db = new TestDatabase()) {
            db.assessment("00000000-0000-0000-0000-0000000000e1", "essay");
            db.sql("""
                    INSERT INTO submissions(id, platform_id, assessment_id, course_id, learner_id, request_hash, response,
                                            status, submitted_version, graded_version, completed_xid)
                    SELECT gen_random_uuid(), '%1$s', '00000000-0000-0000-0000-0000000000e1', 'c', 'l' || i, 'h',
                           jsonb_build_object('text', (SELECT string_agg('word' || (random() * 3000)::int
                                                                         || CASE WHEN random() < 0.06 THEN '.' ELSE '' END, ' ')
                                                       FROM generate_series(1, 300) WHERE i > 0)),
                           'graded', 1, 1, pg_current_xact_id()
                    FROM generate_series(1, %2$d) i;
                    ANALYZE submissions;
                    """.formatted(PLATFORM, essays));
            EssayStore store = new EssayStore(db.pool());
            List<UUID> ids = get(store.completedEssays(PLATFORM, "c", null)).ids();
            String key = "harness";
            for (String pass : List.of("first build (analyse, store signatures)", "later build (stored signatures)")) {
                Runtime.getRuntime().gc();
                long before = used();
                long t0 = System.nanoTime();
                DuplicateIndex index = new DuplicateIndex(List.of(), false, null);
                Map<UUID, String> computed = new HashMap<>();
                for (int from = 0; from < ids.size(); from += BATCH) {
                    for (EssayStore.IndexRow row : get(store.indexRows(ids.subList(from, Math.min(ids.size(), from + BATCH)), key))) {
                        String indexId = row.assessmentId() + "/" + row.learnerId();
                        if (row.signature() != null) {
                            index.add(indexId, DuplicateIndex.Signature.fromBase64(row.signature()), null);
                        } else {
                            computed.put(row.id(), index.add(indexId, row.text()).toBase64());
                        }
                    }
                }
                double ms = (System.nanoTime() - t0) / 1e6;
                Runtime.getRuntime().gc();
                long after = used();
                get(store.saveSignatures(computed, key));
                System.out.printf("%s: %d essays in %.0f ms (%d analysed); index about %.0f MB%n", pass, index.size(), ms,
                        computed.size(), (after - before) / 1e6);
            }
        }
    }

    private static long used() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static <T> T get(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(600, TimeUnit.SECONDS);
    }
}
