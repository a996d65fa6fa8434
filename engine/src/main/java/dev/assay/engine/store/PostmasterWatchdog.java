package dev.assay.engine.store;

import java.io.File;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Stops the embedded postmaster soon after the JVM that owns it dies without stopping it (kill -9, the OOM killer).
 * <p>
 * pg_ctl starts the postmaster in a session of its own, so it outlives the JVM and holds its memory and data
 * directory until the next start takes it over ({@link OrphanedServer}), which may be never on a machine the node
 * was moved off. A small shell child of the JVM, which the kernel hands to init rather than killing, polls both
 * once a second: when the postmaster stops first (a normal close) it exits; when the JVM is gone it gives the
 * postmaster a fast shutdown (SIGINT: a shutdown checkpoint, nothing committed lost), then an immediate one
 * (SIGQUIT: the next start replays the flushed WAL) if that takes more than 30 s. A kill of the node's whole process
 * group takes the watchdog too; the next start's take-over is still there for that.
 */
final class PostmasterWatchdog {
    private static final Logger LOG = Logger.getLogger(PostmasterWatchdog.class.getName());

    // A zombie JVM (killed, not yet reaped) still answers kill -0, so liveness reads /proc. The postmaster's pid is
    // signalled only while /proc says it is a postgres, so a pid reused after it exited is never touched.
    private static final String SCRIPT = """
            alive() { [ -r /proc/$1/status ] && ! grep -q '^State:[[:space:]]*Z' /proc/$1/status 2>/dev/null; }
            ours() { alive "$1" && [ "$(cat /proc/$1/comm 2>/dev/null)" = postgres ]; }
            while alive "$1"; do
              ours "$2" || exit 0
              sleep 1
            done
            ours "$2" || exit 0
            kill -INT "$2" 2>/dev/null
            i=0
            while ours "$2" && [ "$i" -lt 30 ]; do sleep 1; i=$((i + 1)); done
            ours "$2" && kill -QUIT "$2" 2>/dev/null
            exit 0
            """;

    private PostmasterWatchdog() {
    }

    /** Starts watching; a watchdog that cannot start is logged, not fatal (the take-over at next start remains). */
    static void watch(long postmasterPid) {
        try {
            new ProcessBuilder("/bin/sh", "-c", SCRIPT, "assay-pg-watchdog",
                    Long.toString(ProcessHandle.current().pid()), Long.toString(postmasterPid))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not start the watchdog of the embedded PostgreSQL (pid " + postmasterPid
                    + "); if this node is killed, the next start stops the server instead", e);
        }
    }
}
