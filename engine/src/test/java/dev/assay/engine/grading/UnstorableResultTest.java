package dev.assay.engine.grading;

import dev.assay.engine.testing.TestDatabase;
import dev.assay.graders.GradeResult;
import dev.assay.graders.PartResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which store failures mean a result can never be stored as it is (so the worker stores its score without the
 * detail instead of failing for ever), told apart on real PostgreSQL errors.
 */
class UnstorableResultTest {
    static TestDatabase db;

    @BeforeAll
    static void start() {
        db = new TestDatabase();
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    private static Exception failureOf(String sql) {
        return TestDatabase.failure(db.pool().query(sql).execute());
    }

    @Test
    void dataTheStoreCannotHoldIsUnstorableOtherFailuresAreNot() {
        assertThat(GradingWorker.unstorable(failureOf("SELECT '{\"a\": \"\\u0000\"}'::jsonb"))).isTrue();
        assertThat(GradingWorker.unstorable(failureOf("SELECT 'not json'::jsonb"))).isTrue();
        // Anything else may pass when tried again (or is a bug to see), so it stays a failure.
        assertThat(GradingWorker.unstorable(failureOf("SELECT * FROM no_such_table"))).isFalse();
        assertThat(GradingWorker.unstorable(new java.util.concurrent.TimeoutException())).isFalse();
    }

    @Test
    void theScoreIsKeptWithoutTheDetail() {
        GradeResult full = new GradeResult(2, 3, List.of(new PartResult("t1", 2, 2, dev.assay.graders.Correctness.CORRECT, List.of("ok"))),
                "feedback", Map.of("stdout", "x"));
        GradeResult plain = GradingWorker.withoutDetail(full, new RuntimeException("22P05"));
        assertThat(plain.score()).isEqualTo(2);
        assertThat(plain.maxScore()).isEqualTo(3);
        assertThat(plain.parts()).isEmpty();
        assertThat(plain.evidence()).isEmpty();
        assertThat(plain.feedback()).contains("could not be stored");
    }
}
