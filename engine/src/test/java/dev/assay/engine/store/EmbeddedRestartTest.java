package dev.assay.engine.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The embedded server after its owner was killed. The postmaster is started through pg_ctl and is not a child of
 * the JVM, so a JVM killed with SIGKILL would leave it running on the data directory: the owner's watchdog stops it
 * within seconds, and where the watchdog died too, the next start must stop it and come up on the same data,
 * promptly. A server whose owner is alive, and any process that is not our server, must
 * be left alone.
 *
 * <p>The owner is a separate JVM ({@link Holder}) that starts the embedded server exactly as a node does
 * ({@link Database#embedded}), so the test can kill it the way an operator or the OOM killer would.
 */
class EmbeddedRestartTest {
    private static final Pattern READY = Pattern.compile("READY (\\d+)");

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();
    private final Map<Process, Path> logs = new HashMap<>();
    private final List<Long> postmasters = new ArrayList<>();

    @Test
    void theServerOfAKilledOwnerStopsWithinSecondsAndKeepsTheData() throws Exception {
        Path dataDir = tmp.resolve("data");
        Process owner = startHolder(dataDir, "committed before the kill");
        awaitReady(owner, dataDir);
        ProcessHandle postmaster = ProcessHandle.of(postmasterPid(dataDir).orElseThrow()).orElseThrow();

        owner.destroyForcibly(); // SIGKILL of the JVM alone, as with kill -9 or the OOM killer
        assertThat(owner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        await("the watchdog stops the server").atMost(Duration.ofSeconds(45)).until(() -> !postmaster.isAlive());
        assertThat(postmasterPid(dataDir)).as("a clean shutdown removes its pid file").isEmpty();

        int oldPort = Integer.parseInt(Files.readString(dataDir.resolve("pg.port")).trim());
        try (Database restarted = Database.embedded(dataDir)) {
            postmasters.add(postmasterPid(dataDir).orElseThrow());
            assertThat(query(dataDir, restarted.location().port(), "SELECT note FROM crash_probe"))
                    .containsExactly("committed before the kill");
            // Other nodes of a cluster name this port in their --pg-url: they reconnect to the restarted server.
            assertThat(restarted.location().port()).isEqualTo(oldPort);
        }
    }

    @Test
    void firstStartAfterTheOwnerWasKilledStopsTheOrphanAndKeepsTheData() throws Exception {
        Path dataDir = tmp.resolve("data");
        Process owner = startHolder(dataDir, "written before the crash");
        int oldPort = awaitReady(owner, dataDir);
        long orphanPid = postmasterPid(dataDir).orElseThrow();
        ProcessHandle orphan = ProcessHandle.of(orphanPid).orElseThrow();

        // A kill of the owner's whole process group: its watchdog dies with it, and only the take-over at the next
        // start is left to stop the server (pg_ctl put the postmaster in a session of its own).
        owner.descendants().forEach(ProcessHandle::destroyForcibly);
        owner.destroyForcibly(); // SIGKILL: no shutdown hook runs, as with kill -9
        assertThat(owner.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(orphan.isAlive()).as("the postmaster outlives its JVM").isTrue();
        assertThat(query(dataDir, oldPort, "SELECT count(*) FROM crash_probe")).as("and still serves").containsExactly("1");

        long begin = System.nanoTime();
        try (Database restarted = Database.embedded(dataDir)) {
            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            assertThat(took).as("restart time").isLessThan(Duration.ofSeconds(30));
            assertThat(query(dataDir, restarted.location().port(), "SELECT note FROM crash_probe"))
                    .containsExactly("written before the crash");
            assertThat(restarted.location().port()).as("the port the orphan held, once it is stopped").isEqualTo(oldPort);
            long newPid = postmasterPid(dataDir).orElseThrow();
            postmasters.add(newPid);
            assertThat(newPid).isNotEqualTo(orphanPid);
            await("the orphan gone").atMost(Duration.ofSeconds(10)).until(() -> !orphan.isAlive());
        }
        assertThat(postmasterPid(dataDir)).as("stopped by close()").isEmpty();
    }

    @Test
    void aServerWhoseOwnerIsAliveAndProcessesThatAreNotOurServerAreLeftAlone() throws Exception {
        Path dataDir = tmp.resolve("data");
        Process owner = startHolder(dataDir, "owned");
        int port = awaitReady(owner, dataDir);
        long pid = postmasterPid(dataDir).orElseThrow();

        // Its owner is alive (it holds zonky's lock): a second start on the directory fails at once.
        assertThatThrownBy(() -> Database.embedded(dataDir)).isInstanceOf(IOException.class)
                .hasMessageContaining("belongs to a running process");

        // Another directory whose postmaster.pid names that server (a reused pid, a copied directory): it is not
        // the server of that directory, so it is not signalled.
        Path other = tmp.resolve("other");
        Files.createDirectories(other.resolve("pg"));
        Files.writeString(other.resolve("pg").resolve("epg-lock"), "");
        Files.copy(dataDir.resolve("pg").resolve("postmaster.pid"), other.resolve("pg").resolve("postmaster.pid"));
        assertThatThrownBy(() -> Database.embedded(other)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a PostgreSQL server of").hasMessageContaining("left alone");

        // Nor is a live process that is not PostgreSQL at all.
        Process bystander = new ProcessBuilder("cat").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        started.add(bystander);
        Files.writeString(other.resolve("pg").resolve("postmaster.pid"), bystander.pid() + "\n" + other.resolve("pg") + "\n");
        assertThatThrownBy(() -> Database.embedded(other)).isInstanceOf(IOException.class)
                .hasMessageContaining("left alone");
        assertThat(bystander.isAlive()).isTrue();

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
        assertThat(query(dataDir, port, "SELECT note FROM crash_probe")).containsExactly("owned");

        owner.getOutputStream().close(); // the holder's signal to close its Database and exit
        assertThat(owner.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(owner.exitValue()).isZero();
        assertThat(postmasterPid(dataDir)).as("its owner stopped it").isEmpty();
    }

    @Test
    void aPidFileNamingThisProcessOrItsParentIsStale() throws Exception {
        Path pg = tmp.resolve("stale").resolve("pg");
        Files.createDirectories(pg);
        Files.writeString(pg.resolve("epg-lock"), "");
        for (ProcessHandle p : List.of(ProcessHandle.current(), ProcessHandle.current().parent().orElseThrow())) {
            Files.writeString(pg.resolve("postmaster.pid"), p.pid() + "\n" + pg + "\n");
            OrphanedServer.takeOver(pg);
            assertThat(pg.resolve("postmaster.pid")).doesNotExist();
            assertThat(p.isAlive()).isTrue();
        }
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        // Servers a failed test left behind: the postmasters these tests started, no other.
        for (long pid : postmasters) {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.destroy(); // SIGTERM: smart shutdown; the clients were in the processes killed above
                p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
            });
        }
    }

    private Process startHolder(Path dataDir, String note) throws IOException {
        Path log = tmp.resolve("holder-" + started.size() + ".log");
        List<String> command = List.of(
                ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                Holder.class.getName(), dataDir.toString(), note);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(p);
        logs.put(p, log);
        return p;
    }

    /** Waits (bounded) for the holder's READY line and returns the port of its server. */
    private int awaitReady(Process holder, Path dataDir) {
        Path log = logs.get(holder);
        AtomicInteger port = new AtomicInteger();
        await("holder ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            String text = Files.readString(log);
            if (!holder.isAlive()) {
                throw new IllegalStateException("holder exited with " + holder.exitValue() + ":\n" + text);
            }
            Matcher m = READY.matcher(text);
            if (m.find()) {
                port.set(Integer.parseInt(m.group(1)));
                return true;
            }
            return false;
        });
        postmasters.add(postmasterPid(dataDir).orElseThrow());
        return port.get();
    }

    private static Optional<Long> postmasterPid(Path dataDir) {
        return OrphanedServer.postmasterPid(dataDir.resolve("pg").resolve("postmaster.pid"));
    }

    /** Rows of {@code sql} on the server of {@code dataDir} at {@code port}, with the data directory's password. */
    private static List<String> query(Path dataDir, int port, String sql) throws SQLException, IOException {
        List<String> rows = new ArrayList<>();
        String password = Files.readString(dataDir.resolve(EmbeddedAuth.FILE)).trim();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", password);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    /**
     * Owns an embedded server the way a node does, in its own JVM: starts it on {@code args[0]}, writes
     * {@code args[1]}, prints {@code READY <port>}, then closes it when its stdin closes (or dies with it killed).
     */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            Database db = Database.embedded(Path.of(args[0]));
            Database.PgLocation pg = db.location();
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password());
                 Statement st = c.createStatement()) {
                st.execute("CREATE TABLE crash_probe (note text)");
                st.execute("INSERT INTO crash_probe VALUES ('" + args[1].replace("'", "''") + "')");
            }
            System.out.println("READY " + pg.port());
            System.out.flush();
            while (System.in.read() != -1) {
                // wait for the test to close stdin
            }
            db.close();
            System.out.println("CLOSED");
            System.out.flush();
        }
    }
}
