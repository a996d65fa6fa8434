package dev.assay.engine.load;

import dev.assay.engine.node.Node;
import dev.assay.engine.node.NodeConfig;
import dev.assay.engine.store.Database;
import dev.assay.engine.store.PlatformAdmin;
import dev.assay.engine.testing.Api;
import dev.assay.engine.testing.NodeProcess;
import dev.assay.engine.testing.Quizzes;
import dev.assay.engine.testing.TestPostgres;
import dev.assay.engine.testing.WebhookReceiver;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Load harness, not a test: a regrade that changes {@code --learners} learners' course outcomes, end to end. One
 * node (in this JVM) on the test PostgreSQL; a quiz whose stored submissions all score 3/3 (course outcome passed,
 * version 1, as recorded by an earlier grading); then a new version flips one answer key (2/3 = 66.7%, below the
 * pass mark of 80) and the harness starts the regrade over HTTP. Every regraded submission recomputes its learner's
 * course grade and writes an outcome event (failed, version 2) to the outbox in the same transaction; the relay
 * delivers each to a signed-checking webhook receiver on 127.0.0.1. Reported: regrade time, and events/s from the
 * regrade request to the last event acknowledged by the receiver. With {@code --program} the course is also the one
 * course of a micro-credential every learner had earned, so each regraded learner's transaction also derives the
 * program outcome and writes its event (failed, version 2): twice the events.
 *
 * <pre>
 * ./mvnw -B -q -pl engine test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.assay.engine.load.OutcomeDeliveryHarness -Dexec.args="--learners 100000"
 * </pre>
 */
public final class OutcomeDeliveryHarness {
    private OutcomeDeliveryHarness() {
    }

    public static void main(String[] argv) throws Exception {
        List<String> args = List.of(argv);
        int learners = args.contains("--learners") ? Integer.parseInt(args.get(args.indexOf("--learners") + 1)) : 100_000;
        boolean program = args.contains("--program");
        int events = program ? 2 * learners : learners;
        String pgUrl = TestPostgres.freshDatabase();
        Database.PgLocation pg = Database.PgLocation.parse(pgUrl);
        System.out.println("store: " + pg.jdbcUrl() + " user " + pg.user());
        NodeConfig config = NodeConfig.defaults().withPort(NodeProcess.freeHttpPort()).withPgUrl(pgUrl)
                .withClusterName(NodeProcess.uniqueClusterName())
                .withHazelcastPort(NodeProcess.freeHazelcastPorts(1).get(0))
                .withDataDir(Files.createTempDirectory("assay-outcomes-load"))
                .withQueueLimit(1_000_000);
        try (Node node = Node.start(config); WebhookReceiver receiver = new WebhookReceiver()) {
            Api api = new Api("http://127.0.0.1:" + node.port(), PlatformAdmin.create(pg, "load-" + UUID.randomUUID()).apiKey());
            String quiz = Quizzes.createQuiz(api, "load", Quizzes.twoQuestions(true));
            check(api.put("/v1/courses/load/grading-policy", Map.of(
                    "categories", List.of(Map.of("id", "quiz", "weight", 100, "assessments", List.of(quiz))),
                    "passMark", 80)), 200);
            Api.Response hook = api.post("/v1/webhooks", Map.of("url", receiver.url()));
            check(hook, 201);
            receiver.secret(hook.json().get("secret").asText());
            if (program) {
                check(api.put("/v1/programs/load-cert", Map.of("title", "Load", "kind", "micro_credential",
                        "courses", List.of("load"))), 200);
                long asked = System.nanoTime();
                // the definition's own recompute (of no learners yet) must be done before the bulk load
                while (count(pg, "SELECT count(*) FROM program_recomputes WHERE done_at IS NULL") > 0) {
                    Thread.sleep(50); // a harness polling its own progress, not a test
                    if (System.nanoTime() - asked > 60_000_000_000L) {
                        throw new IllegalStateException("the program's recompute did not finish");
                    }
                }
            }

            long loadStart = System.nanoTime();
            preload(pg, quiz, learners, program);
            System.out.printf("preloaded %d graded submissions and passed outcomes in %.1f s%n", learners,
                    (System.nanoTime() - loadStart) / 1e9);

            check(api.post("/v1/assessments/" + quiz + "/versions", Map.of("definition", Quizzes.twoQuestions(false))), 201);
            long start = System.nanoTime();
            Api.Response regrade = api.post("/v1/assessments/" + quiz + "/regrade", Map.of());
            check(regrade, 202, 200, 201);
            System.out.printf("regrade request answered after %.1f s (items stored and handed to the pool)%n",
                    (System.nanoTime() - start) / 1e9);
            long lastReport = start;
            long regradeDone = -1;
            while (receiver.acknowledgedCount() < events) {
                Thread.sleep(200); // a harness polling its own progress, not a test
                long now = System.nanoTime();
                if (regradeDone < 0 && count(pg, "SELECT count(*) FROM outcome_events WHERE version = 2") == events) {
                    regradeDone = now;
                }
                if (now - lastReport > 5_000_000_000L) {
                    lastReport = now;
                    System.out.printf("  %.0f s: %d events written, %d acknowledged%n", (now - start) / 1e9,
                            count(pg, "SELECT count(*) FROM outcome_events WHERE version = 2"), receiver.acknowledgedCount());
                }
                if (now - start > 1_800_000_000_000L) {
                    throw new IllegalStateException("not done in 30 minutes");
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (regradeDone < 0) {
                regradeDone = System.nanoTime();
            }
            long invalid = receiver.received().stream().filter(r -> !r.signatureValid()).count();
            System.out.printf("""

                    Outcome events from one regrade, end to end (%d cores)
                      learners whose outcome changed: %d (passed -> failed, version 2)%s
                      regrade + outbox writes done after %.1f s
                      all %d events acknowledged by the loopback receiver after %.1f s: %.0f events/s
                      requests received %d (retries included), invalid signatures %d
                    """, Runtime.getRuntime().availableProcessors(), learners,
                    program ? ", course and program" : "", (regradeDone - start) / 1e9, events,
                    seconds, events / seconds, receiver.received().size(), invalid);
        }
        System.exit(0);
    }

    /**
     * Stores {@code learners} graded 3/3 submissions (version 1) and their learners' course grades as an earlier
     * recompute left them (passed, outcome version 1), and with a program their program outcomes likewise, in bulk:
     * the same rows the API and the recomputes write.
     */
    private static void preload(Database.PgLocation pg, String quiz, int learners, boolean program) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password())) {
            try (PreparedStatement st = c.prepareStatement("""
                    WITH a AS (SELECT platform_id, course_id FROM assessments WHERE id = ?::uuid),
                         ins AS (
                           INSERT INTO submissions(id, platform_id, assessment_id, course_id, learner_id, request_hash,
                                                   response, status, submitted_version, graded_version, score, max_score,
                                                   result, graded_at)
                           SELECT gen_random_uuid(), a.platform_id, ?::uuid, a.course_id, 'learner-' || g, '\\x00',
                                  '{"q1": "a", "q2": true}', 'graded', 1, 1, 3, 3, '{}', now()
                           FROM a, generate_series(1, ?) g
                           RETURNING id)
                    INSERT INTO grading_results(submission_id, version, score, max_score, result, graded_by)
                    SELECT id, 1, 3, 3, '{}', 'preload' FROM ins""")) {
                st.setString(1, quiz);
                st.setString(2, quiz);
                st.setInt(3, learners);
                st.executeUpdate();
            }
            try (PreparedStatement st = c.prepareStatement("""
                    INSERT INTO course_grades(platform_id, course_id, learner_id, grade, outcome, outcome_version, policy_version,
                                              outcome_at)
                    SELECT platform_id, course_id, learner_id, '{}', 'passed', 1, 1, now()
                    FROM submissions WHERE assessment_id = ?::uuid""")) {
                st.setString(1, quiz);
                st.executeUpdate();
            }
            if (program) {
                c.createStatement().execute("""
                        INSERT INTO program_outcomes(platform_id, program_id, learner_id, outcome, outcome_version,
                                                     definition_version, courses, passed_courses, outcome_at)
                        SELECT platform_id, 'load-cert', learner_id, 'passed', 1, 1, '{"load": "passed"}', 1, now()
                        FROM course_grades WHERE course_id = 'load'""");
            }
            // Rows a course accumulates over weeks arrive here in seconds: give the planner the statistics that
            // autovacuum would have gathered by then.
            c.createStatement().execute("ANALYZE");
        }
    }

    private static long count(Database.PgLocation pg, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void check(Api.Response r, int... expected) {
        for (int e : expected) {
            if (r.status() == e) {
                return;
            }
        }
        throw new IllegalStateException("unexpected " + r.status() + ": " + r.body());
    }
}
