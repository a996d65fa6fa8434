package dev.assay.engine.grading;

import dev.assay.engine.node.PeriodicJob;
import dev.assay.engine.store.AssessmentStore;
import dev.assay.engine.store.CourseGradeStore;
import dev.assay.engine.store.ProgramStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

import java.util.logging.Logger;

/**
 * Keeps stored course grades current where no single grade changed: it closes passed deadlines (work never
 * submitted then counts as missed) and works through course recomputes (a new policy, a moved deadline) and program
 * recomputes (a new definition), a batch of learners per transaction with their outcome events. Runs every second on every node; the store's claims keep two
 * nodes off the same deadline or batch.
 */
public final class OutcomeSweeper {
    private static final Logger LOG = Logger.getLogger(OutcomeSweeper.class.getName());
    private static final long PERIOD_MILLIS = 1_000;
    private static final int BATCH = 500;

    private final Pool pool;
    private final AssessmentStore assessments;
    private final CourseGradeStore grades;
    private final ProgramStore programs;
    private final PeriodicJob job;

    public OutcomeSweeper(Vertx vertx, Pool pool, AssessmentStore assessments, CourseGradeStore grades,
                          ProgramStore programs) {
        this.pool = pool;
        this.assessments = assessments;
        this.grades = grades;
        this.programs = programs;
        this.job = new PeriodicJob(vertx, "outcome sweep", PERIOD_MILLIS,
                () -> closeDeadlines().compose(v -> recomputeCourses()).compose(v -> recomputePrograms()));
    }

    public void start() {
        job.start();
    }

    public void stop() {
        job.stop();
    }

    /** Closes due deadlines one after another until none is left. */
    private Future<Void> closeDeadlines() {
        return assessments.closeNextDeadline().compose(closed -> closed.isEmpty()
                ? Future.succeededFuture()
                : closeDeadlines());
    }

    /** Recomputes batches of learners until no course recompute is open. */
    private Future<Void> recomputeCourses() {
        return grades.recomputeNextBatch(pool, BATCH).compose(batch -> {
            if (batch.isEmpty()) {
                return Future.succeededFuture();
            }
            var done = batch.get();
            if (done.finished()) {
                LOG.info("course '" + done.courseId() + "' recomputed; last batch " + done.learners() + " learner(s), "
                        + done.events() + " outcome event(s)");
            }
            return recomputeCourses();
        });
    }

    /** Recomputes batches of learners until no program recompute is open. */
    private Future<Void> recomputePrograms() {
        return programs.recomputeNextBatch(BATCH).compose(batch -> {
            if (batch.isEmpty()) {
                return Future.succeededFuture();
            }
            var done = batch.get();
            if (done.finished()) {
                LOG.info("program '" + done.programId() + "' recomputed; last batch " + done.learners()
                        + " learner(s), " + done.events() + " outcome event(s)");
            }
            return recomputePrograms();
        });
    }
}
