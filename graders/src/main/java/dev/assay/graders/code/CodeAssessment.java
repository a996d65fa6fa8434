package dev.assay.graders.code;

import dev.assay.graders.Violation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A code assessment: pure data, readable from and writable to JSON (see {@link CodeCodec}).
 *
 * @param language the language learners write in
 * @param main     the file the program starts from (Python, JavaScript), or whose class holds {@code main} (Java);
 *                 null to infer it; ignored for C and C++, whose sources are all compiled into one program
 * @param files    starter and support files
 * @param limits   per run of the learner's program
 * @param tests    at least one
 * @param groups   all-or-nothing groups the tests may name
 */
public record CodeAssessment(Language language, String main, List<CodeFile> files, Limits limits,
                             List<TestCase> tests, List<TestGroup> groups) {

    public static final int MAX_FILES = 100;
    public static final int MAX_FILE_BYTES_TOTAL = 4 * 1024 * 1024;
    public static final int MAX_TESTS = 500;
    public static final int MAX_TEST_TEXT = 16 * 1024 * 1024;
    public static final int MAX_ARGS = 64;
    public static final int MAX_ARG_LENGTH = 4096;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

    public CodeAssessment {
        Objects.requireNonNull(language, "language");
        files = files == null ? List.of() : List.copyOf(files);
        limits = limits == null ? Limits.DEFAULT : limits;
        tests = tests == null ? List.of() : List.copyOf(tests);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public CodeAssessment withLimits(Limits value) {
        return new CodeAssessment(language, main, files, value, tests, groups);
    }

    public CodeAssessment withTests(List<TestCase> value, List<TestGroup> groupsValue) {
        return new CodeAssessment(language, main, files, limits, value, groupsValue);
    }

    /** The total points of all tests. */
    public double maxScore() {
        double total = 0;
        for (TestCase test : tests) {
            total += test.points();
        }
        return total;
    }

    /** The support file with this path, or null. */
    public CodeFile supportFile(String path) {
        for (CodeFile file : files) {
            if (file.role() == CodeFile.Role.SUPPORT && file.path().equals(path)) {
                return file;
            }
        }
        return null;
    }

    /** Everything wrong with this definition, each naming its field; empty when it can be graded. */
    public List<Violation> validate() {
        List<Violation> violations = new ArrayList<>();
        if (main != null) {
            Workspace.pathProblem(main).ifPresent(problem -> violations.add(new Violation("main", problem)));
        }
        validateFiles(violations);
        violations.addAll(limits.validate("limits"));
        Set<String> groupIds = new HashSet<>();
        for (int i = 0; i < groups.size(); i++) {
            TestGroup group = groups.get(i);
            if (!ID.matcher(group.id()).matches()) {
                violations.add(new Violation("groups[" + i + "].id", idRule()));
            } else if (!groupIds.add(group.id())) {
                violations.add(new Violation("groups[" + i + "].id", "'" + group.id() + "' is used by another group"));
            }
        }
        if (tests.isEmpty()) {
            violations.add(new Violation("tests", "must have at least one test"));
        } else if (tests.size() > MAX_TESTS) {
            violations.add(new Violation("tests", "must have at most " + MAX_TESTS + " tests"));
        }
        Set<String> testIds = new HashSet<>();
        Map<String, Integer> groupUse = new HashMap<>();
        for (int i = 0; i < tests.size(); i++) {
            TestCase test = tests.get(i);
            String at = "tests[" + i + "]";
            if (!ID.matcher(test.id()).matches()) {
                violations.add(new Violation(at + ".id", idRule()));
            } else if (!testIds.add(test.id())) {
                violations.add(new Violation(at + ".id", "'" + test.id() + "' is used by another test"));
            }
            if (test.stdin().length() > MAX_TEST_TEXT) {
                violations.add(new Violation(at + ".stdin", "must be at most " + MAX_TEST_TEXT + " characters"));
            }
            if (test.expected() != null && test.expected().length() > MAX_TEST_TEXT) {
                violations.add(new Violation(at + ".expected", "must be at most " + MAX_TEST_TEXT + " characters"));
            }
            validateArgs(test, at, violations);
            if (!(test.points() >= 0 && test.points() <= 1_000_000)) {
                violations.add(new Violation(at + ".points", "must be a number from 0 to 1000000"));
            }
            if (test.group() != null) {
                if (!groupIds.contains(test.group())) {
                    violations.add(new Violation(at + ".group", "'" + test.group() + "' is not one of the groups"));
                }
                groupUse.merge(test.group(), 1, Integer::sum);
            }
            if (test.expected() == null && needsExpected(test.checker())) {
                violations.add(new Violation(at + ".expected", "is required by the " + test.checker().type() + " checker"));
            }
            validateChecker(test.checker(), at + ".checker", violations);
        }
        for (int i = 0; i < groups.size(); i++) {
            if (!groupUse.containsKey(groups.get(i).id())) {
                violations.add(new Violation("groups[" + i + "]", "no test is in this group"));
            }
        }
        if (violations.isEmpty() && maxScore() <= 0) {
            violations.add(new Violation("tests", "the tests are worth no points"));
        }
        return violations;
    }

    private void validateFiles(List<Violation> violations) {
        if (files.size() > MAX_FILES) {
            violations.add(new Violation("files", "must have at most " + MAX_FILES + " files"));
        }
        Set<String> paths = new HashSet<>();
        long bytes = 0;
        for (int i = 0; i < files.size(); i++) {
            CodeFile file = files.get(i);
            String at = "files[" + i + "].path";
            Workspace.pathProblem(file.path()).ifPresent(problem -> violations.add(new Violation(at, problem)));
            if (!paths.add(file.path())) {
                violations.add(new Violation(at, "'" + file.path() + "' is given twice"));
            }
            bytes += file.content().length();
        }
        if (bytes > MAX_FILE_BYTES_TOTAL) {
            violations.add(new Violation("files", "must hold at most " + MAX_FILE_BYTES_TOTAL + " characters in all"));
        }
    }

    private static void validateArgs(TestCase test, String at, List<Violation> violations) {
        if (test.args().size() > MAX_ARGS) {
            violations.add(new Violation(at + ".args", "must have at most " + MAX_ARGS + " arguments"));
        }
        for (int j = 0; j < test.args().size(); j++) {
            String arg = test.args().get(j);
            if (arg == null) {
                violations.add(new Violation(at + ".args[" + j + "]", "must be a string"));
            } else if (arg.indexOf('\0') >= 0) {
                violations.add(new Violation(at + ".args[" + j + "]", "must not contain NUL characters"));
            } else if (arg.length() > MAX_ARG_LENGTH) {
                violations.add(new Violation(at + ".args[" + j + "]", "must be at most " + MAX_ARG_LENGTH + " characters"));
            }
        }
    }

    private static boolean needsExpected(Checker checker) {
        return !(checker instanceof Checker.Regex) && !(checker instanceof Checker.Program);
    }

    static void validateChecker(Checker checker, String at, List<Violation> violations) {
        switch (checker) {
            case Checker.Regex regex -> {
                String problem = Checker.Regex.problem(regex.pattern());
                if (problem != null) {
                    violations.add(new Violation(at + ".pattern", problem));
                }
            }
            case Checker.Program program -> {
                if (program.source().isBlank()) {
                    violations.add(new Violation(at + ".source", "must be the checker program's source"));
                } else if (program.source().length() > MAX_FILE_BYTES_TOTAL) {
                    violations.add(new Violation(at + ".source", "must be at most " + MAX_FILE_BYTES_TOTAL + " characters"));
                }
            }
            default -> {
                // exact, trailing_whitespace, tokens and float validate in their constructors
            }
        }
    }

    private static String idRule() {
        return "must be 1 to 64 letters, digits, '_', '.' or '-', not starting with '.' or '-'";
    }
}
