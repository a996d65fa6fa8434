package dev.assay.graders.code;

import dev.assay.graders.Correctness;
import dev.assay.graders.GradeResult;
import dev.assay.graders.InvalidInputException;
import dev.assay.graders.PartResult;
import dev.assay.graders.Violation;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Grades a code submission: builds it once in a sandbox, runs every test in a fresh sandbox, judges the output
 * with the test's checker, and scores groups all-or-nothing.
 *
 * <p>Learners see, per test ({@link PartResult} with the test's id): for visible tests the verdict with its detail
 * (for a checker error only that the checker failed: its detail quotes staff code),
 * their output, their standard error when it failed, and a diff against the expected output; for hidden tests only
 * "Passed" or "Failed". Staff evidence ({@link GradeResult#evidence()}) holds every test's verdict, exit status,
 * signal, time, output and standard error (truncated).
 *
 * <p>Thread-safe; tests of one submission run one after another, so the engine's limit on concurrent gradings is
 * its limit on concurrent sandboxes. Throws {@link InvalidInputException} for a definition or submission that cannot
 * be graded (the caller's to fix), {@link SandboxUnavailableException} when this machine cannot run the language or
 * any sandbox at all, and {@link SandboxException} when a sandbox failed for reasons of the machine; in the last two
 * cases nothing was graded and the work should be retried.
 */
public final class CodeGrader {

    /** How much of a program's output and standard error learners are shown and staff evidence keeps. */
    public static final int SHOWN_BYTES = 4096;
    /** Limits for staff checker programs: 5 s CPU, 10 s clock, 512 MiB, 64 KiB of messages, tasks as learners'. */
    public static final Limits CHECKER_LIMITS = new Limits(5, 10, 512, 64, 1024, Limits.DEFAULT.processes());

    private static final Pattern FRACTION = Pattern.compile("\\s*(?:0(?:\\.\\d*)?|\\.\\d+|1(?:\\.0*)?)\\s*");

    private final Runner runner;
    private final Limits checkerLimits;

    public CodeGrader(Sandbox sandbox) {
        this(new Runner(sandbox), CHECKER_LIMITS);
    }

    public CodeGrader(Runner runner, Limits checkerLimits) {
        this.runner = runner;
        this.checkerLimits = checkerLimits;
    }

    /**
     * Grades and shapes the result, checker errors included (scored 0 on their tests). What the engine stores is
     * {@link #judge}, which keeps a failed checker from scoring anything.
     */
    public GradeResult grade(CodeAssessment assessment, CodeSubmission submission) {
        return toGradeResult(assessment, run(assessment, submission));
    }

    /** Grades and decides: a score, or, when a staff checker failed, no score until staff have looked. */
    public CodeVerdict judge(CodeAssessment assessment, CodeSubmission submission) {
        return verdict(assessment, run(assessment, submission));
    }

    /** {@link #toGradeResult}, unless a checker failed: then the whole result is evidence for staff. */
    public static CodeVerdict verdict(CodeAssessment assessment, CodeReport report) {
        GradeResult result = toGradeResult(assessment, report);
        List<Map<String, Object>> checkerErrors = new ArrayList<>();
        for (TestResult test : report.tests()) {
            if (test.verdict() == Verdict.CHECKER_ERROR) {
                Map<String, Object> error = new LinkedHashMap<>(); // in order, so stored results stay byte-stable
                error.put("test", test.testId());
                error.put("detail", test.detail());
                checkerErrors.add(error);
            }
        }
        if (checkerErrors.isEmpty()) {
            return new CodeVerdict.Scored(result);
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("checkerErrors", checkerErrors);
        // What the learner would have been given had the checkers worked, for the staff who score it by hand.
        evidence.put("provisionalScore", result.score());
        evidence.put("feedback", result.feedback());
        evidence.put("parts", result.parts());
        evidence.putAll(result.evidence());
        return new CodeVerdict.NeedsStaff(result.maxScore(), CodeVerdict.CHECKER_FAILED_MESSAGE, evidence);
    }

    /** Grades and returns everything found, unshaped. */
    public CodeReport run(CodeAssessment assessment, CodeSubmission submission) {
        List<Violation> definition = assessment.validate();
        if (!definition.isEmpty()) {
            throw new InvalidInputException(definition);
        }
        Map<String, String> learnerFiles = submission.resolve(assessment);
        Map<String, String> program = CodeSubmission.merged(assessment, learnerFiles);
        Language language = assessment.language();
        String main = CodeSubmission.needsEntryFile(language)
                ? CodeSubmission.entryFile(assessment, program) : assessment.main();
        String version = Languages.toolchain(language).orElseThrow(() -> new LanguageUnavailableException(language))
                .version();
        try (Workspace workspace = runner.sandbox().newWorkspace()) {
            Runner.Built built = runner.build(workspace, "program", language, program, main);
            long compileMillis = built.compileResult() == null ? 0 : built.compileResult().wallMillis();
            List<TestResult> results = new ArrayList<>();
            if (!built.ok()) {
                for (TestCase test : assessment.tests()) {
                    results.add(notRun(test, Verdict.COMPILE_ERROR, "the program did not compile"));
                }
                return report(assessment, version, false, built.compileError(), compileMillis, results);
            }
            Map<Checker.Program, Runner.Built> checkers = new HashMap<>();
            for (int i = 0; i < assessment.tests().size(); i++) {
                TestCase test = assessment.tests().get(i);
                results.add(runTest(workspace, built, test, i, assessment.limits(), checkers));
            }
            return report(assessment, version, true, built.compilerWarnings(), compileMillis, results);
        }
    }

    private TestResult runTest(Workspace workspace, Runner.Built built, TestCase test, int index, Limits limits,
                               Map<Checker.Program, Runner.Built> checkers) {
        byte[] stdin = test.stdin().getBytes(StandardCharsets.UTF_8);
        SandboxResult result = runner.run(built, test.args(), stdin, limits, List.of());
        String stdout = result.stdoutText();
        String stderr = clip(result.stderrText());
        Verdicts.Classified failure = Verdicts.classify(result, Runner.runLimits(built.language(), limits));
        String expected = test.expected() == null ? "" : test.expected();
        String diff = "";
        if (failure != null) {
            return new TestResult(test.id(), test.title(), failure.verdict(), 0, 0, test.points(), test.visible(),
                    test.group(), failure.detail(), result.exitCode(), result.signal(), result.wallMillis(), stdout,
                    result.stdoutOverflow(), stderr, "", "");
        }
        Checker.Check check;
        Verdict verdict;
        String detail;
        try {
            check = switch (test.checker()) {
                case Checker.TextChecker text -> text.check(expected, stdout);
                case Checker.Program program -> runProgramChecker(workspace, program, test, index, result.stdout(), checkers);
            };
            verdict = check.passed() ? Verdict.ACCEPTED : Verdict.WRONG_ANSWER;
            detail = check.passed() ? "" : check.fraction() > 0
                    ? "partly right: " + format(check.fraction() * 100) + "% of the points" : "the output is not right";
        } catch (Checker.CheckerFailure e) {
            check = new Checker.Check(0, "");
            verdict = Verdict.CHECKER_ERROR;
            detail = e.getMessage();
        }
        if (verdict == Verdict.WRONG_ANSWER && test.checker().showsDiff() && test.expected() != null
                && (test.checker() instanceof Checker.Exact || !Diff.sameLines(expected, stdout))) {
            // Same lines but for a final newline or line endings is the failure only under the exact checker;
            // under another (a staff program giving partial credit, say) saying so would blame the newline.
            diff = Diff.render(expected, stdout);
        }
        return new TestResult(test.id(), test.title(), verdict, check.fraction(), check.fraction() * test.points(),
                test.points(), test.visible(), test.group(), detail, result.exitCode(), result.signal(),
                result.wallMillis(), stdout, result.stdoutOverflow(), stderr, check.message(), diff);
    }

    private Checker.Check runProgramChecker(Workspace workspace, Checker.Program program, TestCase test, int index,
                                            byte[] learnerOutput, Map<Checker.Program, Runner.Built> checkers) {
        Runner.Built checker = checkers.computeIfAbsent(program, p -> {
            String file = CodeSubmission.fileNameFor(p.language(), p.source());
            return runner.build(workspace, "checker-" + checkers.size(), p.language(), Map.of(file, p.source()), file);
        });
        if (!checker.ok()) {
            throw new Checker.CheckerFailure("the checker program did not compile: " + checker.compileError());
        }
        Path io = workspace.newDirectory("io-" + index);
        Path input = workspace.write(io, "input", test.stdin());
        Path output = workspace.write(io, "output", learnerOutput);
        Path expected = workspace.write(io, "expected", test.expected() == null ? "" : test.expected());
        List<SandboxRequest.Mount> mounts = List.of(
                new SandboxRequest.Mount(input, Sandbox.WORK + "/input"),
                new SandboxRequest.Mount(output, Sandbox.WORK + "/output"),
                new SandboxRequest.Mount(expected, Sandbox.WORK + "/expected"));
        SandboxResult result = runner.run(checker, List.of("input", "output", "expected"), new byte[0], checkerLimits, mounts);
        Workspace.deleteTree(io);
        Verdicts.Classified failure = Verdicts.classify(result, Runner.runLimits(checker.language(), checkerLimits));
        if (failure != null) {
            String why = clipLine(result.stderrText());
            throw new Checker.CheckerFailure("the checker program failed: " + failure.detail() + (why.isEmpty() ? "" : ": " + why));
        }
        String text = result.stdoutText();
        int newline = text.indexOf('\n');
        String first = newline < 0 ? text : text.substring(0, newline);
        String message = newline < 0 ? "" : text.substring(newline + 1).strip();
        if (!FRACTION.matcher(first).matches()) {
            throw new Checker.CheckerFailure("the checker program's first line must be a number from 0 to 1, not '"
                    + clipLine(first) + "'");
        }
        double fraction = Math.min(1, Math.max(0, Double.parseDouble(first.strip())));
        return new Checker.Check(fraction, clip(message));
    }

    private static TestResult notRun(TestCase test, Verdict verdict, String detail) {
        return new TestResult(test.id(), test.title(), verdict, 0, 0, test.points(), test.visible(), test.group(),
                detail, -1, 0, 0, "", false, "", "", "");
    }

    /** Applies all-or-nothing groups and totals the score. */
    private static CodeReport report(CodeAssessment assessment, String version, boolean compiled, String compilerMessage,
                                     long compileMillis, List<TestResult> results) {
        Map<String, Boolean> groupPassed = new HashMap<>();
        for (TestResult result : results) {
            if (result.group() != null) {
                groupPassed.merge(result.group(), result.fraction() >= 1, Boolean::logicalAnd);
            }
        }
        List<TestResult> scored = new ArrayList<>();
        double score = 0;
        for (TestResult result : results) {
            TestResult final_ = result;
            if (result.group() != null && !groupPassed.get(result.group()) && result.score() > 0) {
                final_ = result.withScore(0, "no points: every test of group '" + result.group() + "' must pass");
            }
            scored.add(final_);
            score += final_.score();
        }
        return new CodeReport(assessment.language(), version, compiled, compilerMessage == null ? "" : compilerMessage,
                compileMillis, scored, round(score), round(assessment.maxScore()));
    }

    /** Shapes a report into the SPI's result: what learners see per test, and the staff evidence. */
    public static GradeResult toGradeResult(CodeAssessment assessment, CodeReport report) {
        List<PartResult> parts = new ArrayList<>();
        List<Map<String, Object>> evidence = new ArrayList<>();
        int passed = 0;
        for (TestResult test : report.tests()) {
            if (test.passed()) {
                passed++;
            }
            parts.add(new PartResult(test.testId(), round(test.score()), round(test.maxScore()), correctness(test),
                    learnerFeedback(test)));
            evidence.add(testEvidence(test));
        }
        StringBuilder feedback = new StringBuilder();
        if (!report.compiled()) {
            feedback.append("Your program did not compile:\n").append(report.compilerMessage());
        } else {
            feedback.append("Passed ").append(passed).append(" of ").append(report.tests().size()).append(" tests (")
                    .append(format(report.score())).append(" of ").append(format(report.maxScore())).append(" points).");
        }
        Map<String, Object> staff = new LinkedHashMap<>();
        staff.put("language", report.language().id());
        staff.put("toolchainVersion", report.toolchainVersion());
        Map<String, Object> compile = new LinkedHashMap<>();
        compile.put("ok", report.compiled());
        compile.put("wallMillis", report.compileMillis());
        compile.put("message", report.compilerMessage());
        staff.put("compile", compile);
        staff.put("tests", evidence);
        if (!assessment.groups().isEmpty()) {
            Map<String, Object> groups = new LinkedHashMap<>();
            for (TestGroup group : assessment.groups()) {
                boolean all = report.tests().stream().filter(t -> group.id().equals(t.group())).allMatch(t -> t.fraction() >= 1);
                groups.put(group.id(), all ? "passed" : "failed");
            }
            staff.put("groups", groups);
        }
        return new GradeResult(report.score(), report.maxScore(), parts, feedback.toString(), staff);
    }

    private static Correctness correctness(TestResult test) {
        if (test.maxScore() > 0 ? test.score() >= test.maxScore() : test.fraction() >= 1) {
            return Correctness.CORRECT;
        }
        return test.score() > 0 ? Correctness.PARTIAL : Correctness.INCORRECT;
    }

    private static List<String> learnerFeedback(TestResult test) {
        List<String> lines = new ArrayList<>();
        String heading = test.title().isEmpty() ? "" : test.title() + ": ";
        if (!test.visible()) {
            lines.add(heading + (test.fraction() >= 1 ? "Passed" : "Failed"));
            if (test.fraction() >= 1 && test.score() < test.maxScore() && test.group() != null) {
                lines.add("No points: every test of group '" + test.group() + "' must pass.");
            }
            return lines;
        }
        if (test.verdict() == Verdict.CHECKER_ERROR) {
            // The detail quotes the checker's source, compiler output or printout: staff evidence only.
            lines.add(heading + test.verdict().label());
            return lines;
        }
        lines.add(heading + test.verdict().label() + (test.detail().isEmpty() ? "" : " (" + test.detail() + ")"));
        if (test.verdict() == Verdict.COMPILE_ERROR) {
            return lines;
        }
        if (!test.checkerMessage().isEmpty()) {
            lines.add(test.checkerMessage());
        }
        lines.add("Your output:\n" + clip(test.stdout()) + (test.stdoutTruncated() ? "\n… (cut at the output limit)" : ""));
        if (!test.diff().isEmpty()) {
            lines.add("Difference from the expected output:\n" + test.diff());
        }
        if (!test.passed() && test.verdict() != Verdict.WRONG_ANSWER && !test.stderr().isBlank()) {
            lines.add("Standard error:\n" + test.stderr());
        }
        return lines;
    }

    private static Map<String, Object> testEvidence(TestResult test) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", test.testId());
        map.put("verdict", test.verdict().id());
        map.put("detail", test.detail());
        map.put("score", round(test.score()));
        map.put("exitCode", test.exitCode());
        map.put("signal", test.signal());
        map.put("wallMillis", test.wallMillis());
        map.put("stdout", clip(test.stdout()));
        map.put("stdoutTruncated", test.stdoutTruncated());
        map.put("stderr", test.stderr());
        if (!test.checkerMessage().isEmpty()) {
            map.put("checker", test.checkerMessage());
        }
        return map;
    }

    static String clip(String text) {
        if (text.length() <= SHOWN_BYTES) {
            return text;
        }
        return text.substring(0, SHOWN_BYTES) + "… (" + (text.length() - SHOWN_BYTES) + " more characters)";
    }

    private static String clipLine(String text) {
        String line = text.strip();
        int newline = line.indexOf('\n');
        if (newline >= 0) {
            line = line.substring(0, newline);
        }
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }

    private static double round(double value) {
        return Math.round(value * 1_000_000) / 1_000_000.0;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
