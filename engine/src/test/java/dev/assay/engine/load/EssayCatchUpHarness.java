package dev.assay.engine.load;

import dev.assay.engine.store.EssayStore;
import dev.assay.engine.testing.TestDatabase;

import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Load harness, not a test: what each essay grading pays to bring a node's near-duplicate index of a course up to
 * date, in a course that already has {@code --essays} completed essays. The first read of a node loads them all;
 * every later one asks for what completed since ({@link EssayStore#completedEssays}). Reported: the first read, and
 * the mean of later reads with one new essay completed before each (what one grading pays).
 *
 * <pre>
 * ./mvnw -B -q -pl engine test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.assay.engine.load.EssayCatchUpHarness -Dexec.args="--essays 50000"
 * </pre>
 */
public final class EssayCatchUpHarness {
    private static final UUID PLATFORM = UUID.fromString(TestDatabase.PLATFORM);

    private EssayCatchUpHarness() {
    }

    public static void main(String[] argv) throws Exception {
        int essays = argv.length >= 2 && argv[0].equals("--essays") ? Integer.parseInt(argv[1]) : 50_000;
        try (TestDatabase db = new TestDatabase()) {
            db.assessment("00000000-0000-0000-0000-0000000000e1", "essay");
            db.sql("""
                    INSERT INTO submissions(id, platform_id, assessment_id, course_id, learner_id, request_hash, response,
                                            status, submitted_version, graded_version, completed_xid)
                    SELECT gen_random_uuid(), '%1$s', '00000000-0000-0000-0000-0000000000e1', 'c', 'l' || i, 'h',
                           '{"text": "t"}', 'graded', 1, 1, pg_current_xact_id()
                    FROM generate_series(1, %2$d) i;
                    ANALYZE submissions;
                    """.formatted(PLATFORM, essays));
            EssayStore store = new EssayStore(db.pool());
            long t0 = System.nanoTime();
            EssayStore.Completed all = read(store, null);
            double first = (System.nanoTime() - t0) / 1e6;
            int rounds = 200;
            String horizon = all.horizon();
            long full = 0;
            long incremental = 0;
            for (int i = 0; i < rounds; i++) {
                db.sql("""
                        INSERT INTO submissions(id, platform_id, assessment_id, course_id, learner_id, request_hash, response,
                                                status, submitted_version, graded_version, completed_xid)
                        VALUES (gen_random_uuid(), '%s', '00000000-0000-0000-0000-0000000000e1', 'c', 'n%d', 'h',
                                '{"text": "t"}', 'graded', 1, 1, pg_current_xact_id())""".formatted(PLATFORM, i));
                long a = System.nanoTime();
                EssayStore.Completed since = read(store, horizon);
                incremental += System.nanoTime() - a;
                horizon = since.horizon();
                long b = System.nanoTime();
                read(store, null); // what every grading read before: the whole course
                full += System.nanoTime() - b;
            }
            System.out.printf("course of %d essays: first read %.1f ms (%d ids); per grading, reading the whole course "
                            + "%.2f ms, reading what completed since %.2f ms (mean of %d)%n", essays, first,
                    all.ids().size(), full / 1e6 / rounds, incremental / 1e6 / rounds, rounds);
        }
    }

    private static EssayStore.Completed read(EssayStore store, String after) throws Exception {
        return store.completedEssays(PLATFORM, "c", after).toCompletionStage().toCompletableFuture()
                .get(60, TimeUnit.SECONDS);
    }
}
