package dev.assay.engine.grading;

import dev.assay.engine.store.AssessmentStore;
import io.vertx.core.Vertx;

import java.util.logging.Logger;

/**
 * Closes deadlines: once an assessment's deadline has passed, work never submitted to it counts as missed, so every
 * learner's course grade in that course is recomputed (and outcomes that this decides are emitted). Each deadline
 * is closed once, in one transaction, by whichever node claims it first.
 */
public final class DeadlineSweeper {
    private static final Logger LOG = Logger.getLogger(DeadlineSweeper.class.getName());
    private static final long PERIOD_MILLIS = 1_000;

    private final Vertx vertx;
    private final AssessmentStore assessments;
    private long timerId = -1;
    private boolean running;

    public DeadlineSweeper(Vertx vertx, AssessmentStore assessments) {
        this.vertx = vertx;
        this.assessments = assessments;
    }

    public void start() {
        timerId = vertx.setPeriodic(1, PERIOD_MILLIS, id -> sweep());
    }

    public void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    private void sweep() {
        if (running) {
            return;
        }
        running = true;
        closeNext();
    }

    /** Closes due deadlines one after another until none is left. */
    private void closeNext() {
        assessments.closeNextDeadline().onComplete(ar -> {
            if (ar.failed()) {
                running = false;
                LOG.warning("closing a deadline failed (retried at the next sweep): " + ar.cause().getMessage());
            } else if (ar.result().isEmpty()) {
                running = false;
            } else {
                LOG.info("deadline passed: course grades recomputed, " + ar.result().get() + " outcome event(s)");
                closeNext();
            }
        });
    }
}
