package dev.assay.engine.api;

import dev.assay.engine.grading.ResultEvents;
import dev.assay.engine.store.Json;
import dev.assay.engine.store.SubmissionStore.SubmissionRow;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open learner stream: writes each change once and in event-id order, whether it came live on the bus or was
 * read from the store. A learner's event ids commit in order and without gaps ({@code LearnerEventIds}), so an id
 * at or below the last written is a repeat, the next one is written at once, and one further on means an event was
 * delayed (bus messages from different nodes may overtake each other) or lost: the store, where it is already
 * committed, fills the gap. Live events wait while the store is read. Runs on the request's event loop only.
 */
final class LearnerStream {
    private static final Logger LOG = Logger.getLogger(LearnerStream.class.getName());

    private final HttpServerResponse response;
    private final String learnerId;
    /** The learner's submissions with an event id above the given one, at most a page, in event-id order. */
    private final LongFunction<Future<List<SubmissionRow>>> storedAfter;
    private final int page;
    private final List<ResultEvents.Live> held = new ArrayList<>();
    private long written;
    private boolean reading = true; // until the replay that opens the stream is written

    LearnerStream(HttpServerResponse response, String learnerId, LongFunction<Future<List<SubmissionRow>>> storedAfter,
                  int page) {
        this.response = response;
        this.learnerId = learnerId;
        this.storedAfter = storedAfter;
        this.page = page;
    }

    /**
     * Replays what the store holds after {@code from}, then sends {@code ready} (carrying the id reached, so a
     * client that reconnects before any result resumes from here, not from whenever it reconnects).
     */
    void start(long from) {
        written = from;
        read(() -> send("id: " + written + "\nevent: ready\ndata: {\"learnerId\":" + Json.write(learnerId) + "}\n\n"));
    }

    /** An event from the bus. */
    void live(ResultEvents.Live event) {
        if (reading) {
            held.add(event);
        } else if (event.eventId() == null) {
            read(() -> { }); // from a node before event ids: what it changed is read from the store
        } else if (event.eventId() == written + 1) {
            write(event.eventId(), event.json());
        } else if (event.eventId() > written) {
            read(() -> { });
        }
    }

    /**
     * Writes every stored change after the last one written, page by page, then the events held meanwhile (most are
     * repeats by then). A failed read ends the stream: the client reconnects with the last id it got and is
     * replayed from there, which keeps every event once.
     */
    private void read(Runnable then) {
        reading = true;
        storedAfter.apply(written).onComplete(ar -> {
            if (!open()) {
                return;
            }
            if (ar.failed()) {
                LOG.log(Level.WARNING, "could not read the stream of learner " + learnerId + "; ending it", ar.cause());
                response.end();
                return;
            }
            ar.result().forEach(row -> write(row.eventId(), Json.write(ResultEvents.forLearner(ResultEvents.of(row)))));
            if (ar.result().size() == page) {
                read(then);
                return;
            }
            reading = false;
            then.run();
            List<ResultEvents.Live> waiting = List.copyOf(held);
            held.clear();
            waiting.forEach(this::live);
        });
    }

    private void write(long eventId, String json) {
        written = eventId;
        send("id: " + eventId + "\nevent: result\ndata: " + json + "\n\n");
    }

    private void send(String text) {
        if (open()) {
            response.write(text);
        }
    }

    private boolean open() {
        return !response.closed() && !response.ended();
    }
}
