package dev.assay.engine.webhooks;

import dev.assay.engine.store.DeliveryStore.Due;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryLanesTest {
    private static final UUID SLOW = UUID.randomUUID();
    private static final UUID FAST = UUID.randomUUID();

    private static Due due(UUID endpoint) {
        return new Due(endpoint, UUID.randomUUID(), 1, "http://127.0.0.1:9/", "s", "{}");
    }

    private static List<Due> sendAll(DeliveryLanes lanes) {
        List<Due> out = new ArrayList<>();
        for (Due d = lanes.next(); d != null; d = lanes.next()) {
            out.add(d);
        }
        return out;
    }

    @Test
    void aLaneAloneMayUseEveryOpenRequest() {
        DeliveryLanes lanes = new DeliveryLanes(8);
        for (int i = 0; i < 20; i++) {
            lanes.add(due(SLOW), Long.MAX_VALUE);
        }
        assertThat(sendAll(lanes)).hasSize(8);
        assertThat(lanes.queued()).isEqualTo(12);
    }

    @Test
    void twoLanesTakeTurnsAndEachKeepsItsShareOfOpenRequests() {
        DeliveryLanes lanes = new DeliveryLanes(8);
        for (int i = 0; i < 20; i++) {
            lanes.add(due(SLOW), Long.MAX_VALUE);
        }
        for (int i = 0; i < 3; i++) {
            lanes.add(due(FAST), Long.MAX_VALUE);
        }
        List<Due> sent = sendAll(lanes);
        assertThat(sent).extracting(Due::endpointId).containsExactly(SLOW, FAST, SLOW, FAST, SLOW, FAST, SLOW);
        // The slow lane is at its share (4 of 8) though a request is free: it waits for its own to finish.
        assertThat(lanes.inFlight()).isEqualTo(7);
        assertThat(lanes.next()).isNull();
        lanes.finished(FAST);
        lanes.finished(FAST);
        lanes.finished(FAST);
        // The fast lane has nothing left, so the slow one is alone again and may use every request.
        assertThat(sendAll(lanes)).hasSize(4).extracting(Due::endpointId).containsOnly(SLOW);
    }

    @Test
    void aFullLaneIsLeftOutOfTheNextClaimAndDoesNotUseUpTheOthersRoom() {
        DeliveryLanes lanes = new DeliveryLanes(4);
        assertThat(lanes.room()).isEqualTo(16);
        for (int i = 0; i < 16; i++) {
            lanes.add(due(SLOW), Long.MAX_VALUE);
        }
        assertThat(lanes.full()).containsExactly(SLOW);
        assertThat(lanes.room()).isEqualTo(16);
        lanes.add(due(FAST), Long.MAX_VALUE);
        // Two lanes now: each may hold 4 × 2; the slow one is over it, the fast one has room for the rest.
        assertThat(lanes.full()).containsExactly(SLOW);
        assertThat(lanes.room()).isEqualTo(15);
    }

    @Test
    void deliveriesWhoseWindowClosedAreHandedBackNotSent() {
        DeliveryLanes lanes = new DeliveryLanes(2);
        Due early = due(SLOW);
        Due late = due(SLOW);
        lanes.add(early, 100);
        lanes.add(late, 200);
        assertThat(lanes.expire(150)).containsExactly(early);
        assertThat(lanes.next()).isEqualTo(late);
        assertThat(lanes.expire(1_000)).isEmpty();
        lanes.finished(SLOW);
        assertThat(lanes.room()).isEqualTo(8);
    }

    @Test
    void stoppingTakesWhatIsQueuedButNotWhatIsInFlight() {
        DeliveryLanes lanes = new DeliveryLanes(1);
        Due first = due(SLOW);
        Due second = due(SLOW);
        lanes.add(first, Long.MAX_VALUE);
        lanes.add(second, Long.MAX_VALUE);
        assertThat(lanes.next()).isEqualTo(first);
        assertThat(lanes.takeQueued()).containsExactly(second);
        assertThat(lanes.inFlight()).isEqualTo(1);
        assertThat(lanes.next()).isNull();
    }
}
