package dev.assay.graders.code;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox's own guarantees, checked from inside (what the program sees) and outside (what the host sees). */
class SandboxTest {

    private static SandboxResult sh(String script, SandboxLimits limits) {
        return Sandboxes.get().run(SandboxRequest.of(List.of("/bin/sh", "-c", script), null, limits));
    }

    private static final SandboxLimits FEW = SandboxLimits.defaults().withTasks(16);

    @Test
    void shutdownStopsRunningSandboxesRecordsNothingAndRefusesNewOnes() throws Exception {
        Sandboxes.get(); // skips (or fails in CI) where there is no sandbox at all
        // Its own sandbox (the shared one must keep working), on a work root the sandbox user can traverse.
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "assay-shutdown-" + UUID.randomUUID());
        Sandbox own = Sandbox.create(SandboxConfig.defaults().withWorkRoot(root));
        var run = CompletableFuture.supplyAsync(() -> own.run(SandboxRequest.of(List.of("/bin/sleep", "60"), null,
                SandboxLimits.defaults().withWallMillis(90_000))));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> own.running() == 1);
        long bwraps = ProcessHandle.current().descendants().count();
        assertThat(bwraps).isPositive();

        long started = System.nanoTime();
        assertThat(own.shutdown()).isEqualTo(1);
        assertThatThrownBy(() -> run.get(20, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(SandboxUnavailableException.class);
        assertThat((System.nanoTime() - started) / 1e9).as("stopped, not left to its 60 s").isLessThan(20);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
                ProcessHandle.current().descendants().noneMatch(p -> p.info().command().orElse("").contains("bwrap")
                        || p.info().command().orElse("").endsWith("sleep")));
        assertThatThrownBy(() -> own.run(SandboxRequest.of(List.of("/bin/true"), null, FEW)))
                .isInstanceOf(SandboxUnavailableException.class);
        try (var files = java.nio.file.Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aSandboxOutlivesTheThreadThatStartedIt() throws Exception {
        List<String> argv = Sandboxes.get().commandLine(SandboxRequest.of(
                List.of("/bin/sh", "-c", "echo ready; sleep 1; echo done"), null, FEW));
        // The kernel's parent-death signal behind --die-with-parent follows the thread that forked: a sandbox
        // started from a thread that then ends is killed (what befell runs started on a retired carrier thread).
        Process direct = startFromAThreadThatEnds(() -> new ProcessBuilder(argv).start());
        Process launched = startFromAThreadThatEnds(() -> ProcessLauncher.start(new ProcessBuilder(argv)));
        assertThat(direct.waitFor()).isEqualTo(128 + 9);
        assertThat(launched.waitFor()).isZero();
        assertThat(new String(launched.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("done\n");
    }

    /** Starts a sandbox on a new thread, which ends once the program inside is running (bubblewrap set up). */
    private static Process startFromAThreadThatEnds(java.util.concurrent.Callable<Process> start) throws Exception {
        CompletableFuture<Process> process = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform().start(() -> {
            try {
                Process p = start.call();
                byte[] ready = p.getInputStream().readNBytes("ready\n".length());
                assertThat(new String(ready, StandardCharsets.UTF_8)).isEqualTo("ready\n");
                process.complete(p);
            } catch (Throwable e) {
                process.completeExceptionally(e);
            }
        });
        thread.join();
        return process.get();
    }

    @Test
    void bubblewrapLeftBehindByADeadEngineIsStoppedWhenTheNextSandboxIsMade(@TempDir Path dir) throws Exception {
        Sandboxes.get();
        Path root = dir.resolve("work");
        java.nio.file.Files.createDirectories(root);
        String bwrap = SandboxConfig.defaults().bwrap().toString();
        String mark = root.toAbsolutePath() + "/ws-left-behind";
        // Orphaned: the shell that starts it exits at once, so its parent becomes init (as when an engine is killed
        // before bubblewrap sets up its parent-death signal).
        new ProcessBuilder("/bin/sh", "-c", bwrap + " --ro-bind / / --setenv MARK " + mark + " -- /bin/sleep 60 "
                + ">/dev/null 2>&1 &").start().waitFor();
        // And one whose engine (this JVM) is alive.
        Process alive = new ProcessBuilder(bwrap, "--ro-bind", "/", "/", "--setenv", "MARK", mark, "--", "/bin/sleep", "60")
                .start();
        java.util.function.Supplier<java.util.List<ProcessHandle>> orphans = () -> ProcessHandle.allProcesses()
                .filter(p -> p.parent().map(ProcessHandle::pid).orElse(-1L) == 1L)
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(mark)).orElse(false)).toList();
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> orphans.get().size() == 1);
            assertThat(OrphanedSandboxes.stop(root)).isEqualTo(1);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> orphans.get().isEmpty());
            assertThat(alive.isAlive()).as("a sandbox of a live engine is left alone").isTrue();
        } finally {
            alive.destroyForcibly();
            orphans.get().forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void probeReportsAvailableWithTheBubblewrapVersion() {
        Sandboxes.get();
        SandboxStatus status = Sandbox.probe();
        assertThat(status.available()).isTrue();
        assertThat(status.version()).matches("\\d+\\.\\d+.*");
        assertThat(status.reason()).isEmpty();
    }

    @Test
    void withoutBubblewrapCodeGradingRefusesWithAClearReason() {
        SandboxConfig missing = SandboxConfig.defaults().withBwrap(Path.of("/nonexistent/bwrap"));
        SandboxStatus status = Sandbox.probe(missing);
        assertThat(status.available()).isFalse();
        assertThat(status.reason()).contains("bubblewrap").contains("not installed");
        assertThatThrownBy(() -> Sandbox.create(missing))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("bubblewrap");
    }

    @Test
    void aWorkRootSomeoneElsePreparedIsRefused(@TempDir Path dir) throws java.io.IOException {
        Path elsewhere = java.nio.file.Files.createDirectory(dir.resolve("elsewhere"));
        Path link = java.nio.file.Files.createSymbolicLink(dir.resolve("assay-code"), elsewhere);
        SandboxStatus status = Sandbox.probe(SandboxConfig.defaults().withWorkRoot(link));
        assertThat(status.available()).isFalse();
        assertThat(status.reason()).contains("not a link");
    }

    @Test
    void aBrokenBubblewrapIsReportedToo() {
        // An executable that is not bubblewrap: the self-test run fails, so the sandbox is declared unavailable.
        SandboxStatus status = Sandbox.probe(SandboxConfig.defaults().withBwrap(Path.of("/bin/false")));
        assertThat(status.available()).isFalse();
        assertThat(status.reason()).isNotBlank();
    }

    @Test
    void standardStreamsExitStatusAndSignals() {
        SandboxResult echo = Sandboxes.get().run(SandboxRequest.of(List.of("/bin/sh", "-c", "cat; echo err >&2; exit 7"),
                null, FEW).withStdin("hello\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(echo.termination()).isEqualTo(SandboxResult.Termination.EXITED);
        assertThat(echo.exitCode()).isEqualTo(7);
        assertThat(echo.stdoutText()).isEqualTo("hello\n");
        assertThat(echo.stderrText()).isEqualTo("err\n");
        SandboxResult killed = sh("kill -SEGV $$", FEW);
        assertThat(killed.termination()).isEqualTo(SandboxResult.Termination.SIGNALED);
        assertThat(killed.signal()).isEqualTo(11);
    }

    @Test
    void aProgramImitatingABubblewrapFailureIsJustAFailingProgram() {
        SandboxResult result = sh("echo 'bwrap: cannot mount proc on /newroot/proc: Operation not permitted' >&2; exit 1", FEW);
        assertThat(result.termination()).isEqualTo(SandboxResult.Termination.EXITED);
        assertThat(result.exitCode()).isEqualTo(1);
    }

    @Test
    void aRequestThatCannotBeSetUpIsTheMachinesFault() {
        SandboxRequest missing = SandboxRequest.of(List.of("/bin/true"), null, FEW)
                .withMounts(List.of(new SandboxRequest.Mount(Path.of("/nonexistent/input"), "/sandbox/input")));
        assertThatThrownBy(() -> Sandboxes.get().run(missing)).isInstanceOf(SandboxException.class);
    }

    @Test
    void identityNamespacesAndPrivileges() {
        SandboxResult result = sh("id -u; id -g; hostname; echo $$; ls /proc | grep -c '^[0-9]'; "
                + "grep -E '^(CapEff|CapPrm|NoNewPrivs)' /proc/self/status; "
                + "cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d ' '; "
                + "unshare -U true 2>/dev/null && echo nested-userns || echo no-nested-userns", FEW);
        assertThat(result.stdoutText().lines().toList()).containsExactly(
                "65534", "65534", "sandbox", "2",
                // its init (bubblewrap), the shell and the pipeline's processes: nothing of the host
                result.stdoutText().lines().toList().get(4),
                "CapPrm:\t0000000000000000", "CapEff:\t0000000000000000", "NoNewPrivs:\t1",
                "lo", "no-nested-userns");
        assertThat(Integer.parseInt(result.stdoutText().lines().toList().get(4))).isLessThan(8);
    }

    @Test
    void onTheHostTheProgramRunsAsAnUnprivilegedUser() throws Exception {
        // RLIMIT_NPROC never applies to real uid 0, so the fork bomb defence depends on this.
        String marker = "assay-uid-" + UUID.randomUUID();
        CompletableFuture<SandboxResult> run = CompletableFuture.supplyAsync(() ->
                sh("exec /usr/bin/python3 -c 'import time; time.sleep(2)' " + marker, FEW));
        Optional<ProcessHandle> program = Optional.empty();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (program.isEmpty() && System.nanoTime() < deadline) {
            program = ProcessHandle.allProcesses()
                    .filter(p -> p.info().arguments().map(a -> List.of(a).contains(marker)).orElse(false))
                    .findFirst();
            Thread.sleep(20);
        }
        assertThat(program).isPresent();
        String user = program.get().info().user().orElseThrow();
        assertThat(user).isNotIn("root", "0");
        run.join();
    }

    @Test
    void theFileSystemIsReadOnlyButTmpAndTheWorkDirectory() {
        SandboxResult result = sh("touch /x 2>/dev/null || echo ro-root; touch /usr/x 2>/dev/null || echo ro-usr; "
                + "touch /etc/x 2>/dev/null || echo ro-etc; touch /tmp/x && echo rw-tmp; touch /sandbox/x && echo rw-work; "
                + "ls /etc | tr '\\n' ' '", FEW);
        assertThat(result.stdoutText()).startsWith("ro-root\nro-usr\nro-etc\nrw-tmp\nrw-work\n");
        assertThat(result.stdoutText()).doesNotContain("shadow").doesNotContain("ssh").doesNotContain("hosts");
        assertThat(result.stdoutText()).contains("passwd").contains("ld.so.cache");
    }

    @Test
    void workDirectoryFilesAreReadOnlyInRunsAndWritableInCompileSteps() {
        Sandbox sandbox = Sandboxes.get();
        try (Workspace workspace = sandbox.newWorkspace()) {
            Path build = workspace.newDirectory("build");
            workspace.write(build, "src/a.txt", "A\n");
            SandboxResult run = sandbox.run(SandboxRequest.of(List.of("/bin/sh", "-c",
                    "cat src/a.txt; echo B > src/a.txt 2>/dev/null || echo ro; echo new > b.txt && cat b.txt"), build, FEW));
            assertThat(run.stdoutText()).isEqualTo("A\nro\nnew\n");
            assertThat(build.resolve("b.txt")).doesNotExist();
            SandboxResult compile = sandbox.run(SandboxRequest.of(List.of("/bin/sh", "-c", "echo out > out.txt"), build, FEW)
                    .writable());
            assertThat(compile.succeeded()).isTrue();
            assertThat(build.resolve("out.txt")).hasContent("out");
        }
    }

    @Test
    void outputBeyondTheLimitKillsTheRun() {
        SandboxResult result = sh("yes", FEW.withOutputBytes(1000, 1000));
        assertThat(result.termination()).isEqualTo(SandboxResult.Termination.OUTPUT_LIMIT);
        assertThat(result.stdout()).hasSize(1000);
        assertThat(result.stdoutOverflow()).isTrue();
    }

    @Test
    void theWallClockKillsTheWholeTree() {
        long start = System.nanoTime();
        SandboxResult result = sh("sleep 100 & sleep 100 & sleep 100", FEW.withWallMillis(500));
        assertThat(result.termination()).isEqualTo(SandboxResult.Termination.WALL_TIMEOUT);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3000);
        // SIGKILL is delivered at once but reaping is asynchronous: allow the kernel a moment.
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (sleeps() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(sleeps()).isZero();
    }

    private static long sleeps() {
        return ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").endsWith("sleep")).count();
    }

    @Test
    void theEnginesEnvironmentDoesNotReachTheProgram() {
        SandboxResult result = Sandboxes.get().run(new SandboxRequest(List.of("/usr/bin/env"), null, false, List.of(),
                new byte[0], Map.of("EXTRA", "1"), FEW));
        assertThat(result.stdoutText().lines().map(l -> l.substring(0, l.indexOf('='))).sorted().toList())
                .containsExactly("EXTRA", "HOME", "LANG", "LC_ALL", "PATH", "PWD", "TMPDIR", "USER");
    }

    @Test
    void commandLineUsesEveryIsolationFlag() {
        List<String> argv = Sandboxes.get().commandLine(SandboxRequest.of(List.of("/bin/true"), null, FEW));
        assertThat(argv).contains("--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent",
                "--new-session", "--clearenv", "--remount-ro");
        assertThat(String.join(" ", argv)).contains("--nproc=16").contains("--as=").contains("--cpu=1:2")
                .doesNotContain("--share-net").doesNotContain("/etc/shadow").doesNotContain(" /root ")
                .doesNotContain("--bind /tmp ");
    }
}
