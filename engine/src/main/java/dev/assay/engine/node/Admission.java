package dev.assay.engine.node;

import dev.assay.engine.api.ApiProblem;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the grading queue: past {@code limit} submissions waiting cluster-wide, new ones are refused with 429 and
 * Retry-After instead of piling up behind a backlog nobody will see graded in time. The count comes from the
 * store each sweep and is bumped locally in between, so it errs towards refusing early rather than late.
 */
public final class Admission {
    private final long limit;
    private final AtomicLong waiting = new AtomicLong();

    public Admission(long limit) {
        this.limit = limit;
    }

    /** Throws a 429 problem when the queue is full. */
    public void admit() {
        long now = waiting.get();
        if (now >= limit) {
            throw ApiProblem.busy(now + " submissions are waiting for or in grading; try again shortly", 5);
        }
    }

    public void accepted() {
        waiting.incrementAndGet();
    }

    public void observed(long waitingInStore) {
        waiting.set(waitingInStore);
    }
}
