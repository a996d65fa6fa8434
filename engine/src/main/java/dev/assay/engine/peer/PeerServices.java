package dev.assay.engine.peer;

import dev.assay.engine.store.CourseGradeStore;
import dev.assay.engine.store.LeaseBatchStore;
import dev.assay.engine.store.PeerConfigStore;
import dev.assay.engine.store.PeerLeaseStore;
import dev.assay.engine.store.PeerReviewStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/** What the peer-review routes need, grouped so the node's {@code Services} gains one component, not several. */
public record PeerServices(PeerReviewStore store, PeerConfigStore configStore, PeerLeaseStore leases,
                           PeerConfigCache configs, LeaseBatcher batcher, PeerGradeCache grades) {

    public static PeerServices of(Vertx vertx, Pool pool, CourseGradeStore courseGrades, MeterRegistry registry) {
        PeerReviewStore store = new PeerReviewStore(pool);
        PeerLeaseStore leases = new PeerLeaseStore(pool, courseGrades);
        return new PeerServices(store, new PeerConfigStore(pool), leases, new PeerConfigCache(store),
                new LeaseBatcher(new LeaseBatchStore(pool), leases, registry), new PeerGradeCache(vertx, store));
    }
}
