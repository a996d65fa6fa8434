package dev.assay.engine.cluster;

import com.hazelcast.spi.exception.ResponseAlreadySentException;

import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps a known, harmless Hazelcast report out of the operators' way. When a member dies while a durable executor
 * task it handed out is running, the task's operation can be answered twice (once by the retry on the new partition
 * owner); Hazelcast then logs the second answer as SEVERE with a stack trace, one per task, on the survivor. Nothing
 * is lost or graded twice by it: the store decides what is recorded. Operators read SEVERE as "something is broken",
 * so each such report becomes one WARNING line naming what happened instead.
 */
public final class HazelcastLogs {
    /** JUL holds loggers weakly: a filter set on one nobody references could vanish with it. */
    private static final Logger TASK_OPERATION =
            Logger.getLogger("com.hazelcast.durableexecutor.impl.operations.TaskOperation");
    private static final Logger LOG = Logger.getLogger(HazelcastLogs.class.getName());

    private HazelcastLogs() {
    }

    /** Installs the filter (idempotent). */
    public static synchronized void quietKnownNoise() {
        if (TASK_OPERATION.getFilter() instanceof DuplicateResponses) {
            return;
        }
        TASK_OPERATION.setFilter(new DuplicateResponses());
    }

    private static final class DuplicateResponses implements Filter {
        @Override
        public boolean isLoggable(java.util.logging.LogRecord record) {
            if (record.getThrown() instanceof ResponseAlreadySentException) {
                LOG.log(Level.WARNING, "a grading task was answered twice after a cluster member left (Hazelcast's "
                        + "durable executor retried it); harmless, the store records each result once");
                return false;
            }
            return true;
        }
    }
}
