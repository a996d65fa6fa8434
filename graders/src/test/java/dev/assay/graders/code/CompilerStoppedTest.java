package dev.assay.graders.code;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A compiler killed from outside its sandbox (the OOM killer, an operator) is the machine's failure: the build
 * throws {@link SandboxException}, so the work is graded again, instead of telling the learner their code used too
 * much CPU time. Real compilers in real sandboxes, killed the way the kernel would.
 */
class CompilerStoppedTest {

    @Test
    void aCompilerProperKilledUnderGccsDriverIsNotACompileError() {
        Sandboxes.assumeLanguage(Language.CPP);
        StringBuilder source = new StringBuilder("#include <map>\n#include <string>\n#include <vector>\n");
        for (int i = 0; i < 400; i++) {
            // Enough template work at -O2 for the compiler to run for seconds, long enough to be found and killed.
            source.append("std::map<std::string, std::vector<int>> f").append(i).append("(int x) { std::map<std::string,"
                    + " std::vector<int>> m; m[std::to_string(x)].push_back(x * ").append(i).append("); return m; }\n");
        }
        source.append("int main() { return 0; }\n");
        assertStoppedFromOutside(Language.CPP, Map.of("main.cpp", source.toString()),
                command -> command.endsWith("/cc1plus"));
    }

    @Test
    void aJavaCompilerKilledEarlyIsNotACompileError() {
        Sandboxes.assumeLanguage(Language.JAVA);
        StringBuilder source = new StringBuilder("public class Main {\n");
        for (int i = 0; i < 3000; i++) {
            source.append("  static int f").append(i).append("(int x) { return x * ").append(i).append(" + 1; }\n");
        }
        source.append("  public static void main(String[] args) { }\n}\n");
        assertStoppedFromOutside(Language.JAVA, Map.of("Main.java", source.toString()),
                command -> command.endsWith("/javac"));
    }

    private static void assertStoppedFromOutside(Language language, Map<String, String> files,
                                                 Predicate<String> compiler) {
        Runner runner = new Runner(Sandboxes.get());
        try (Workspace workspace = runner.sandbox().newWorkspace()) {
            CompletableFuture<Runner.Built> build = CompletableFuture.supplyAsync(
                    () -> runner.build(workspace, "src", language, files, null));
            ProcessHandle found = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> compilerOf(compiler), Optional::isPresent).orElseThrow();
            found.destroyForcibly();
            assertThatThrownBy(build::join).cause().isInstanceOf(SandboxException.class)
                    .hasMessageContaining("from outside the sandbox");
        }
    }

    /** The compiler among this JVM's descendants: a sandbox's processes are children of its bubblewrap. */
    private static Optional<ProcessHandle> compilerOf(Predicate<String> compiler) {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().filter(compiler).isPresent())
                .findFirst();
    }

    @Test
    void theCpuLimitAndTheLearnersOwnErrorsStayCompileErrors() {
        SandboxLimits limits = Runner.defaultCompileLimits();
        assertThat(Runner.stoppedFromOutside(signaled(24, 20_500), limits)).isNull();
        // SIGKILL at the hard limit can only come once the run had that much CPU time on every processor.
        assertThat(Runner.stoppedFromOutside(signaled(9, 21_500), limits)).isNull();
        assertThat(Runner.stoppedFromOutside(signaled(11, 300), limits)).isNull();
        assertThat(Runner.stoppedFromOutside(signaled(9, 300), limits)).contains("SIGKILL");
        assertThat(Runner.stoppedFromOutside(signaled(15, 30_000), limits)).contains("SIGTERM");
        assertThat(Runner.stoppedFromOutside(exited("g++: fatal error: Killed signal terminated program cc1plus", 900),
                limits)).contains("cc1plus");
        assertThat(Runner.stoppedFromOutside(exited(
                "g++: fatal error: CPU time limit exceeded signal terminated program cc1plus", 20_400), limits)).isNull();
        assertThat(Runner.stoppedFromOutside(exited("main.c:1: error: 'x' undeclared", 200), limits)).isNull();
    }

    private static SandboxResult signaled(int signal, long wallMillis) {
        return new SandboxResult(SandboxResult.Termination.SIGNALED, -1, signal, wallMillis, new byte[0], new byte[0],
                false, false);
    }

    private static SandboxResult exited(String stderr, long wallMillis) {
        return new SandboxResult(SandboxResult.Termination.EXITED, 1, 0, wallMillis, new byte[0],
                stderr.getBytes(java.nio.charset.StandardCharsets.UTF_8), false, false);
    }
}
