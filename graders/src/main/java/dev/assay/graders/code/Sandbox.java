package dev.assay.graders.code;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs process trees in fresh bubblewrap sandboxes. Every {@link #run} gets new namespaces (user, mount, PID, network,
 * IPC, UTS, cgroup): no network at all (its own loopback only), its own PID 1, a read-only view of the system
 * directories in {@link SandboxConfig#systemPaths()}, private size-limited {@code /tmp}, {@code /dev/shm} and work
 * directory, nothing else of the host (no {@code /etc/shadow}, {@code /root}, {@code /home}, the engine's files or
 * data). The program runs as an unprivileged uid that maps to a non-root host uid, with no capabilities, no new
 * privileges, no way to create further user namespaces, in a new session; rlimits bound CPU, address space, stack,
 * file size, open files and tasks; the caller's clock bounds wall time, and output is cut at its limit. When a run
 * ends for any reason the whole tree is killed: killing bubblewrap kills the sandbox's PID 1
 * ({@code --die-with-parent}), and the kernel kills every process of a PID namespace whose init exits. Sandboxes
 * are started by {@link ProcessLauncher}, so that they die with the JVM and not with the thread that asked.
 *
 * <p>Thread-safe and stateless apart from its configuration: the engine decides how many runs go at once.
 * If the sandbox cannot be made, {@link #create} throws {@link SandboxUnavailableException}; nothing ever runs
 * unsandboxed.
 */
public final class Sandbox {
    private final java.util.Set<Process> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    /** The working directory inside every sandbox. */
    public static final String WORK = "/sandbox";
    /** The uid (and gid) programs see inside the sandbox. */
    public static final int INSIDE_UID = 65534;


    private final SandboxConfig config;
    private final boolean root;
    private final List<String> fixedArgs;
    private final String version;

    private Sandbox(SandboxConfig config, boolean root, List<String> fixedArgs, String version) {
        this.config = config;
        this.root = root;
        this.fixedArgs = fixedArgs;
        this.version = version;
    }

    /** A sandbox with {@link SandboxConfig#defaults()}; throws {@link SandboxUnavailableException} if none can be made. */
    public static Sandbox create() {
        return create(SandboxConfig.defaults());
    }

    /** Checks the host, then runs a trivial program in a sandbox to prove it works; throws if it does not. */
    public static Sandbox create(SandboxConfig config) {
        Sandbox sandbox = prepare(config);
        OrphanedSandboxes.stop(config.workRoot());
        String problem = sandbox.selfTest();
        if (problem != null) {
            throw new SandboxUnavailableException(problem);
        }
        return sandbox;
    }

    /** Whether sandboxes can be made here with the default configuration (about 10 ms: it runs one). */
    public static SandboxStatus probe() {
        return probe(SandboxConfig.defaults());
    }

    public static SandboxStatus probe(SandboxConfig config) {
        Sandbox sandbox;
        try {
            sandbox = prepare(config);
        } catch (SandboxUnavailableException e) {
            return SandboxStatus.down(e.getMessage(), SandboxHost.bwrapVersion(config.bwrap()));
        }
        String problem = sandbox.selfTest();
        return problem == null ? SandboxStatus.up(sandbox.version) : SandboxStatus.down(problem, sandbox.version);
    }

    /**
     * Stops every sandbox running now and refuses new ones: for a node shutting down. Each run that is stopped
     * throws {@link SandboxUnavailableException}, so nothing it was grading is recorded and the work is graded
     * again elsewhere. Without this, a sandbox whose bubblewrap outlived the engine could be left behind.
     *
     * @return how many running sandboxes were stopped
     */
    public int shutdown() {
        closing = true;
        int stopped = 0;
        for (Process p : running) {
            killTree(p);
            stopped++;
        }
        return stopped;
    }

    /** Sandboxes running now (for tests and metrics). */
    public int running() {
        return running.size();
    }

    public SandboxConfig config() {
        return config;
    }

    /** bubblewrap's version, e.g. {@code 0.8.0}. */
    public String version() {
        return version;
    }

    /** A fresh host directory for one submission's files; close it to delete it. */
    public Workspace newWorkspace() {
        return Workspace.create(config.workRoot(), root ? config.hostUid() : -1, root ? config.hostGid() : -1);
    }

    private static Sandbox prepare(SandboxConfig config) {
        SandboxHost.requireExecutable(config.bwrap(), "bubblewrap (" + config.bwrap()
                + ") is not installed or not executable; install the 'bubblewrap' package");
        SandboxHost.requireExecutable(config.prlimit(), "prlimit (" + config.prlimit()
                + ") is not installed; install the 'util-linux' package");
        boolean root = SandboxHost.isRoot();
        if (root) {
            SandboxHost.requireExecutable(config.setpriv(), "the engine runs as root and needs setpriv (" + config.setpriv()
                    + ", package 'util-linux') to start sandboxes as an unprivileged uid");
        }
        if (config.systemPaths().stream().noneMatch(config.prlimit()::startsWith)) {
            throw new SandboxUnavailableException("prlimit " + config.prlimit() + " is outside the sandbox's system paths");
        }
        Path etc;
        try {
            Path workRoot = config.workRoot();
            if (!Files.exists(workRoot, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(workRoot);
            }
            // In a shared /tmp someone else could have made this name first (a link elsewhere, a directory of theirs).
            PosixFileAttributes attributes = Files.readAttributes(workRoot, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Object owner = Files.getAttribute(workRoot, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            Object self = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            if (!attributes.isDirectory() || !owner.equals(self)) {
                throw new SandboxUnavailableException("the sandbox work root " + workRoot
                        + " must be a directory (not a link) owned by the engine's user; remove it or configure another");
            }
            Files.setPosixFilePermissions(workRoot, PosixFilePermissions.fromString("rwx--x--x"));
            etc = SandboxHost.writeEtc(workRoot);
            SandboxHost.removeStale(workRoot);
        } catch (IOException | UnsupportedOperationException e) {
            throw new SandboxUnavailableException("cannot prepare the sandbox work root " + config.workRoot() + ": " + e, e);
        }
        return new Sandbox(config, root, SandboxHost.fixedArgs(config, root, etc), SandboxHost.bwrapVersion(config.bwrap()));
    }

    /** Runs the request to completion (or to its limits) and returns how it ended. */
    public SandboxResult run(SandboxRequest request) {
        return run(request, true);
    }

    /** @param selfTestOnSetupFailure false for the self-test's own run, which must not test itself again */
    private SandboxResult run(SandboxRequest request, boolean selfTestOnSetupFailure) {
        if (closing) {
            throw new SandboxUnavailableException("this node is shutting down and starts no more sandboxes");
        }
        // What bubblewrap would fail on for this request alone is checked here, so that its failures (told apart
        // from a program's by a self-test) only ever mean a broken machine.
        if (request.workDir() != null && !Files.isDirectory(request.workDir(), LinkOption.NOFOLLOW_LINKS)) {
            throw new SandboxException("the work directory " + request.workDir() + " is not a directory");
        }
        for (SandboxRequest.Mount mount : request.mounts()) {
            if (!Files.exists(mount.host(), LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(mount.host())) {
                throw new SandboxException("cannot mount " + mount.host() + ": missing, or a symbolic link");
            }
        }
        List<String> argv = commandLine(request);
        ProcessBuilder builder = new ProcessBuilder(argv);
        // Nothing of the engine's environment (credentials, URLs) reaches even bubblewrap itself.
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.directory(Path.of("/").toFile());
        AtomicReference<SandboxResult.Termination> killedFor = new AtomicReference<>();
        long start = System.nanoTime();
        Process process;
        try {
            process = ProcessLauncher.start(builder);
        } catch (IOException e) {
            throw new SandboxUnavailableException("cannot start bubblewrap: " + e.getMessage(), e);
        }
        running.add(process);
        if (closing) {
            killTree(process); // shutdown() ran between the check above and this sandbox's registration
        }
        try {
            return await(request, process, killedFor, start, selfTestOnSetupFailure);
        } finally {
            running.remove(process);
        }
    }

    private SandboxResult await(SandboxRequest request, Process process,
                                AtomicReference<SandboxResult.Termination> killedFor, long start, boolean selfTest) {
        SandboxLimits limits = request.limits();
        Runnable overflow = () -> {
            if (killedFor.compareAndSet(null, SandboxResult.Termination.OUTPUT_LIMIT)) {
                killTree(process);
            }
        };
        OutputCapture stdout = new OutputCapture(process.getInputStream(), limits.stdoutBytes(), overflow);
        OutputCapture stderr = new OutputCapture(process.getErrorStream(), limits.stderrBytes(), overflow);
        Thread outThread = Thread.ofVirtual().name("sandbox-stdout").start(stdout);
        Thread errThread = Thread.ofVirtual().name("sandbox-stderr").start(stderr);
        Thread inThread = Thread.ofVirtual().name("sandbox-stdin")
                .start(() -> OutputCapture.feed(process.getOutputStream(), request.stdin()));
        try {
            if (!process.waitFor(limits.wallMillis(), TimeUnit.MILLISECONDS)) {
                killedFor.compareAndSet(null, SandboxResult.Termination.WALL_TIMEOUT);
                killTree(process);
                process.waitFor();
            }
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            throw new SandboxException("interrupted while a sandbox was running", e);
        }
        long wallMillis = (System.nanoTime() - start) / 1_000_000;
        stdout.awaitEnd(outThread);
        stderr.awaitEnd(errThread);
        inThread.interrupt();
        if (closing) {
            throw new SandboxUnavailableException("this node shut down while the sandbox ran");
        }
        int status = process.exitValue();
        byte[] err = stderr.bytes();
        SandboxResult.Termination ours = killedFor.get();
        if (ours != null) {
            return new SandboxResult(ours, -1, 9, wallMillis, stdout.bytes(), err, stdout.overflowed(), stderr.overflowed());
        }
        if (selfTest && status == 1 && stdout.total() == 0 && setupFailed(err)) {
            // bubblewrap's own failure, or a program printing the same words: a trivial sandbox tells them apart, so
            // that a program cannot turn its grading into an endless retry.
            String problem = selfTest();
            if (problem != null) {
                throw new SandboxException("the sandbox could not be set up: " + firstLine(err) + " (" + problem + ")");
            }
        }
        if (status > 128 && status < 128 + 65) {
            return new SandboxResult(SandboxResult.Termination.SIGNALED, -1, status - 128, wallMillis, stdout.bytes(),
                    err, false, false);
        }
        return new SandboxResult(SandboxResult.Termination.EXITED, status, 0, wallMillis, stdout.bytes(), err, false, false);
    }

    /** The full host command line for a request (exposed for tests and for operators debugging a sandbox). */
    public List<String> commandLine(SandboxRequest request) {
        SandboxLimits limits = request.limits();
        List<String> argv = new ArrayList<>(fixedArgs);
        argv.add("--size");
        argv.add(Long.toString(limits.tmpfsBytes()));
        argv.add("--tmpfs");
        argv.add("/tmp");
        if (request.workDir() != null && request.writableWorkDir()) {
            argv.add("--bind");
            argv.add(request.workDir().toString());
            argv.add(WORK);
        } else {
            argv.add("--size");
            argv.add(Long.toString(limits.tmpfsBytes()));
            argv.add("--tmpfs");
            argv.add(WORK);
            if (request.workDir() != null) {
                for (Path entry : entries(request.workDir())) {
                    argv.add("--ro-bind");
                    argv.add(entry.toString());
                    argv.add(WORK + "/" + entry.getFileName());
                }
            }
        }
        for (SandboxRequest.Mount mount : request.mounts()) {
            argv.add("--ro-bind");
            argv.add(mount.host().toString());
            argv.add(mount.target());
        }
        argv.add("--remount-ro");
        argv.add("/");
        argv.add("--chdir");
        argv.add(WORK);
        Map<String, String> env = new TreeMap<>(Map.of(
                "PATH", "/usr/local/bin:/usr/bin:/bin",
                "HOME", "/tmp",
                "TMPDIR", "/tmp",
                "LANG", "C.UTF-8",
                "LC_ALL", "C.UTF-8",
                "USER", "sandbox"));
        env.putAll(request.env());
        argv.add("--clearenv");
        env.forEach((name, value) -> {
            argv.add("--setenv");
            argv.add(name);
            argv.add(value);
        });
        argv.add("--");
        argv.add(config.prlimit().toString());
        long cpuSeconds = Math.max(1, (limits.cpuMillis() + 999) / 1000);
        argv.add("--cpu=" + cpuSeconds + ":" + (cpuSeconds + 1));
        argv.add("--as=" + limits.addressSpaceBytes());
        argv.add("--stack=" + (limits.stackBytes() == SandboxLimits.UNLIMITED_STACK ? "unlimited" : limits.stackBytes()));
        argv.add("--fsize=" + limits.fileSizeBytes());
        argv.add("--nofile=" + limits.openFiles());
        argv.add("--nproc=" + limits.tasks());
        argv.add("--core=0");
        argv.add("--");
        argv.addAll(request.command());
        return argv;
    }

    /**
     * The regular files and directories directly inside a work directory. Symbolic links are left out: bubblewrap
     * resolves a bind source on the host, so a link left by a compile step could otherwise expose a host file.
     */
    private static List<Path> entries(Path dir) {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path entry : stream) {
                BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                if (attributes.isRegularFile() || attributes.isDirectory()) {
                    entries.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the work directory " + dir, e);
        }
        entries.sort(null);
        return entries;
    }

    private String selfTest() {
        SandboxLimits limits = SandboxLimits.defaults().withWallMillis(10_000);
        try {
            SandboxResult result = run(SandboxRequest.of(List.of("/bin/sh", "-c", "exit 0"), null, limits), false);
            if (!result.succeeded()) {
                return "a trivial sandboxed program failed (" + result.termination() + ", exit " + result.exitCode()
                        + "): " + firstLine(result.stderr());
            }
            return null;
        } catch (SandboxException | SandboxUnavailableException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return "cannot run a sandbox: " + e;
        }
    }

    private static boolean setupFailed(byte[] stderr) {
        String text = new String(stderr, 0, Math.min(stderr.length, 200), StandardCharsets.UTF_8);
        return text.startsWith("bwrap: ") || text.startsWith("setpriv: ") || text.startsWith("prlimit: ");
    }

    private static String firstLine(byte[] bytes) {
        String text = new String(bytes, 0, Math.min(bytes.length, 500), StandardCharsets.UTF_8).strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    static void killTree(Process process) {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
