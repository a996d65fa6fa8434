package dev.assay.graders.code;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Starts sandbox processes from one thread that lives as long as the JVM.
 * <p>
 * bubblewrap's {@code --die-with-parent} is the kernel's parent-death signal, and that follows the <em>thread</em>
 * that forked the process, not the process: when that thread ends, the sandbox is killed. A run started from a
 * virtual thread is forked by its carrier thread, which the JDK retires after 30 s idle while the virtual thread
 * waits, so such a run was killed with SIGKILL about 30 s in, whatever its wall limit (up to 300 s), and graded as a
 * crash. Started from here, a sandbox dies with the JVM, and only then, whichever thread runs it.
 */
final class ProcessLauncher {

    private static final ExecutorService LAUNCHER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sandbox-launcher");
        t.setDaemon(true);
        return t;
    });

    private ProcessLauncher() {
    }

    static Process start(ProcessBuilder builder) throws IOException {
        Future<Process> started = LAUNCHER.submit(builder::start);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    // Not left half-way on an interrupt: a process that starts anyway must reach the caller to be killed.
                    return started.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot start " + builder.command().getFirst(), e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
