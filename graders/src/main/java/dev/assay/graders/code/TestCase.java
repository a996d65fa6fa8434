package dev.assay.graders.code;

import java.util.List;
import java.util.Objects;

/**
 * One run of the learner's program and how it is judged.
 *
 * @param id       unique within the assessment; the id of the test's {@link dev.assay.graders.PartResult}
 * @param title    optional, shown to learners (for hidden tests too)
 * @param stdin    fed to standard input ("" when absent)
 * @param args     command-line arguments
 * @param expected the expected standard output (may be absent for {@code regex} and {@code program} checkers)
 * @param checker  how the output is judged
 * @param points   what the test is worth (≥ 0)
 * @param visible  true: learners see their output and a diff; false (hidden): only whether it passed
 * @param group    the id of a {@link TestGroup}, or null
 */
public record TestCase(String id, String title, String stdin, List<String> args, String expected, Checker checker,
                       double points, boolean visible, String group) {

    public TestCase {
        Objects.requireNonNull(id, "id");
        title = title == null ? "" : title;
        stdin = stdin == null ? "" : stdin;
        args = args == null ? List.of() : List.copyOf(args);
        Objects.requireNonNull(checker, "checker");
    }

    /** A visible test worth one point, judged ignoring trailing whitespace. */
    public static TestCase of(String id, String stdin, String expected) {
        return new TestCase(id, "", stdin, List.of(), expected, new Checker.TrailingWhitespace(), 1, true, null);
    }

    public TestCase withChecker(Checker value) {
        return new TestCase(id, title, stdin, args, expected, value, points, visible, group);
    }

    public TestCase withArgs(List<String> value) {
        return new TestCase(id, title, stdin, value, expected, checker, points, visible, group);
    }

    public TestCase withPoints(double value) {
        return new TestCase(id, title, stdin, args, expected, checker, value, visible, group);
    }

    public TestCase hidden() {
        return new TestCase(id, title, stdin, args, expected, checker, points, false, group);
    }

    public TestCase inGroup(String value) {
        return new TestCase(id, title, stdin, args, expected, checker, points, visible, value);
    }
}
