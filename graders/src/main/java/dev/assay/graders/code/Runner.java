package dev.assay.graders.code;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds and runs programs of every {@link Language} in the {@link Sandbox}: a compile step (its own sandbox, with
 * the program's directory writable so the output survives) and then any number of run steps (each a fresh sandbox
 * whose work directory is a private tmpfs showing the built files read-only).
 *
 * <ul>
 *   <li>Python 3: {@code python3 -m py_compile} (syntax errors are compile errors), run {@code python3 -B -s main}.</li>
 *   <li>Java: {@code javac -proc:none -d classes} on all {@code .java} files (support files included); the main class
 *       is found in the class files (see {@link JavaMainFinder}); run with {@code -Xmx} = the memory limit and
 *       Serial GC; the address-space limit is the memory limit + 1 GiB, since a JVM reserves far more than it uses.</li>
 *   <li>C / C++: {@code gcc -std=gnu17 -O2} / {@code g++ -std=gnu++17 -O2} on all sources, {@code -lm}.</li>
 *   <li>JavaScript: {@code node --check main} then {@code node --max-old-space-size=<memory> main}; address space
 *       memory + 1 GiB (V8 reserves its code range up front).</li>
 * </ul>
 * Thread-safe; holds no state besides its configuration.
 */
public final class Runner {

    private static final long MB = 1024L * 1024;
    /** At most this much of a compiler's output is kept for the learner. */
    public static final int MAX_COMPILER_MESSAGE = 8 * 1024;

    /** GCC's driver naming the signal (its strsignal text) that ended cc1, cc1plus, as or ld. */
    private static final Pattern GCC_STOPPED = Pattern.compile(
            "(Killed|Terminated|Hangup|Interrupt|Quit) signal terminated program \\S+");

    private final Sandbox sandbox;
    private final SandboxLimits compileLimits;

    public Runner(Sandbox sandbox) {
        this(sandbox, defaultCompileLimits());
    }

    public Runner(Sandbox sandbox, SandboxLimits compileLimits) {
        this.sandbox = sandbox;
        this.compileLimits = compileLimits;
    }

    /** 20 s of CPU, 30 s on the clock, 2 GiB of address space, 64 MiB files, 256 KiB of messages. */
    public static SandboxLimits defaultCompileLimits() {
        return new SandboxLimits(20_000, 30_000, 2048 * MB, 64 * MB, 64 * MB, 256, 64, 256 * 1024, 256 * 1024, 256 * MB);
    }

    public Sandbox sandbox() {
        return sandbox;
    }

    /**
     * A program ready to run, or the reason it is not ({@link #compileError()} non-null: the compiler's message, or
     * e.g. "no class has a main method").
     *
     * @param command       argv inside the sandbox, before the test's arguments
     * @param compileResult the compile step's sandbox result, null when the language has none
     */
    public record Built(Language language, Path dir, List<String> command, String compileError,
                        SandboxResult compileResult, String compilerWarnings) {
        public boolean ok() {
            return compileError == null;
        }
    }

    /**
     * Writes {@code files} into a new directory {@code dirName} of the workspace and compiles them.
     *
     * @param main the entry file for Python and JavaScript, the preferred main class's file for Java, else ignored
     * @throws LanguageUnavailableException when this machine has no toolchain for the language
     */
    public Built build(Workspace workspace, String dirName, Language language, Map<String, String> files, String main) {
        Map<String, byte[]> bytes = new java.util.LinkedHashMap<>();
        files.forEach((name, text) -> bytes.put(name, text.getBytes(StandardCharsets.UTF_8)));
        return buildFiles(workspace, dirName, language, bytes, main);
    }

    /** Like {@link #build}, for files that need not be text (a data file a program reads, say). */
    public Built buildFiles(Workspace workspace, String dirName, Language language, Map<String, byte[]> files,
                            String main) {
        Languages.Toolchain toolchain = Languages.toolchain(language).orElseThrow(() ->
                new LanguageUnavailableException(language));
        Path dir = workspace.newDirectory(dirName);
        List<String> sources = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            workspace.write(dir, file.getKey(), file.getValue());
            if (language.isSource(file.getKey())) {
                sources.add(file.getKey());
            }
        }
        sources.sort(null);
        return switch (language) {
            case PYTHON3 -> buildPython(toolchain, dir, sources, main);
            case JAVA -> buildJava(toolchain, dir, sources, main);
            case C, CPP -> buildNative(toolchain, dir, sources);
            case JAVASCRIPT -> buildNode(toolchain, dir, main);
        };
    }

    /** Runs a built program once, in a fresh sandbox. */
    public SandboxResult run(Built built, List<String> args, byte[] stdin, Limits limits, List<SandboxRequest.Mount> mounts) {
        if (!built.ok()) {
            throw new IllegalStateException("the program did not compile");
        }
        List<String> command = new ArrayList<>();
        for (String part : built.command()) {
            // The JVM's heap and V8's old space are sized from the memory limit of this run.
            command.add(part.contains("%d") ? String.format(java.util.Locale.ROOT, part, limits.memoryMb()) : part);
        }
        command.addAll(args);
        SandboxRequest request = new SandboxRequest(command, built.dir(), false, mounts, stdin, runEnv(built.language()),
                runLimits(built.language(), limits));
        return sandbox.run(request);
    }

    /** The sandbox limits for running a program of {@code language} under the assessment's {@code limits}. */
    public static SandboxLimits runLimits(Language language, Limits limits) {
        long memory = limits.memoryBytes();
        long addressSpace = switch (language) {
            case PYTHON3 -> memory + 64 * MB;
            case C, CPP -> memory + 16 * MB;
            case JAVA, JAVASCRIPT -> memory + 1024 * MB;
        };
        int runtimeTasks = switch (language) {
            case PYTHON3, C, CPP -> 0;
            case JAVA -> 40;
            case JAVASCRIPT -> 16;
        };
        int openFiles = language == Language.JAVA || language == Language.JAVASCRIPT ? 256 : 64;
        // Python, C and C++ threads take glibc's default stack, which is the stack limit unless there is none; the
        // JVM and V8 size their threads' stacks themselves.
        long stack = switch (language) {
            case PYTHON3, C, CPP -> SandboxLimits.UNLIMITED_STACK;
            case JAVA, JAVASCRIPT -> Math.min(64 * MB, Math.max(8 * MB, memory / 4));
        };
        long output = limits.outputBytes();
        long tmpfs = Math.min(2048 * MB, Math.max(8 * MB, 2 * limits.fileSizeBytes()));
        // +1: the sandbox's init (bubblewrap's PID 1) runs as the same user and counts against RLIMIT_NPROC.
        return new SandboxLimits(limits.cpuMillis(), limits.wallMillis(), addressSpace, stack, limits.fileSizeBytes(),
                openFiles, limits.processes() + runtimeTasks + 1, output, Math.max(output, 64 * 1024), tmpfs);
    }

    private static Map<String, String> runEnv(Language language) {
        // glibc gives each thread a 64 MiB malloc arena of address space; under RLIMIT_AS that starves runtimes.
        return switch (language) {
            case PYTHON3 -> Map.of("MALLOC_ARENA_MAX", "2", "PYTHONDONTWRITEBYTECODE", "1");
            default -> Map.of("MALLOC_ARENA_MAX", "2");
        };
    }

    private Built buildPython(Languages.Toolchain toolchain, Path dir, List<String> sources, String main) {
        String python = toolchain.runtime().toString();
        List<String> compile = new ArrayList<>(List.of(python, "-m", "py_compile"));
        compile.addAll(sources);
        SandboxResult result = compile(compile, dir, Map.of("MALLOC_ARENA_MAX", "2"));
        if (!result.succeeded()) {
            return failed(Language.PYTHON3, dir, result);
        }
        return new Built(Language.PYTHON3, dir, List.of(python, "-B", "-s", main), null, result, "");
    }

    private Built buildNode(Languages.Toolchain toolchain, Path dir, String main) {
        String node = toolchain.runtime().toString();
        SandboxResult result = compile(List.of(node, "--check", main), dir, Map.of("MALLOC_ARENA_MAX", "2"));
        if (!result.succeeded()) {
            return failed(Language.JAVASCRIPT, dir, result);
        }
        return new Built(Language.JAVASCRIPT, dir, List.of(node, "--max-old-space-size=%d", main), null, result, "");
    }

    private Built buildNative(Languages.Toolchain toolchain, Path dir, List<String> sources) {
        Language language = toolchain.language();
        List<String> compile = new ArrayList<>(List.of(toolchain.compiler().toString(),
                language == Language.C ? "-std=gnu17" : "-std=gnu++17", "-O2", "-pipe", "-Wall",
                "-fdiagnostics-color=never", "-o", "prog"));
        compile.addAll(sources);
        compile.add("-lm");
        SandboxResult result = compile(compile, dir, Map.of());
        if (!result.succeeded()) {
            return failed(language, dir, result);
        }
        return new Built(language, dir, List.of(Sandbox.WORK + "/prog"), null, result, clip(result.stderrText()));
    }

    private Built buildJava(Languages.Toolchain toolchain, Path dir, List<String> sources, String main) {
        List<String> compile = new ArrayList<>(List.of(toolchain.compiler().toString(),
                "-J-Xmx512m", "-J-Xss8m", "-J-XX:+UseSerialGC", "-J-XX:TieredStopAtLevel=1", "-J-XX:-UsePerfData",
                "-J-XX:CompressedClassSpaceSize=64m", "-J-XX:ReservedCodeCacheSize=64m",
                "-encoding", "UTF-8", "-proc:none", "-implicit:class", "-Xmaxerrs", "50", "-d", "classes"));
        compile.addAll(sources);
        SandboxResult result = compile(compile, dir, Map.of("MALLOC_ARENA_MAX", "2"));
        if (!result.succeeded()) {
            return failed(Language.JAVA, dir, result);
        }
        List<JavaMainFinder.MainClass> mains;
        try {
            mains = JavaMainFinder.find(dir.resolve("classes"), Languages.feature(toolchain.version()) >= 25);
        } catch (IOException e) {
            return new Built(Language.JAVA, dir, List.of(), "the compiled classes could not be read: " + e.getMessage(),
                    result, "");
        }
        String preferred = main == null ? null : main.replaceFirst("\\.java$", "").replace('/', '.');
        String chosen = chooseMain(mains, preferred);
        if (chosen == null) {
            String error = mains.isEmpty()
                    ? "no class has a main method (public static void main(String[] args))"
                    : "several classes have a main method (" + String.join(", ", mains.stream().map(JavaMainFinder.MainClass::name).toList())
                    + "); keep one, or name the class Main";
            return new Built(Language.JAVA, dir, List.of(), error, result, "");
        }
        // HotSpot's unified logging writes warnings (a thread it could not start under RLIMIT_NPROC, say) to stdout,
        // where they would be judged as the program's output: send them, and only warnings and errors, to stderr.
        List<String> run = List.of(toolchain.runtime().toString(), "-Xmx%dm", "-Xss8m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-XX:CompressedClassSpaceSize=64m", "-XX:ReservedCodeCacheSize=48m",
                "-XX:-UsePerfData", "-Xlog:disable", "-Xlog:all=warning:stderr", "-Djava.io.tmpdir=/tmp",
                "-cp", "classes", chosen);
        return new Built(Language.JAVA, dir, run, null, result, clip(result.stderrText()));
    }

    static String chooseMain(List<JavaMainFinder.MainClass> mains, String preferred) {
        if (preferred != null) {
            for (JavaMainFinder.MainClass main : mains) {
                if (main.name().equals(preferred)) {
                    return main.name();
                }
            }
        }
        List<JavaMainFinder.MainClass> classic = mains.stream().filter(JavaMainFinder.MainClass::classic).toList();
        List<JavaMainFinder.MainClass> candidates = classic.isEmpty() ? mains : classic;
        List<JavaMainFinder.MainClass> topLevel = candidates.stream().filter(m -> !m.name().contains("$")).toList();
        if (!topLevel.isEmpty()) {
            candidates = topLevel;
        }
        if (candidates.size() == 1) {
            return candidates.getFirst().name();
        }
        for (JavaMainFinder.MainClass main : candidates) {
            if (main.name().equals("Main") || main.name().endsWith(".Main")) {
                return main.name();
            }
        }
        return null;
    }

    private SandboxResult compile(List<String> command, Path dir, Map<String, String> env) {
        SandboxResult result = sandbox.run(new SandboxRequest(command, dir, true, List.of(), new byte[0], env,
                compileLimits));
        String stopped = stoppedFromOutside(result, compileLimits);
        if (stopped != null) {
            throw new SandboxException("the compiler was " + stopped + " from outside the sandbox (the kernel's "
                    + "out-of-memory killer or an operator); nothing was graded and the work is graded again");
        }
        return result;
    }

    /**
     * How a compiler was stopped when nothing inside its sandbox can have done it, else null. No learner code runs
     * while compiling, and the CPU limit ends a compiler with SIGXCPU, or with SIGKILL at the hard limit a second
     * later, which no run reaches sooner than that much CPU time spread over every processor. A compiler killed
     * sooner, or sent a signal only a person sends, was stopped by the machine: that is not the learner's compile
     * error, and must not be graded as one. GCC's driver survives its compiler proper and reports the signal itself.
     */
    static String stoppedFromOutside(SandboxResult result, SandboxLimits limits) {
        long cpuHardLimitMillis = ((limits.cpuMillis() + 999) / 1000 + 1) * 1000;
        boolean beforeCpuLimit = result.wallMillis() < cpuHardLimitMillis / Runtime.getRuntime().availableProcessors();
        return switch (result.termination()) {
            case SIGNALED -> switch (result.signal()) {
                case Verdicts.SIGKILL -> beforeCpuLimit ? "killed (SIGKILL)" : null;
                case 1, 2, 3, 15 -> "stopped by " + Verdicts.signalName(result.signal());
                default -> null;
            };
            case EXITED -> {
                var driver = GCC_STOPPED.matcher(result.stderrText());
                yield driver.find() && (!driver.group(1).equals("Killed") || beforeCpuLimit)
                        ? "stopped (" + driver.group() + ")" : null;
            }
            case WALL_TIMEOUT, OUTPUT_LIMIT -> null;
        };
    }

    private Built failed(Language language, Path dir, SandboxResult result) {
        return new Built(language, dir, List.of(), compilerMessage(result), result, "");
    }

    /** What the learner is told when compiling failed. */
    static String compilerMessage(SandboxResult result) {
        String text = (result.stderrText() + (result.stdout().length > 0 ? "\n" + result.stdoutText() : "")).strip();
        String why = switch (result.termination()) {
            case WALL_TIMEOUT -> "compilation took too long and was stopped";
            case OUTPUT_LIMIT -> "the compiler wrote too many messages and was stopped";
            case SIGNALED -> switch (result.signal()) {
                case 24, 9 -> "compilation used too much CPU time and was stopped";
                case 25 -> "compilation produced a file beyond the size limit and was stopped";
                default -> "the compiler was killed by signal " + result.signal() + " (" + Verdicts.signalName(result.signal())
                        + "), probably for using too much memory";
            };
            case EXITED -> "";
        };
        if (why.isEmpty()) {
            return clip(text.isEmpty() ? "the compiler failed with exit status " + result.exitCode() : text);
        }
        return clip(text.isEmpty() ? why : why + "\n" + text);
    }

    static String clip(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_COMPILER_MESSAGE) {
            return text;
        }
        return new String(bytes, 0, MAX_COMPILER_MESSAGE, StandardCharsets.UTF_8) + "\n… (truncated)";
    }
}
