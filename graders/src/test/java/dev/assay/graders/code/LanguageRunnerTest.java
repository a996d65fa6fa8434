package dev.assay.graders.code;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every language end to end: stdin, arguments, support files, compile errors, runtime errors, memory. A language is
 * skipped only when its toolchain is absent from this machine.
 */
class LanguageRunnerTest {

    /** Reads two numbers from stdin, prints their sum and then the command-line arguments joined by commas. */
    private static CodeAssessment sumAndArgs(Language language, String main, List<CodeFile> files) {
        TestCase test = new TestCase("sum", "", "20 22\n", List.of("x", "y z"), "42\nx,y z\n",
                new Checker.TrailingWhitespace(), 1, true, null);
        return new CodeAssessment(language, main, files, Limits.DEFAULT, List.of(test), List.of());
    }

    private static CodeReport grade(CodeAssessment assessment, CodeSubmission submission) {
        Sandboxes.assumeLanguage(assessment.language());
        return Sandboxes.grader().run(assessment, submission);
    }

    private static void assertAccepted(CodeReport report) {
        assertThat(report.compiled()).as(report.compilerMessage()).isTrue();
        assertThat(report.tests().getFirst().verdict()).as(report.tests().getFirst().toString()).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void languagesAreListedWithTheirVersions() {
        List<Languages.LanguageInfo> available = Languages.available();
        assertThat(available).allSatisfy(info -> assertThat(info.version()).matches("\\d+(\\.\\d+)+"));
        assertThat(available).extracting(Languages.LanguageInfo::name).doesNotHaveDuplicates();
        for (Languages.LanguageInfo info : available) {
            assertThat(Languages.toolchain(info.language()).orElseThrow().runtime()).startsWith(java.nio.file.Path.of("/usr"));
        }
    }

    @Test
    void python() {
        CodeAssessment assessment = sumAndArgs(Language.PYTHON3, null,
                List.of(new CodeFile("helpers/arith.py", "def add(a, b):\n    return a + b\n", CodeFile.Role.SUPPORT)));
        assertAccepted(grade(assessment, CodeSubmission.ofSource("""
                import sys
                from helpers.arith import add
                a, b = map(int, sys.stdin.read().split())
                print(add(a, b))
                print(','.join(sys.argv[1:]))
                """)));
        CodeReport syntax = grade(assessment, CodeSubmission.ofSource("print('unclosed'\n"));
        assertThat(syntax.compiled()).isFalse();
        assertThat(syntax.compilerMessage()).contains("SyntaxError");
        assertThat(syntax.tests().getFirst().verdict()).isEqualTo(Verdict.COMPILE_ERROR);
        TestResult crash = grade(assessment, CodeSubmission.ofSource("raise ValueError('boom')\n")).tests().getFirst();
        assertThat(crash.verdict()).isEqualTo(Verdict.RUNTIME_ERROR);
        assertThat(crash.exitCode()).isEqualTo(1);
        assertThat(crash.stderr()).contains("ValueError: boom");
        TestResult exit = grade(assessment, CodeSubmission.ofSource("import sys\nsys.exit(3)\n")).tests().getFirst();
        assertThat(exit.detail()).isEqualTo("exit status 3");
    }

    @Test
    void java() {
        CodeFile helper = new CodeFile("util/Arith.java",
                "package util;\npublic final class Arith { public static long add(long a, long b) { return a + b; } }\n",
                CodeFile.Role.SUPPORT);
        CodeAssessment assessment = sumAndArgs(Language.JAVA, null, List.of(helper));
        String solution = """
                import java.util.Scanner;
                import util.Arith;
                // A comment that mentions public class Decoy must not fool the file naming.
                public class Solution {
                    static class Inner { public static void main(String[] args) { } }
                    public static void main(String[] args) {
                        Scanner in = new Scanner(System.in);
                        System.out.println(Arith.add(in.nextLong(), in.nextLong()));
                        System.out.println(String.join(",", args));
                    }
                }
                """;
        CodeReport report = grade(assessment, CodeSubmission.ofSource(solution));
        assertAccepted(report);
        assertThat(report.toolchainVersion()).isEqualTo(Languages.toolchain(Language.JAVA).orElseThrow().version());

        CodeReport broken = grade(assessment, CodeSubmission.ofSource("public class Main { void main( }"));
        assertThat(broken.compiled()).isFalse();
        assertThat(broken.compilerMessage()).contains("Main.java:1").contains("error");

        String hog = """
                import java.util.*;
                public class Main {
                    public static void main(String[] args) {
                        List<long[]> hog = new ArrayList<>();
                        while (true) hog.add(new long[1 << 20]);
                    }
                }
                """;
        TestResult memory = grade(sumAndArgs(Language.JAVA, null, List.of()), CodeSubmission.ofSource(hog)).tests().getFirst();
        assertThat(memory.verdict()).as(memory.toString()).isEqualTo(Verdict.MEMORY_LIMIT);
    }

    @Test
    void ordinaryThreadedProgramsRunUnderTheDefaultLimits() {
        // RLIMIT_NPROC counts threads: with room for one task, a thread pool or pthread_create failed at once.
        TestResult python = Sandboxes.runOne(Language.PYTHON3, Limits.DEFAULT, """
                from concurrent.futures import ThreadPoolExecutor
                with ThreadPoolExecutor(2) as pool:
                    print(sum(pool.map(lambda x: x * x, range(10))))
                """, "", "285\n");
        assertThat(python.verdict()).as(python.toString()).isEqualTo(Verdict.ACCEPTED);
        TestResult c = Sandboxes.runOne(Language.C, Limits.DEFAULT, """
                #include <pthread.h>
                #include <stdio.h>
                static long squares[3];
                static void *square(void *arg) { long i = (long) arg; squares[i] = i * i; return NULL; }
                int main(void) {
                    pthread_t threads[3];
                    for (long i = 0; i < 3; i++) if (pthread_create(&threads[i], NULL, square, (void *) i) != 0) return 3;
                    long sum = 0;
                    for (long i = 0; i < 3; i++) { pthread_join(threads[i], NULL); sum += squares[i]; }
                    printf("%ld\\n", sum);
                    return 0;
                }
                """, "", "5\n");
        assertThat(c.verdict()).as(c.toString()).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void thirtyThreadsStartUnderTheDefaultLimitsAndDeepRecursionStillWorks() {
        // Each thread's stack was the stack limit (64 MB at the default 256 MB), reserved within the address-space
        // limit: Python could start three threads, C four.
        TestResult python = Sandboxes.runOne(Language.PYTHON3, Limits.DEFAULT, """
                import sys, threading
                results = []
                threads = [threading.Thread(target=lambda i=i: results.append(i)) for i in range(30)]
                for t in threads: t.start()
                for t in threads: t.join()
                sys.setrecursionlimit(60000)
                def depth(n): return 0 if n == 0 else 1 + depth(n - 1)
                print(len(results), depth(50000))
                """, "", "30 50000\n");
        assertThat(python.verdict()).as(python.toString()).isEqualTo(Verdict.ACCEPTED);
        TestResult c = Sandboxes.runOne(Language.C, Limits.DEFAULT, """
                #include <pthread.h>
                #include <stdio.h>
                static void *work(void *arg) { return arg; }
                static long depth(long n) { volatile char pad[64]; pad[0] = 0; return n == 0 ? pad[0] : 1 + depth(n - 1); }
                int main(void) {
                    pthread_t threads[30];
                    for (int i = 0; i < 30; i++) if (pthread_create(&threads[i], NULL, work, NULL) != 0) return 3;
                    for (int i = 0; i < 30; i++) pthread_join(threads[i], NULL);
                    printf("30 %ld\\n", depth(200000));
                    return 0;
                }
                """, "", "30 200000\n");
        assertThat(c.verdict()).as(c.toString()).isEqualTo(Verdict.ACCEPTED);
        // Unbounded recursion still ends as a runtime error, at the address-space limit.
        TestResult runaway = Sandboxes.runOne(Language.C, Limits.DEFAULT, """
                static long down(long n) { volatile char pad[256]; pad[0] = (char) n; return down(n + 1) + pad[0]; }
                int main(void) { return (int) down(0); }
                """, "", "");
        assertThat(runaway.verdict()).as(runaway.toString()).isEqualTo(Verdict.RUNTIME_ERROR);
    }

    @Test
    void jvmWarningsGoToStandardErrorNotIntoTheOutput() {
        // Starting threads past the sandbox's thread limit makes HotSpot log "[warning][os,thread] Failed to start
        // thread ... pthread_create failed (EAGAIN)"; unified logging writes to stdout unless told otherwise, which
        // turned this correct program's output into a wrong answer.
        String threads = """
                public class Main {
                    public static void main(String[] args) {
                        int started = 0;
                        try {
                            for (; started < 1000; started++) {
                                Thread t = new Thread(() -> {
                                    try { Thread.sleep(60_000); } catch (InterruptedException e) { }
                                });
                                t.setDaemon(true);
                                t.start();
                            }
                        } catch (OutOfMemoryError e) {
                            // the thread limit, as expected
                        }
                        System.out.println(started < 1000 ? "limited" : "unlimited");
                    }
                }
                """;
        TestCase test = new TestCase("threads", "", "", List.of(), "limited\n", new Checker.Exact(), 1, true, null);
        CodeAssessment assessment = new CodeAssessment(Language.JAVA, null, List.of(), Limits.DEFAULT, List.of(test),
                List.of());
        TestResult result = grade(assessment, CodeSubmission.ofSource(threads)).tests().getFirst();
        assertThat(result.stderr()).as("the JVM logged its warning").contains("Failed to start");
        assertThat(result.stdout()).isEqualTo("limited\n");
        assertThat(result.verdict()).as(result.toString()).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void javaInstanceMainWhereTheJdkHasIt() {
        Sandboxes.assumeLanguage(Language.JAVA);
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Languages.feature(Languages.toolchain(Language.JAVA).orElseThrow().version()) >= 25, "JDK before 25");
        CodeReport report = grade(sumAndArgs(Language.JAVA, null, List.of()), CodeSubmission.ofFiles(Map.of("Main.java", """
                void main(String[] args) {
                    var in = new java.util.Scanner(System.in);
                    IO.println(in.nextInt() + in.nextInt());
                    IO.println(String.join(",", args));
                }
                """)));
        assertAccepted(report);
    }

    @Test
    void javaMainClassChoice() {
        JavaMainFinder.MainClass a = new JavaMainFinder.MainClass("A", true);
        JavaMainFinder.MainClass main = new JavaMainFinder.MainClass("app.Main", true);
        JavaMainFinder.MainClass inner = new JavaMainFinder.MainClass("A$Inner", true);
        JavaMainFinder.MainClass instance = new JavaMainFinder.MainClass("B", false);
        assertThat(Runner.chooseMain(List.of(a, inner), null)).isEqualTo("A");
        assertThat(Runner.chooseMain(List.of(a, main), null)).isEqualTo("app.Main");
        assertThat(Runner.chooseMain(List.of(a, main), "A")).isEqualTo("A");
        assertThat(Runner.chooseMain(List.of(a, new JavaMainFinder.MainClass("C", true)), null)).isNull();
        assertThat(Runner.chooseMain(List.of(instance), null)).isEqualTo("B");
        assertThat(Runner.chooseMain(List.of(instance, a), null)).isEqualTo("A");
        assertThat(Runner.chooseMain(List.of(), null)).isNull();
    }

    @Test
    void c() {
        CodeAssessment assessment = sumAndArgs(Language.C, null, List.of(
                new CodeFile("arith.h", "long add(long a, long b);\n", CodeFile.Role.SUPPORT),
                new CodeFile("arith.c", "#include \"arith.h\"\nlong add(long a, long b) { return a + b; }\n",
                        CodeFile.Role.SUPPORT)));
        assertAccepted(grade(assessment, CodeSubmission.ofSource("""
                #include <stdio.h>
                #include <math.h>
                #include "arith.h"
                int main(int argc, char **argv) {
                    long a, b;
                    if (scanf("%ld %ld", &a, &b) != 2) return 1;
                    printf("%ld\\n", (long) sqrt((double) add(a, b) * add(a, b)));
                    for (int i = 1; i < argc; i++) printf(i > 1 ? ",%s" : "%s", argv[i]);
                    printf("\\n");
                    return 0;
                }
                """)));
        CodeReport broken = grade(assessment, CodeSubmission.ofSource("int main(void) { return undefined_thing; }\n"));
        assertThat(broken.compiled()).isFalse();
        assertThat(broken.compilerMessage()).contains("main.c:1").contains("undefined_thing");
        TestResult segv = grade(assessment, CodeSubmission.ofSource("int main(void) { return *(volatile int *) 0; }\n"))
                .tests().getFirst();
        assertThat(segv.verdict()).isEqualTo(Verdict.RUNTIME_ERROR);
        assertThat(segv.signal()).isEqualTo(11);
        assertThat(segv.detail()).contains("SIGSEGV");
    }

    @Test
    void cpp() {
        assertAccepted(grade(sumAndArgs(Language.CPP, null, List.of()), CodeSubmission.ofSource("""
                #include <iostream>
                #include <string>
                #include <vector>
                int main(int argc, char **argv) {
                    long a, b;
                    std::cin >> a >> b;
                    std::cout << a + b << "\\n";
                    std::vector<std::string> args(argv + 1, argv + argc);
                    for (size_t i = 0; i < args.size(); i++) std::cout << (i ? "," : "") << args[i];
                    std::cout << std::endl;
                }
                """)));
        TestResult thrown = grade(sumAndArgs(Language.CPP, null, List.of()), CodeSubmission.ofSource(
                "#include <stdexcept>\nint main() { throw std::runtime_error(\"boom\"); }\n")).tests().getFirst();
        assertThat(thrown.verdict()).isEqualTo(Verdict.RUNTIME_ERROR);
        assertThat(thrown.detail()).contains("SIGABRT");
        assertThat(thrown.stderr()).contains("boom");
    }

    @Test
    void javascript() {
        CodeAssessment assessment = sumAndArgs(Language.JAVASCRIPT, "main.js", List.of(
                new CodeFile("arith.js", "module.exports.add = (a, b) => a + b;\n", CodeFile.Role.SUPPORT)));
        assertAccepted(grade(assessment, CodeSubmission.ofSource("""
                const { add } = require('./arith');
                const [a, b] = require('fs').readFileSync(0, 'utf8').trim().split(/\\s+/).map(Number);
                console.log(add(a, b));
                console.log(process.argv.slice(2).join(','));
                """)));
        CodeReport syntax = grade(assessment, CodeSubmission.ofSource("console.log((1 + 2);\n"));
        assertThat(syntax.compiled()).isFalse();
        assertThat(syntax.compilerMessage()).contains("SyntaxError");
        TestResult memory = grade(assessment.withLimits(Limits.DEFAULT.withMemoryMb(64)), CodeSubmission.ofSource(
                "const hog = [];\nwhile (true) hog.push(new Array(1e6).fill(1.5));\n")).tests().getFirst();
        assertThat(memory.verdict()).as(memory.toString()).isEqualTo(Verdict.MEMORY_LIMIT);
    }

    @Test
    void runLimitsAddWhatEachRuntimeNeeds() {
        Limits limits = Limits.DEFAULT.withMemoryMb(100).withProcesses(3);
        SandboxLimits python = Runner.runLimits(Language.PYTHON3, limits);
        SandboxLimits java = Runner.runLimits(Language.JAVA, limits);
        assertThat(python.tasks()).isEqualTo(4);
        assertThat(python.addressSpaceBytes()).isEqualTo((100 + 64) << 20);
        assertThat(java.addressSpaceBytes()).isEqualTo((100L + 1024) << 20);
        assertThat(java.tasks()).isGreaterThan(40);
        assertThat(python.cpuMillis()).isEqualTo(2000);
        assertThat(python.stdoutBytes()).isEqualTo(64 * 1024);
    }
}
