package dev.assay.graders.code;

import dev.assay.graders.Correctness;
import dev.assay.graders.GradeResult;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.PartResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Grading as learners and staff see it: scores, groups, checkers, visible and hidden feedback. */
class CodeGraderTest {

    /** Doubles each number read from stdin, one per line. */
    private static final String DOUBLER = "import sys\nfor x in sys.stdin.read().split():\n    print(int(x) * 2)\n";
    /** Doubles, except it gets negative numbers wrong. */
    private static final String BUGGY = "import sys\nfor x in sys.stdin.read().split():\n    print(abs(int(x)) * 2)\n";

    private static CodeAssessment doubling() {
        return CodeCodec.readAssessment("""
                {
                  "language": "python3",
                  "groups": [{"id": "negatives", "title": "Negative numbers"}],
                  "tests": [
                    {"id": "one", "title": "one number", "stdin": "4", "expected": "8\\n", "points": 2},
                    {"id": "many", "stdin": "1 2 3", "expected": "2\\n4\\n6\\n", "visibility": "hidden"},
                    {"id": "neg1", "stdin": "-1", "expected": "-2\\n", "group": "negatives"},
                    {"id": "neg2", "stdin": "5 -3", "expected": "10\\n-6\\n", "group": "negatives"},
                    {"id": "zero", "stdin": "0", "expected": "0\\n", "group": "negatives"}
                  ]
                }
                """);
    }

    @Test
    void aCorrectProgramGetsFullMarks() {
        Sandboxes.assumeLanguage(Language.PYTHON3);
        GradeResult result = Sandboxes.grader().grade(doubling(), CodeSubmission.ofSource(DOUBLER));
        assertThat(result.score()).isEqualTo(6);
        assertThat(result.maxScore()).isEqualTo(6);
        assertThat(result.parts()).extracting(PartResult::id).containsExactly("one", "many", "neg1", "neg2", "zero");
        assertThat(result.parts()).allSatisfy(p -> assertThat(p.correctness()).isEqualTo(Correctness.CORRECT));
        assertThat(result.feedback()).isEqualTo("Passed 5 of 5 tests (6 of 6 points).");
        assertThat(result.parts().get(0).feedback()).containsExactly("one number: Accepted", "Your output:\n8\n");
        assertThat(result.parts().get(1).feedback()).containsExactly("Passed");
    }

    @Test
    void groupsScoreAllOrNothingAndHiddenTestsRevealNothing() {
        Sandboxes.assumeLanguage(Language.PYTHON3);
        GradeResult result = Sandboxes.grader().grade(doubling(), CodeSubmission.ofSource(BUGGY));
        // one (2) + many (1); the group fails on neg1 and neg2, so zero's passing earns nothing.
        assertThat(result.score()).isEqualTo(3);
        Map<String, PartResult> parts = byId(result);
        assertThat(parts.get("neg1").correctness()).isEqualTo(Correctness.INCORRECT);
        assertThat(parts.get("neg1").feedback().get(0)).isEqualTo("Wrong answer (the output is not right)");
        assertThat(parts.get("neg1").feedback()).anySatisfy(line -> assertThat(line)
                .startsWith("Difference from the expected output:").contains("- -2\n+ 2\n"));
        assertThat(parts.get("zero").score()).isZero();
        assertThat(parts.get("zero").feedback().getFirst()).startsWith("Accepted (no points: every test of group 'negatives'");
        assertThat(result.evidence()).containsEntry("groups", Map.of("negatives", "failed"));

        CodeAssessment hiddenGroup = doubling().withTests(doubling().tests().stream()
                .map(t -> t.group() != null ? t.hidden() : t).toList(), doubling().groups());
        Map<String, PartResult> hidden = byId(Sandboxes.grader().grade(hiddenGroup, CodeSubmission.ofSource(BUGGY)));
        assertThat(hidden.get("neg1").feedback()).containsExactly("Failed");
        assertThat(hidden.get("zero").feedback()).containsExactly("Passed",
                "No points: every test of group 'negatives' must pass.");
        assertThat(String.join("", hidden.get("neg2").feedback())).doesNotContain("-6").doesNotContain("10");
    }

    @Test
    void staffEvidenceHasEveryRun() {
        Sandboxes.assumeLanguage(Language.PYTHON3);
        GradeResult result = Sandboxes.grader().grade(doubling(), CodeSubmission.ofSource(
                "import sys\nprint('debug', file=sys.stderr)\n" + BUGGY));
        assertThat(result.evidence()).containsEntry("language", "python3").containsKeys("toolchainVersion", "compile");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tests = (List<Map<String, Object>>) result.evidence().get("tests");
        assertThat(tests).hasSize(5);
        assertThat(tests.get(1)).containsEntry("id", "many").containsEntry("verdict", "accepted")
                .containsEntry("exitCode", 0).containsEntry("stdout", "2\n4\n6\n").containsEntry("stderr", "debug\n");
        assertThat((Long) tests.get(1).get("wallMillis")).isPositive();
    }

    @Test
    void aCompileErrorFailsEveryTestWithTheCompilersMessage() {
        Sandboxes.assumeLanguage(Language.PYTHON3);
        GradeResult result = Sandboxes.grader().grade(doubling(), CodeSubmission.ofSource("def broken(:\n"));
        assertThat(result.score()).isZero();
        assertThat(result.feedback()).startsWith("Your program did not compile:\n").contains("SyntaxError");
        assertThat(result.parts()).allSatisfy(p -> assertThat(p.feedback().getFirst())
                .isIn("one number: Compilation error (the program did not compile)",
                        "Compilation error (the program did not compile)",
                        "Failed"));
        assertThat(result.parts().get(1).feedback()).containsExactly("Failed");
    }

    @Test
    void runtimeErrorsShowStandardErrorForVisibleTests() {
        Sandboxes.assumeLanguage(Language.PYTHON3);
        PartResult part = Sandboxes.grader().grade(doubling(), CodeSubmission.ofSource("print(1 / 0)\n")).parts().getFirst();
        assertThat(part.feedback().getFirst()).isEqualTo("one number: Runtime error (exit status 1)");
        assertThat(part.feedback()).anySatisfy(line -> assertThat(line).startsWith("Standard error:").contains("ZeroDivisionError"));
    }

    @Test
    void checkersOfEveryKind() {
        Sandboxes.assumeLanguage(Language.PYTHON3);
        CodeAssessment assessment = CodeCodec.readAssessment("""
                {
                  "language": "python3",
                  "tests": [
                    {"id": "exact", "expected": "3.14159\\n", "checker": {"type": "exact"}},
                    {"id": "float", "expected": "3.1416", "checker": {"type": "float", "absolute": 0.001}},
                    {"id": "tokens", "expected": "3.14159", "checker": {"type": "tokens"}},
                    {"id": "regex", "checker": {"type": "regex", "pattern": "3\\\\.\\\\d+"}},
                    {"id": "regex-no", "checker": {"type": "regex", "pattern": "\\\\d+"}}
                  ]
                }
                """);
        Map<String, PartResult> parts = byId(Sandboxes.grader().grade(assessment, CodeSubmission.ofSource("print(3.14159)\n")));
        assertThat(parts.get("exact").correctness()).isEqualTo(Correctness.CORRECT);
        assertThat(parts.get("float").correctness()).isEqualTo(Correctness.CORRECT);
        assertThat(parts.get("tokens").correctness()).isEqualTo(Correctness.CORRECT);
        assertThat(parts.get("regex").correctness()).isEqualTo(Correctness.CORRECT);
        assertThat(parts.get("regex-no").correctness()).isEqualTo(Correctness.INCORRECT);
        assertThat(String.join("\n", parts.get("regex-no").feedback())).doesNotContain("Difference");
    }

    @Test
    void aStaffCheckerProgramGivesPartialCreditAndAMessage() {
        Sandboxes.assumeLanguage(Language.PYTHON3);
        String checker = """
                import sys
                inp, out, exp = (open(f).read() for f in sys.argv[1:4])
                want = set(exp.split())
                got = set(out.split())
                print(len(want & got) / len(want))
                print(f'{len(want & got)} of {len(want)} words found (input had {len(inp.split())})')
                """;
        CodeAssessment assessment = new CodeAssessment(Language.PYTHON3, null, List.of(), Limits.DEFAULT, List.of(
                new TestCase("words", "", "a b c d", List.of(), "d c b a", new Checker.Program(Language.PYTHON3, checker),
                        4, true, null),
                new TestCase("again", "", "x y", List.of(), "y x", new Checker.Program(Language.PYTHON3, checker),
                        2, false, null)), List.of());
        GradeResult result = Sandboxes.grader().grade(assessment, CodeSubmission.ofSource(
                "import sys\nprint(' '.join(sys.stdin.read().split()[:2]))\n"));
        assertThat(result.score()).isEqualTo(2 + 2);
        PartResult words = result.parts().getFirst();
        assertThat(words.correctness()).isEqualTo(Correctness.PARTIAL);
        assertThat(words.score()).isEqualTo(2);
        assertThat(words.feedback()).contains("2 of 4 words found (input had 4)");
        assertThat(result.parts().get(1).feedback()).containsExactly("Passed");
    }

    @Test
    void aCheckerInACompiledLanguage() {
        Sandboxes.assumeLanguage(Language.PYTHON3);
        Sandboxes.assumeLanguage(Language.JAVA);
        String checker = """
                import java.nio.file.*;
                public class SumChecker {
                    public static void main(String[] args) throws Exception {
                        long want = Long.parseLong(Files.readString(Path.of(args[2])).trim());
                        long got = Long.parseLong(Files.readString(Path.of(args[1])).trim());
                        System.out.println(want == got ? "1" : "0");
                        System.out.println(want == got ? "right" : "expected " + want);
                    }
                }
                """;
        CodeAssessment assessment = new CodeAssessment(Language.PYTHON3, null, List.of(), Limits.DEFAULT, List.of(
                new TestCase("sum", "", "2 3", List.of(), "5", new Checker.Program(Language.JAVA, checker), 1, true, null),
                new TestCase("sum2", "", "4 4", List.of(), "9", new Checker.Program(Language.JAVA, checker), 1, true, null)),
                List.of());
        GradeResult result = Sandboxes.grader().grade(assessment, CodeSubmission.ofSource(
                "print(sum(map(int, input().split())))\n"));
        assertThat(result.score()).isEqualTo(1);
        assertThat(result.parts().get(0).feedback()).contains("right");
        assertThat(result.parts().get(1).feedback()).contains("expected 9");
    }

    @Test
    void aBrokenCheckerIsTheStaffsFaultNotTheLearners() {
        Sandboxes.assumeLanguage(Language.PYTHON3);
        CodeAssessment assessment = new CodeAssessment(Language.PYTHON3, null, List.of(), Limits.DEFAULT, List.of(
                new TestCase("says-yes", "", "", List.of(), "", new Checker.Program(Language.PYTHON3, "print('yes')"),
                        1, true, null),
                new TestCase("crashes", "", "", List.of(), "", new Checker.Program(Language.PYTHON3, "import sys\nsys.exit(2)"),
                        1, true, null),
                new TestCase("no-compile", "", "", List.of(), "", new Checker.Program(Language.PYTHON3, "def ("),
                        1, true, null)), List.of());
        CodeReport report = Sandboxes.grader().run(assessment, CodeSubmission.ofSource("print('hi')"));
        assertThat(report.tests()).allSatisfy(t -> assertThat(t.verdict()).isEqualTo(Verdict.CHECKER_ERROR));
        assertThat(report.tests().get(0).detail()).contains("must be a number from 0 to 1, not 'yes'");
        assertThat(report.tests().get(1).detail()).contains("exit status 2");
        assertThat(report.tests().get(2).detail()).contains("did not compile");
    }

    @Test
    void aFinalNewlineIsBlamedOnlyWhereItDecided() {
        // Found in QA: a staff checker gave half marks and the learner read "your output has a final newline the
        // expected output lacks", as if the newline had cost the points.
        Sandboxes.assumeLanguage(Language.PYTHON3);
        CodeAssessment assessment = new CodeAssessment(Language.PYTHON3, null, List.of(), Limits.DEFAULT, List.of(
                new TestCase("half", "", "", List.of(), "7", new Checker.Program(Language.PYTHON3, "print(0.5)"),
                        4, true, null),
                new TestCase("exact", "", "", List.of(), "7", new Checker.Exact(), 1, true, null)), List.of());
        CodeReport report = Sandboxes.grader().run(assessment, CodeSubmission.ofSource("print(7)"));
        TestResult half = report.tests().get(0);
        assertThat(half.verdict()).isEqualTo(Verdict.WRONG_ANSWER);
        assertThat(half.score()).isEqualTo(2.0);
        assertThat(half.diff()).isEmpty();
        assertThat(report.tests().get(1).diff()).contains("final newline");
    }

    /** One test a checker can judge, then one per way a staff checker can break. */
    private static final List<String> BROKEN_CHECKERS = List.of("print('yes-secret')", "import sys\nsys.exit(2)",
            "def secret_checker(", "print('nan')", "print(-0.5)", "pass");

    private static CodeAssessment brokenCheckers() {
        List<TestCase> tests = new java.util.ArrayList<>();
        tests.add(TestCase.of("fine", "", "hi\n"));
        for (int i = 0; i < BROKEN_CHECKERS.size(); i++) {
            tests.add(new TestCase("broken" + i, "", "", List.of(), "hi\n",
                    new Checker.Program(Language.PYTHON3, BROKEN_CHECKERS.get(i)), 1, true, null));
        }
        return new CodeAssessment(Language.PYTHON3, null, List.of(), Limits.DEFAULT, tests, List.of());
    }

    @Test
    void learnersSeeOnlyThatACheckerFailedAndStaffSeeWhy() {
        Sandboxes.assumeLanguage(Language.PYTHON3);
        GradeResult shown = Sandboxes.grader().grade(brokenCheckers(), CodeSubmission.ofSource("print('hi')"));

        // The checker's source, compiler output and printout are staff evidence, never learner feedback.
        String learner = shown.feedback() + shown.parts();
        assertThat(learner).doesNotContain("yes-secret", "secret_checker", "SyntaxError", "nan", "-0.5", "exit status");
        for (int i = 1; i <= BROKEN_CHECKERS.size(); i++) {
            assertThat(shown.parts().get(i).feedback()).first().isEqualTo("Checker error (staff have been told)");
        }
        assertThat(shown.evidence().toString()).contains("yes-secret", "exit status 2", "secret_checker", "'nan'", "'-0.5'");
    }

    @Test
    void aBrokenCheckerGivesNoScoreButTellsStaff() {
        Sandboxes.assumeLanguage(Language.PYTHON3);
        CodeVerdict verdict = Sandboxes.grader().judge(brokenCheckers(), CodeSubmission.ofSource("print('hi')"));

        // No score at all: a checker's failure says nothing about the learner's program.
        assertThat(verdict).isInstanceOf(CodeVerdict.NeedsStaff.class);
        CodeVerdict.NeedsStaff staff = (CodeVerdict.NeedsStaff) verdict;
        assertThat(staff.maxScore()).isEqualTo(1 + BROKEN_CHECKERS.size());
        assertThat(staff.learnerMessage()).isEqualTo(CodeVerdict.CHECKER_FAILED_MESSAGE)
                .contains("could not be graded automatically").contains("staff have been told");
        assertThat(staff.evidence().get("checkerErrors")).asList().hasSize(BROKEN_CHECKERS.size());
        assertThat(staff.evidence().get("provisionalScore")).isEqualTo(1.0);
        assertThat(staff.evidence().toString()).contains("yes-secret", "exit status 2", "secret_checker", "'nan'", "'-0.5'");
    }

    @Test
    void aWorkingCheckerIsScoredAsBefore() {
        Sandboxes.assumeLanguage(Language.PYTHON3);
        CodeAssessment assessment = new CodeAssessment(Language.PYTHON3, null, List.of(), Limits.DEFAULT, List.of(
                new TestCase("half", "", "", List.of(), "", new Checker.Program(Language.PYTHON3, "print('0.5')"),
                        2, true, null)), List.of());
        CodeVerdict verdict = Sandboxes.grader().judge(assessment, CodeSubmission.ofSource("print('hi')"));
        assertThat(verdict).isInstanceOfSatisfying(CodeVerdict.Scored.class,
                scored -> assertThat(scored.result().score()).isEqualTo(1));
    }

    @Test
    void starterFilesAreReplacedAndSupportFilesAreNot() {
        Sandboxes.assumeLanguage(Language.PYTHON3);
        CodeAssessment assessment = new CodeAssessment(Language.PYTHON3, "main.py", List.of(
                new CodeFile("main.py", "from config import GREETING\n# TODO\n", CodeFile.Role.STARTER),
                new CodeFile("config.py", "GREETING = 'hello'\n", CodeFile.Role.SUPPORT)), Limits.DEFAULT,
                List.of(TestCase.of("greet", "", "hello\n")), List.of());
        assertThat(Sandboxes.grader().grade(assessment, CodeSubmission.ofFiles(Map.of(
                "main.py", "from config import GREETING\nprint(GREETING)\n"))).score()).isEqualTo(1);
        // Submitting only another file keeps the starter main.py, which prints nothing.
        assertThat(Sandboxes.grader().grade(assessment, CodeSubmission.ofFiles(Map.of("notes.py", "x = 1"))).score()).isZero();
        assertThatThrownBy(() -> Sandboxes.grader().grade(assessment, CodeSubmission.ofFiles(Map.of(
                "main.py", "print('hello')", "config.py", "GREETING = 'hacked'"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("files.config.py: replaces a support file");
    }

    @Test
    void anInvalidDefinitionIsRefusedBeforeAnythingRuns() {
        CodeAssessment bad = new CodeAssessment(Language.PYTHON3, null, List.of(), Limits.DEFAULT.withCpuSeconds(0),
                List.of(), List.of());
        assertThatThrownBy(() -> new CodeGrader(Sandboxes.get()).grade(bad, CodeSubmission.ofSource("print(1)")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("limits.cpuSeconds").hasMessageContaining("tests: must have at least one test");
    }

    private static Map<String, PartResult> byId(GradeResult result) {
        Map<String, PartResult> parts = new java.util.LinkedHashMap<>();
        result.parts().forEach(p -> parts.put(p.id(), p));
        return parts;
    }
}
