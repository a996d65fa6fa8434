package dev.assay.engine.peer;

import dev.assay.engine.store.CourseGradeStore;
import dev.assay.engine.store.PeerLeaseStore;
import dev.assay.engine.store.PeerReviewStore;
import io.vertx.sqlclient.Pool;

/** What the peer-review routes need, grouped so the node's {@code Services} gains one component, not several. */
public record PeerServices(PeerReviewStore store, PeerLeaseStore leases) {

    public static PeerServices of(Pool pool, CourseGradeStore courseGrades) {
        return new PeerServices(new PeerReviewStore(pool), new PeerLeaseStore(pool, courseGrades));
    }
}
