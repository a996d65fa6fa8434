package dev.assay.engine.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Makes an embedded PostgreSQL data directory startable again after the process that owned it died without
 * stopping it (SIGKILL, OOM killer, power to the JVM only).
 *
 * <p>zonky starts the postmaster through {@code pg_ctl}, so the postmaster is not a child of the JVM: when the JVM
 * is killed it keeps running, with its {@code postmaster.pid} in the data directory. The next start picks a new
 * port and runs {@code pg_ctl start}; PostgreSQL refuses ("lock file postmaster.pid already exists"), zonky does not
 * look at pg_ctl's exit status and polls the new port until its start-up wait runs out. This class stops such an
 * orphan first, and only when all of these hold:
 * <ul>
 *   <li>no live process holds zonky's lock ({@code epg-lock}) on the directory: a running node or admin command
 *       holds it for as long as its server is up, and the kernel releases it when that process dies;</li>
 *   <li>the pid in {@code postmaster.pid} is a running {@code postgres} whose command line names this directory
 *       ({@code -D}) and whose working directory is this directory (the postmaster moves there at start-up).</li>
 * </ul>
 * A pid that is alive but is anything else is never signalled: start-up fails at once with the reason instead.
 * The orphan gets a fast shutdown (SIGINT: a shutdown checkpoint, nothing committed is lost), and an immediate one
 * (SIGQUIT: crash recovery at the next start replays the WAL, which is flushed at every commit) if that does not
 * finish in time.
 */
final class OrphanedServer {
    static final String ZONKY_LOCK = "epg-lock";
    private static final Duration FAST_SHUTDOWN = Duration.ofSeconds(30);
    private static final Duration IMMEDIATE_SHUTDOWN = Duration.ofSeconds(10);

    private OrphanedServer() {
    }

    /**
     * Stops the server a dead owner left running on {@code pgData}, if any; returns normally when the directory is
     * free for a new server. Throws when a live process still owns the directory or when {@code postmaster.pid}
     * names a running process that is not our server.
     */
    static void takeOver(Path pgData) throws IOException {
        Path lockFile = pgData.resolve(ZONKY_LOCK);
        if (!Files.exists(lockFile)) {
            return; // no server was ever started here (and initdb wants the new directory empty)
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this JVM: a Database on this directory is still open here
            }
            if (lock == null) {
                throw new IOException("the embedded PostgreSQL in " + pgData + " belongs to a running process ("
                        + lockFile + " is locked): is another assay node or command using this data directory?");
            }
            // Held while we look and stop, so two starting processes do not both act; released (by closing the
            // channel) before zonky takes it for the new server.
            stopOrphan(pgData);
        }
    }

    private static void stopOrphan(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        Optional<Long> pid = postmasterPid(pidFile);
        if (pid.isEmpty()) {
            return; // no server, or a half-written file PostgreSQL itself will judge
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return; // stale: PostgreSQL replaces a lock file whose process is gone
        }
        if (isThisProcessOrAncestor(pid.get())) {
            // Stale for certain: the pids came round again (a restarted container) and one is ours or our parent's.
            // PostgreSQL would refuse to start on it unless it happens to be its own, its parent's or grandparent's.
            Files.deleteIfExists(pidFile);
            return;
        }
        if (!isPostmasterOf(pid.get(), pgData)) {
            throw new IOException(pidFile + " names process " + pid.get() + ", which is running but is not a PostgreSQL"
                    + " server of " + pgData + "; it was left alone. If no server runs on that directory, the file is"
                    + " stale (a reused pid): remove it and start again.");
        }
        System.err.println("assay: stopping the PostgreSQL server (pid " + pid.get() + ") left running in " + pgData
                + " by a process that died");
        signal(process.get(), "INT");
        if (awaitGone(process.get(), pidFile, FAST_SHUTDOWN)) {
            return;
        }
        if (isPostmasterOf(pid.get(), pgData)) {
            signal(process.get(), "QUIT");
        }
        if (!awaitGone(process.get(), pidFile, IMMEDIATE_SHUTDOWN)) {
            throw new IOException("the PostgreSQL server (pid " + pid.get() + ") left running in " + pgData
                    + " did not stop within " + FAST_SHUTDOWN.plus(IMMEDIATE_SHUTDOWN).toSeconds() + " s");
        }
    }

    static Optional<Long> postmasterPid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty(); // no file (no server), or one being written
        }
    }

    private static boolean isThisProcessOrAncestor(long pid) {
        for (Optional<ProcessHandle> p = Optional.of(ProcessHandle.current()); p.isPresent(); p = p.get().parent()) {
            if (p.get().pid() == pid) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code pid} is a postmaster serving {@code pgData}: its program is {@code postgres}, its {@code -D}
     * names the directory (absolute, or relative to wherever it was started) and it runs in that directory. Linux
     * {@code /proc}; anything unreadable counts as "no".
     */
    static boolean isPostmasterOf(long pid, Path pgData) {
        try {
            Path proc = Path.of("/proc", Long.toString(pid));
            byte[] raw = Files.readAllBytes(proc.resolve("cmdline"));
            List<String> argv = Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
            if (argv.isEmpty() || !Path.of(argv.get(0)).getFileName().toString().equals("postgres")) {
                return false;
            }
            Path ours = pgData.toRealPath();
            if (!Files.isSameFile(proc.resolve("cwd"), ours)) {
                return false;
            }
            String dashD = null;
            for (int i = 1; i < argv.size(); i++) {
                String a = argv.get(i);
                if (a.equals("-D") && i + 1 < argv.size()) {
                    dashD = argv.get(i + 1);
                } else if (a.startsWith("-D") && a.length() > 2) {
                    dashD = a.substring(2);
                }
            }
            if (dashD == null || dashD.isEmpty()) {
                return false;
            }
            Path named = Path.of(dashD).normalize();
            return named.isAbsolute() ? Files.isSameFile(named, ours) : ours.endsWith(named);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Sends SIGINT or SIGQUIT through kill(1); without it, SIGTERM (a smart shutdown) is all the JDK can send. */
    private static void signal(ProcessHandle process, String signal) throws IOException {
        Process kill;
        try {
            kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            process.destroy();
            return;
        }
        try {
            kill.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while signalling PostgreSQL", e);
        }
    }

    /**
     * Bounded wait until the postmaster has exited: its process is gone, or its {@code postmaster.pid} is (a
     * postmaster removes it as its very last step; this also covers an exited postmaster that its new parent has
     * not reaped yet and so still looks alive).
     */
    private static boolean awaitGone(ProcessHandle process, Path pidFile, Duration atMost) throws IOException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            if (!process.isAlive() || postmasterPid(pidFile).map(p -> p != process.pid()).orElse(true)) {
                return true;
            }
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for PostgreSQL to stop", e);
            }
        }
    }
}
