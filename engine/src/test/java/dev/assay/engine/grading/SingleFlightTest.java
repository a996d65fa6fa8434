package dev.assay.engine.grading;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Calls during a run share it; a run that ended, however it ended, is not shared with later calls. */
class SingleFlightTest {
    private final SingleFlight<String, String> flights = new SingleFlight<>();
    private final AtomicInteger runs = new AtomicInteger();

    private Future<String> call(String key, Promise<String> work) {
        return flights.run(key, () -> {
            runs.incrementAndGet();
            return work.future();
        });
    }

    @Test
    void callsDuringARunShareItsResult() {
        Promise<String> work = Promise.promise();
        Future<String> first = call("a", work);
        Future<String> second = call("a", Promise.promise());
        assertThat(runs).hasValue(1);
        assertThat(second.isComplete()).isFalse();

        work.complete("model");
        assertThat(first.result()).isEqualTo("model");
        assertThat(second.result()).isEqualTo("model");

        Promise<String> next = Promise.promise();
        Future<String> later = call("a", next);
        assertThat(runs).as("the run ended: a later call runs again").hasValue(2);
        next.complete("again");
        assertThat(later.result()).isEqualTo("again");
    }

    @Test
    void aFailedRunIsSharedThenForgottenSoItCanBeRetried() {
        Promise<String> work = Promise.promise();
        Future<String> first = call("a", work);
        Future<String> second = call("a", Promise.promise());
        work.fail(new IllegalStateException("out of memory"));
        assertThat(first.cause()).hasMessage("out of memory");
        assertThat(second.cause()).hasMessage("out of memory");

        Promise<String> retry = Promise.promise();
        Future<String> retried = call("a", retry);
        assertThat(runs).hasValue(2);
        retry.complete("model");
        assertThat(retried.result()).isEqualTo("model");
    }

    @Test
    void workThatThrowsFailsItsCallsAndIsForgotten() {
        Future<String> thrown = flights.run("a", () -> {
            throw new IllegalArgumentException("bad set");
        });
        assertThat(thrown.cause()).hasMessage("bad set");
        Promise<String> retry = Promise.promise();
        call("a", retry);
        assertThat(runs).hasValue(1);
    }

    @Test
    void differentKeysRunSeparately() {
        call("a", Promise.promise());
        call("b", Promise.promise());
        assertThat(runs).hasValue(2);
    }
}
