package dev.assay.engine.cluster;

import com.hazelcast.spi.exception.ResponseAlreadySentException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class HazelcastLogsTest {

    /** Records what reaches a logger's handlers. */
    private static final class Capture extends Handler {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aTaskAnsweredTwiceAfterAMemberLeftIsOneWarningLineNotASevereTrace() {
        HazelcastLogs.quietKnownNoise();
        HazelcastLogs.quietKnownNoise(); // idempotent
        Logger hazelcast = Logger.getLogger("com.hazelcast.durableexecutor.impl.operations.TaskOperation");
        Logger ours = Logger.getLogger(HazelcastLogs.class.getName());
        Capture fromHazelcast = new Capture();
        Capture fromUs = new Capture();
        hazelcast.addHandler(fromHazelcast);
        ours.addHandler(fromUs);
        try {
            // As Hazelcast's OperationRunner logs it after a killed member's task was retried elsewhere.
            hazelcast.log(Level.SEVERE, "NormalResponse already responseReceived for callback",
                    new ResponseAlreadySentException("NormalResponse already responseReceived"));
            hazelcast.log(Level.SEVERE, "something else", new IllegalStateException("a real problem"));

            assertThat(fromHazelcast.records).singleElement()
                    .satisfies(r -> assertThat(r.getThrown()).isInstanceOf(IllegalStateException.class));
            assertThat(fromUs.records).singleElement().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.WARNING);
                assertThat(r.getThrown()).isNull();
                assertThat(r.getMessage()).contains("answered twice");
            });
        } finally {
            hazelcast.removeHandler(fromHazelcast);
            ours.removeHandler(fromUs);
        }
    }
}
