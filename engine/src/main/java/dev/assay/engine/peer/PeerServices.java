package dev.assay.engine.peer;

import dev.assay.engine.store.CourseGradeStore;
import dev.assay.engine.store.LeaseBatchStore;
import dev.assay.engine.store.PeerConfigStore;
import dev.assay.engine.store.PeerLeaseStore;
import dev.assay.engine.store.PeerReviewStore;
import dev.assay.engine.store.SpareRoom;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/** What the peer-review routes need, grouped so the node's {@code Services} gains one component, not several. */
public record PeerServices(PeerReviewStore store, PeerConfigStore configStore, PeerLeaseStore leases,
                           PeerConfigCache configs, LeaseBatcher batcher, PeerGradeCache grades) {

    public static PeerServices of(Vertx vertx, Pool pool, CourseGradeStore courseGrades, MeterRegistry registry) {
        PeerReviewStore store = new PeerReviewStore(pool);
        SpareRoom spareRoom = new SpareRoom(pool);
        PeerLeaseStore leases = new PeerLeaseStore(pool, courseGrades, spareRoom);
        return new PeerServices(store, new PeerConfigStore(pool), leases, new PeerConfigCache(store),
                new LeaseBatcher(new LeaseBatchStore(pool, spareRoom), leases, registry), new PeerGradeCache(vertx, store));
    }
}
