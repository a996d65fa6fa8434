package dev.assay.engine.peer;

import dev.assay.engine.store.CourseGradeStore;
import dev.assay.engine.store.PeerLeaseStore;
import dev.assay.engine.store.PeerReviewStore;
import io.vertx.sqlclient.Pool;

/** What the peer-review routes need, grouped so the node's {@code Services} gains one component, not several. */
public record PeerServices(PeerReviewStore store, PeerLeaseStore leases, PeerConfigCache configs) {

    public static PeerServices of(Pool pool, CourseGradeStore courseGrades) {
        PeerReviewStore store = new PeerReviewStore(pool);
        return new PeerServices(store, new PeerLeaseStore(pool, courseGrades), new PeerConfigCache(store));
    }
}
