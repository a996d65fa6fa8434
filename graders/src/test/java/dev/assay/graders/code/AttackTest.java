package dev.assay.graders.code;

import dev.assay.graders.InvalidInputException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hostile programs. Each attack must end with the verdict it deserves, and normal gradings started while it runs
 * (and right after) must still finish in under 2 s.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AttackTest {

    private static final Limits TIGHT = new Limits(1, 2, 64, 64, 1024, 1);
    private static Path engineData;
    private static final String SECRET = "ENGINE-SECRET-" + UUID.randomUUID();

    @BeforeAll
    static void engineDataDirectory() throws IOException {
        // Stands in for the engine's data directory: keys, the embedded database. World-readable on purpose, so
        // only the sandbox's mount namespace stands between it and the program.
        engineData = Files.createTempDirectory("assay-engine-data");
        Files.writeString(engineData.resolve("signing-key.pem"), SECRET);
        engineData.toFile().setReadable(true, false);
        engineData.resolve("signing-key.pem").toFile().setReadable(true, false);
    }

    @AfterAll
    static void cleanUp() {
        Workspace.deleteTree(engineData);
    }

    /** Runs the attack while normal gradings run beside it, each of which must take under 2 s; then once more. */
    private static TestResult underAttack(Supplier<TestResult> attack) {
        Sandboxes.get();
        CompletableFuture<TestResult> running = CompletableFuture.supplyAsync(attack);
        List<Long> normal = new ArrayList<>();
        try {
            Thread.sleep(150);
            do {
                normal.add(Sandboxes.normalRunMillis());
            } while (!running.isDone());
            normal.add(Sandboxes.normalRunMillis());
            TestResult result = running.get(100, TimeUnit.SECONDS);
            assertThat(normal).as("normal runs during and after the attack (ms)").allSatisfy(ms -> assertThat(ms).isLessThan(2000));
            return result;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static TestResult python(Limits limits, String source, String expected) {
        return Sandboxes.runOne(Language.PYTHON3, limits, source, "", expected);
    }

    @Test
    void forkBombIsContainedByTheProcessLimit() {
        // 4 bomb processes + bubblewrap (2) + a normal run's (3) + compile steps; an uncontained bomb makes thousands.
        assertThat(mostProcessesOfAForkBomb(TIGHT.withProcesses(4))).isLessThan(20);
    }

    @Test
    void processLimitsOfConcurrentSandboxesAreIndependent() {
        // Every sandbox runs as the same host uid; RLIMIT_NPROC must still count each sandbox's tasks on their own
        // (the kernel counts per user namespace), or one learner's 60 processes would starve everyone else.
        String many = """
                import os, time
                for _ in range(60):
                    if os.fork() == 0:
                        time.sleep(3)
                        os._exit(0)
                print('forked 60')
                time.sleep(1.5)
                """;
        String few = """
                import os, time
                kids = 0
                for _ in range(3):
                    if os.fork() == 0:
                        time.sleep(0.5)
                        os._exit(0)
                    kids += 1
                print('forked', kids)
                """;
        CompletableFuture<TestResult> big = CompletableFuture.supplyAsync(() ->
                python(Limits.DEFAULT.withProcesses(64), many, "forked 60\n"));
        List<CompletableFuture<TestResult>> small = new ArrayList<>();
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        for (int i = 0; i < 4; i++) {
            small.add(CompletableFuture.supplyAsync(() -> python(Limits.DEFAULT.withProcesses(4), few, "forked 3\n")));
        }
        assertThat(big.join().verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(small).allSatisfy(f -> assertThat(f.join().verdict()).as(f.join().toString()).isEqualTo(Verdict.ACCEPTED));
    }

    @Test
    void forkBombIsContainedByTheDefaultProcessLimit() {
        // The default's bomb processes + bubblewrap (2) + a normal run's (3) + compile steps.
        assertThat(mostProcessesOfAForkBomb(Limits.DEFAULT.withCpuSeconds(1).withWallSeconds(2)))
                .isLessThan(Limits.DEFAULT.processes() + 20);
    }

    /** Runs a C fork bomb under {@code limits} (it must run out of time) and returns the most processes seen at once. */
    private static int mostProcessesOfAForkBomb(Limits limits) {
        Sandboxes.assumeLanguage(Language.C);
        AtomicInteger most = new AtomicInteger();
        long jvm = ProcessHandle.current().pid();
        Thread counter = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                most.accumulateAndGet((int) ProcessHandle.of(jvm).orElseThrow().descendants().count(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        String bomb = "#include <unistd.h>\nint main(void) { for (;;) fork(); }\n";
        TestResult result = underAttack(() -> Sandboxes.runOne(Language.C, limits, bomb, "", ""));
        counter.interrupt();
        assertThat(result.verdict()).isEqualTo(Verdict.TIME_LIMIT);
        return most.get();
    }

    @Test
    void pythonForkBombFailsToFork() {
        TestResult result = underAttack(() -> python(TIGHT.withProcesses(8),
                "import os\nwhile True:\n    os.fork()\n", ""));
        assertThat(result.verdict()).isEqualTo(Verdict.RUNTIME_ERROR);
        assertThat(result.stderr()).contains("Resource temporarily unavailable");
    }

    @Test
    void memoryBombInPython() {
        TestResult result = underAttack(() -> python(TIGHT,
                "chunks = []\nwhile True:\n    chunks.append(bytearray(10**7))\n", ""));
        assertThat(result.verdict()).isEqualTo(Verdict.MEMORY_LIMIT);
    }

    @Test
    void memoryBombInCpp() {
        Sandboxes.assumeLanguage(Language.CPP);
        String bomb = """
                #include <string>
                #include <vector>
                int main() { std::vector<std::string> v; for (;;) v.emplace_back(1 << 20, 'x'); }
                """;
        TestResult result = underAttack(() -> Sandboxes.runOne(Language.CPP, TIGHT, bomb, "", ""));
        assertThat(result.verdict()).isEqualTo(Verdict.MEMORY_LIMIT);
        assertThat(result.detail()).contains("SIGABRT");
    }

    @Test
    void infiniteLoop() {
        // A generous wall clock, so that the CPU limit (not the clock) ends it even on a busy machine.
        TestResult result = underAttack(() -> python(TIGHT.withWallSeconds(10), "while True:\n    pass\n", ""));
        assertThat(result.verdict()).isEqualTo(Verdict.TIME_LIMIT);
        assertThat(result.detail()).contains("CPU");
    }

    @Test
    void sleepingForever() {
        long start = System.nanoTime();
        TestResult result = underAttack(() -> python(TIGHT.withWallSeconds(1.5), "import time\ntime.sleep(10**6)\n", ""));
        assertThat(result.verdict()).isEqualTo(Verdict.TIME_LIMIT);
        assertThat(result.detail()).contains("wall clock");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
    }

    @Test
    void endlessOutputIsCutAtTheLimit() {
        TestResult result = underAttack(() -> python(TIGHT, "while True:\n    print('x' * 1000)\n", ""));
        assertThat(result.verdict()).isEqualTo(Verdict.OUTPUT_LIMIT);
        assertThat(result.stdoutTruncated()).isTrue();
        assertThat(result.stdout().length()).isLessThanOrEqualTo(64 * 1024);
    }

    @Test
    void endlessStandardErrorIsCutToo() {
        TestResult result = underAttack(() -> python(TIGHT,
                "import sys\nwhile True:\n    sys.stderr.write('y' * 1000)\n", ""));
        assertThat(result.verdict()).isEqualTo(Verdict.OUTPUT_LIMIT);
        assertThat(result.detail()).contains("standard error");
    }

    @Test
    void hugeFileWriteInC() {
        Sandboxes.assumeLanguage(Language.C);
        String writer = """
                #include <stdio.h>
                int main(void) {
                    static char buffer[1 << 16];
                    FILE *f = fopen("huge.bin", "w");
                    for (;;) fwrite(buffer, 1, sizeof buffer, f);
                }
                """;
        TestResult result = underAttack(() -> Sandboxes.runOne(Language.C, TIGHT, writer, "", ""));
        assertThat(result.verdict()).isEqualTo(Verdict.OUTPUT_LIMIT);
        assertThat(result.detail()).contains("file larger than 1 MiB");
    }

    @Test
    void hugeFileWriteInPythonAndManySmallFiles() {
        TestResult big = underAttack(() -> python(TIGHT,
                "with open('/tmp/huge.bin', 'wb') as f:\n    while True:\n        f.write(b'x' * 65536)\n", ""));
        assertThat(big.verdict()).isEqualTo(Verdict.OUTPUT_LIMIT);
        // Each file under the size limit, but together more than the private work directory holds.
        TestResult many = underAttack(() -> python(TIGHT,
                "i = 0\nwhile True:\n    open(f'part{i}', 'wb').write(b'x' * 500_000)\n    i += 1\n", ""));
        assertThat(many.verdict()).isEqualTo(Verdict.OUTPUT_LIMIT);
        assertThat(many.stderr()).contains("No space left on device");
    }

    @Test
    void secretsOfTheHostAreNotThere() {
        String source = """
                import os
                paths = ['/etc/shadow', '/etc/gshadow', '/root/.ssh/id_rsa', '/root/.bash_history', '%s', '%s',
                         '/work/main/pom.xml', '/home', '/var/lib/postgresql', '/proc/1/root/etc/shadow',
                         '../../../../etc/shadow', '/sys/kernel']
                for p in paths:
                    try:
                        if os.path.isdir(p):
                            print(p, 'listed', os.listdir(p))
                        else:
                            print(p, 'read', open(p).read()[:100])
                    except OSError as e:
                        print('denied')
                print(sorted(os.environ))
                """.formatted(engineData, engineData.resolve("signing-key.pem"));
        String expected = "denied\n".repeat(12)
                + "['HOME', 'LANG', 'LC_ALL', 'MALLOC_ARENA_MAX', 'PATH', 'PWD', 'PYTHONDONTWRITEBYTECODE', 'TMPDIR', 'USER']\n";
        TestResult result = underAttack(() -> python(Limits.DEFAULT, source, expected));
        assertThat(result.stdout()).doesNotContain(SECRET).doesNotContain("root:");
        assertThat(result.verdict()).as(result.stdout()).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void onlyItsOwnLoopbackAndNoHostPort() throws Exception {
        List<ServerSocket> servers = new ArrayList<>();
        AtomicInteger accepted = new AtomicInteger();
        try {
            servers.add(listen(0));
            servers.add(listen(0));
            for (int port : new int[] {5701, 8080, 5432}) {
                try {
                    servers.add(listen(port));
                } catch (IOException busy) {
                    // the port is in use on this host: something listens there already, which proves as much
                }
            }
            List<Integer> ports = new ArrayList<>(servers.stream().map(ServerSocket::getLocalPort).toList());
            for (int port : new int[] {5701, 8080, 5432}) {
                if (!ports.contains(port)) {
                    ports.add(port);
                }
            }
            for (ServerSocket server : servers) {
                Thread.ofVirtual().start(() -> {
                    try (Socket client = server.accept()) {
                        accepted.incrementAndGet();
                    } catch (IOException closed) {
                        // closed at the end of the test
                    }
                });
            }
            // Prove the listeners really answer on the host before proving the sandbox cannot reach them.
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), servers.getFirst().getLocalPort()), 1000);
            }
            waitFor(() -> accepted.get() == 1);
            String source = """
                    import socket
                    print([name for _, name in socket.if_nameindex()])
                    for port in %s:
                        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                        s.settimeout(1)
                        try:
                            s.connect(('127.0.0.1', port))
                            print('connected', port)
                        except OSError as e:
                            print('unreachable')
                        finally:
                            s.close()
                    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
                    s.settimeout(1)
                    try:
                        s.connect(('::1', %d))
                        print('connected v6')
                    except OSError:
                        print('unreachable')
                    """.formatted(ports, ports.getFirst());
            String expected = "['lo']\n" + "unreachable\n".repeat(ports.size() + 1);
            TestResult result = underAttack(() -> python(Limits.DEFAULT, source, expected));
            assertThat(result.verdict()).as(result.stdout() + result.stderr()).isEqualTo(Verdict.ACCEPTED);
            Thread.sleep(100);
            assertThat(accepted.get()).as("connections the host's listeners accepted").isEqualTo(1);
        } finally {
            for (ServerSocket server : servers) {
                server.close();
            }
        }
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return server;
    }

    @Test
    void cannotKillOtherProcesses() throws Exception {
        Process victim = new ProcessBuilder("sleep", "60").start();
        try {
            String source = """
                    import os, signal
                    try:
                        os.kill(%d, signal.SIGKILL)
                        print('killed it')
                    except ProcessLookupError:
                        print('no such process')
                    child = os.fork()
                    if child == 0:
                        signal.pause()
                    os.kill(-1, signal.SIGKILL)  # everything it can see: its child, nothing of the host
                    print('child', os.waitpid(child, 0)[1] & 0x7f)
                    print('still here')
                    """.formatted(victim.pid());
            TestResult result = underAttack(() -> python(Limits.DEFAULT.withProcesses(2), source,
                    "no such process\nchild 9\nstill here\n"));
            assertThat(result.verdict()).as(result.toString()).isEqualTo(Verdict.ACCEPTED);
            assertThat(victim.isAlive()).isTrue();
            assertThat(ProcessHandle.current().isAlive()).isTrue();
        } finally {
            victim.destroyForcibly();
        }
    }

    @Test
    void backgroundProcessesDieWithTheRun() throws Exception {
        String marker = "assay-orphan-" + UUID.randomUUID();
        String source = """
                import os, sys, time
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        os.execv('/usr/bin/python3', ['python3', '-c', 'import time; time.sleep(300)', '%s'])
                    os._exit(0)
                time.sleep(0.5)
                print('bye')
                """.formatted(marker);
        CompletableFuture<TestResult> run = CompletableFuture.supplyAsync(() ->
                python(Limits.DEFAULT.withProcesses(4), source, "bye\n"));
        // The daemon must really exist while the program runs, or the check after the run proves nothing.
        waitFor(() -> withMarker(marker) > 0 || run.isDone());
        assertThat(run.isDone()).as("the background process was seen while the run went on: %s",
                run.isDone() ? run.join() : "").isFalse();
        TestResult result = underAttack(() -> run.join());
        assertThat(result.verdict()).isEqualTo(Verdict.ACCEPTED);
        waitFor(() -> withMarker(marker) == 0);
        assertThat(withMarker(marker)).isZero();
    }

    private static long withMarker(String marker) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(marker)).orElse(false))
                .count();
    }

    @Test
    void cannotWriteOutsideItsDirectories() {
        String name = "assay-escape-" + UUID.randomUUID();
        String source = """
                import os
                for d in ['/', '/usr', '/usr/bin', '/etc', '/dev', '/proc', '/sys', '/home', '/root', '/var/tmp',
                          '/sandbox/..', '/dev/shm/../..']:
                    try:
                        with open(os.path.join(d, '%s'), 'w') as f:
                            f.write('x')
                        print('wrote', d)
                    except OSError:
                        print('denied')
                try:
                    os.chmod('main.py', 0o777)
                    print('chmod')
                except OSError:
                    print('denied')
                for d in ['/tmp', '/sandbox', '/dev/shm']:
                    with open(os.path.join(d, 'mine'), 'w') as f:
                        f.write('ok')
                print('own dirs ok')
                """.formatted(name);
        TestResult result = underAttack(() -> python(Limits.DEFAULT, source, "denied\n".repeat(13) + "own dirs ok\n"));
        assertThat(result.verdict()).as(result.stdout() + result.stderr()).isEqualTo(Verdict.ACCEPTED);
        for (String dir : List.of("/", "/usr", "/usr/bin", "/etc", "/tmp", "/var/tmp", "/root")) {
            assertThat(Path.of(dir, name)).doesNotExist();
        }
    }

    @Test
    void tmpIsPrivateToEachRun() {
        String name = "assay-tmp-" + UUID.randomUUID();
        TestResult first = python(Limits.DEFAULT, "open('/tmp/%s', 'w').write('x')\nopen('left-behind', 'w').write('x')\n"
                .formatted(name), "");
        assertThat(first.verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(Path.of("/tmp", name)).doesNotExist();
        TestResult second = python(Limits.DEFAULT,
                "import os\nprint(os.path.exists('/tmp/%s'), os.path.exists('left-behind'))\n".formatted(name), "False False\n");
        assertThat(second.verdict()).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void symlinkTricksInTheWorkDirectoryStayInside() {
        String source = """
                import os
                targets = ['/etc/shadow', '%s', '/proc/1/root/etc/shadow', '/proc/self/root/../../etc/shadow']
                for i, target in enumerate(targets):
                    os.symlink(target, f'link{i}')
                    try:
                        print(open(f'link{i}').read()[:50])
                    except OSError:
                        print('denied')
                os.symlink('/', 'root')
                print(sorted(os.listdir('root')))
                """.formatted(engineData.resolve("signing-key.pem"));
        TestResult result = underAttack(() -> python(Limits.DEFAULT, source,
                "denied\ndenied\ndenied\ndenied\n['bin', 'dev', 'etc', 'lib', 'lib64', 'proc', 'sandbox', 'sbin', 'tmp', 'usr']\n"));
        assertThat(result.stdout()).doesNotContain(SECRET);
        assertThat(result.verdict()).as(result.stdout() + result.stderr()).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void symlinkLeftInABuildDirectoryIsNotFollowedOnTheHost() {
        Sandbox sandbox = Sandboxes.get();
        try (Workspace workspace = sandbox.newWorkspace()) {
            Path build = workspace.newDirectory("build");
            workspace.write(build, "ok.txt", "fine");
            Files.createSymbolicLink(build.resolve("leak"), engineData.resolve("signing-key.pem"));
            Files.createSymbolicLink(build.resolve("leakdir"), engineData);
            SandboxResult result = sandbox.run(SandboxRequest.of(List.of("/bin/sh", "-c",
                    "ls; cat leak leakdir/signing-key.pem 2>/dev/null; exit 0"), build, SandboxLimits.defaults().withTasks(8)));
            assertThat(result.stdoutText()).isEqualTo("ok.txt\n").doesNotContain(SECRET);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        assertThat(engineData.resolve("signing-key.pem")).hasContent(SECRET);
    }

    @Test
    void submittedPathsCannotLeaveTheWorkDirectory() {
        CodeAssessment assessment = Sandboxes.single(Language.PYTHON3, Limits.DEFAULT, "", "");
        for (String path : List.of("../escape.py", "/etc/cron.d/x.py", "a/../../b.py", ".hidden.py", "-rf.py", "a//b.py",
                "dir/", "x\u0000.py")) {
            assertThatThrownBy(() -> Sandboxes.grader().run(assessment,
                    CodeSubmission.ofFiles(Map.of("main.py", "print(1)", path, "x"))))
                    .as(path)
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(e -> assertThat(((InvalidInputException) e).violations().getFirst().field())
                            .isEqualTo("files." + path));
        }
    }

    @Test
    void compilerBombs() {
        Sandboxes.assumeLanguage(Language.C);
        SandboxLimits compile = new SandboxLimits(3000, 6000, 1024L << 20, 8L << 20, 16L << 20, 64, 32,
                64 * 1024, 64 * 1024, 64L << 20);
        CodeGrader grader = new CodeGrader(new Runner(Sandboxes.get(), compile), CodeGrader.CHECKER_LIMITS);
        Map<String, String> bombs = Map.of(
                "reads /dev/zero", "#include \"/dev/zero\"\n",
                "huge initialised array", "int big[1 << 28] = {1};\nint main(void) { return big[0]; }\n",
                "exponential macros", """
                        #define A(x) x x x x x x x x
                        #define B(x) A(A(A(x)))
                        #define C(x) B(B(B(x)))
                        int main(void) { C(;) return 0; }
                        """);
        for (Map.Entry<String, String> bomb : bombs.entrySet()) {
            long start = System.nanoTime();
            CodeReport report = underAttackReport(() -> grader.run(
                    Sandboxes.single(Language.C, TIGHT, "", ""), CodeSubmission.ofSource(bomb.getValue())));
            assertThat(report.compiled()).as(bomb.getKey()).isFalse();
            assertThat(report.tests().getFirst().verdict()).isEqualTo(Verdict.COMPILE_ERROR);
            assertThat(report.compilerMessage()).isNotBlank();
            assertThat((System.nanoTime() - start) / 1_000_000).as(bomb.getKey()).isLessThan(15_000);
        }
    }

    private static CodeReport underAttackReport(Supplier<CodeReport> attack) {
        CodeReport[] holder = new CodeReport[1];
        underAttack(() -> {
            holder[0] = attack.get();
            return holder[0].tests().getFirst();
        });
        return holder[0];
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
