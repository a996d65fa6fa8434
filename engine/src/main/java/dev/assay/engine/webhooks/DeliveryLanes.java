package dev.assay.engine.webhooks;

import dev.assay.engine.store.DeliveryStore.Due;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The relay's claimed deliveries, one lane per endpoint, sent in turn so that one endpoint cannot take every open
 * request: a receiver that hangs holds each of its requests for the whole timeout, and without lanes thousands of
 * its retries would keep a healthy endpoint's events waiting behind them. Each lane may have its share of the open
 * requests (all of them when it is the only lane with work) and hold a few rounds of them claimed.
 *
 * <p>A claimed delivery is leased for a while; one still queued when its send window closes is handed back
 * ({@link #expire}) rather than sent, since by the time it could be answered the lease may have run out and another
 * claim may have sent it (or the learner's next version) already. Not thread-safe: the relay uses it on one context.
 */
final class DeliveryLanes {
    /** Rounds of a lane's share it may hold claimed, counting the round in flight. */
    static final int DEPTH = 4;

    private record Queued(Due due, long sendByNanos) {
    }

    private static final class Lane {
        final ArrayDeque<Queued> queued = new ArrayDeque<>();
        int inFlight;

        int backlog() {
            return queued.size() + inFlight;
        }
    }

    private final int maxInFlight;
    private final Map<UUID, Lane> lanes = new HashMap<>();
    /** Lanes with queued work, in the order they get their next turn. */
    private final ArrayDeque<UUID> turns = new ArrayDeque<>();
    private int inFlight;

    DeliveryLanes(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    /** Queues a claimed delivery that must be sent before {@code sendByNanos} ({@link System#nanoTime()} clock). */
    void add(Due due, long sendByNanos) {
        Lane lane = lanes.computeIfAbsent(due.endpointId(), id -> new Lane());
        if (lane.queued.isEmpty()) {
            turns.add(due.endpointId());
        }
        lane.queued.add(new Queued(due, sendByNanos));
    }

    /** Takes out every queued delivery whose send window has closed at {@code now}; they are to be handed back. */
    List<Due> expire(long now) {
        List<Due> out = new ArrayList<>();
        for (UUID id : List.copyOf(turns)) {
            Lane lane = lanes.get(id);
            // A lane's deliveries were queued in claim order, so their windows close in that order.
            while (!lane.queued.isEmpty() && now - lane.queued.peek().sendByNanos() > 0) {
                out.add(lane.queued.poll().due());
            }
            settle(id, lane);
        }
        return out;
    }

    /** The next delivery to send: the first lane in turn with work and room under its share, or null. */
    Due next() {
        if (inFlight >= maxInFlight) {
            return null;
        }
        int share = share();
        for (int i = turns.size(); i > 0; i--) {
            UUID id = turns.poll();
            Lane lane = lanes.get(id);
            if (lane.inFlight < share) {
                Due due = lane.queued.poll().due();
                lane.inFlight++;
                inFlight++;
                if (!lane.queued.isEmpty()) {
                    turns.add(id);
                }
                return due;
            }
            turns.add(id);
        }
        return null;
    }

    /** An attempt of {@code endpointId}'s has been answered or has failed. */
    void finished(UUID endpointId) {
        Lane lane = lanes.get(endpointId);
        lane.inFlight--;
        inFlight--;
        settle(endpointId, lane);
    }

    /** Endpoints holding as much as their share lets them: the next claim leaves them out. */
    List<UUID> full() {
        int limit = DEPTH * share();
        return lanes.entrySet().stream().filter(e -> e.getValue().backlog() >= limit).map(Map.Entry::getKey).toList();
    }

    /** How many more deliveries the other endpoints' lanes may take in one claim. */
    int room() {
        int limit = DEPTH * share();
        int held = lanes.values().stream().mapToInt(Lane::backlog).filter(b -> b < limit).sum();
        return Math.max(0, DEPTH * maxInFlight - held);
    }

    /** Empties every lane of what is queued but not in flight (to hand back when the relay stops). */
    List<Due> takeQueued() {
        List<Due> out = new ArrayList<>();
        for (UUID id : List.copyOf(turns)) {
            Lane lane = lanes.get(id);
            lane.queued.forEach(q -> out.add(q.due()));
            lane.queued.clear();
            settle(id, lane);
        }
        return out;
    }

    int inFlight() {
        return inFlight;
    }

    int queued() {
        return lanes.values().stream().mapToInt(l -> l.queued.size()).sum();
    }

    /** Open requests one endpoint may have: an equal part of them among the endpoints with work. */
    private int share() {
        return Math.max(1, maxInFlight / Math.max(1, lanes.size()));
    }

    private void settle(UUID id, Lane lane) {
        if (lane.queued.isEmpty()) {
            turns.remove(id);
            if (lane.inFlight == 0) {
                lanes.remove(id);
            }
        }
    }
}
