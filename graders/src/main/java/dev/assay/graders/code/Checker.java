package dev.assay.graders.code;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How a test decides whether the program's output is right. All but {@link Program} are pure functions of the
 * expected and actual text ({@link TextChecker}); {@link Program} runs a staff-written checker in the sandbox.
 *
 * <p>JSON: {@code {"type": "exact"}}, {@code {"type": "trailing_whitespace"}},
 * {@code {"type": "tokens", "ignoreCase": false}}, {@code {"type": "float", "absolute": 1e-6, "relative": 1e-9}},
 * {@code {"type": "regex", "pattern": "\\d+ apples", "ignoreCase": false}},
 * {@code {"type": "program", "language": "python3", "source": "..."}}.
 */
public sealed interface Checker permits Checker.TextChecker, Checker.Program {

    /** The {@code type} in JSON. */
    String type();

    /** Whether comparing line by line against {@code expected} is meaningful feedback (false for regex). */
    default boolean showsDiff() {
        return true;
    }

    /** The score fraction in [0, 1] and an optional message for the learner. */
    record Check(double fraction, String message) {
        public Check {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("fraction out of [0, 1]: " + fraction);
            }
            message = message == null ? "" : message;
        }

        static Check pass() {
            return new Check(1, "");
        }

        static Check fail(String message) {
            return new Check(0, message);
        }

        public boolean passed() {
            return fraction >= 1;
        }
    }

    /** A checker that needs nothing but the two texts. */
    sealed interface TextChecker extends Checker permits Exact, TrailingWhitespace, Tokens, FloatTolerance, Regex {
        /**
         * @throws CheckerFailure if the checker itself cannot decide (a regular expression that runs too long)
         */
        Check check(String expected, String actual);
    }

    /** Byte-for-byte (as text) equality. */
    record Exact() implements TextChecker {
        @Override
        public String type() {
            return "exact";
        }

        @Override
        public Check check(String expected, String actual) {
            return expected.equals(actual) ? Check.pass() : Check.fail("");
        }
    }

    /**
     * Equality after removing whitespace at the end of every line and blank lines at the end, with CRLF read as LF:
     * the default, as it forgives what learners cannot see.
     */
    record TrailingWhitespace() implements TextChecker {
        @Override
        public String type() {
            return "trailing_whitespace";
        }

        @Override
        public Check check(String expected, String actual) {
            return normalizeLines(expected).equals(normalizeLines(actual)) ? Check.pass() : Check.fail("");
        }

        static List<String> normalizeLines(String text) {
            List<String> lines = new ArrayList<>();
            for (String line : lines(text)) {
                lines.add(line.stripTrailing());
            }
            while (!lines.isEmpty() && lines.getLast().isEmpty()) {
                lines.removeLast();
            }
            return lines;
        }
    }

    /** The same whitespace-separated tokens in the same order; layout is free. */
    record Tokens(boolean ignoreCase) implements TextChecker {
        @Override
        public String type() {
            return "tokens";
        }

        @Override
        public Check check(String expected, String actual) {
            List<String> want = tokens(expected);
            List<String> got = tokens(actual);
            for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
                boolean same = ignoreCase ? want.get(i).equalsIgnoreCase(got.get(i)) : want.get(i).equals(got.get(i));
                if (!same) {
                    return Check.fail("token " + (i + 1) + ": expected '" + clip(want.get(i)) + "', got '"
                            + clip(got.get(i)) + "'");
                }
            }
            if (want.size() != got.size()) {
                return Check.fail("expected " + want.size() + " tokens, got " + got.size());
            }
            return Check.pass();
        }
    }

    /**
     * Token by token: where the expected token is a number, the actual one must be a number within
     * {@code absolute} or within {@code relative × |expected|} of it (either suffices); other tokens must be equal.
     * Both tolerances 0 means exact numeric equality ({@code 1.0} equals {@code 1}).
     */
    record FloatTolerance(double absolute, double relative) implements TextChecker {
        private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?");

        public FloatTolerance {
            if (!(absolute >= 0) || !(relative >= 0) || Double.isInfinite(absolute) || Double.isInfinite(relative)) {
                throw new IllegalArgumentException("tolerances must be finite and non-negative");
            }
        }

        @Override
        public String type() {
            return "float";
        }

        @Override
        public Check check(String expected, String actual) {
            List<String> want = tokens(expected);
            List<String> got = tokens(actual);
            for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
                String w = want.get(i);
                String g = got.get(i);
                if (NUMBER.matcher(w).matches()) {
                    if (!NUMBER.matcher(g).matches()) {
                        return Check.fail("token " + (i + 1) + ": expected a number near " + clip(w) + ", got '" + clip(g) + "'");
                    }
                    double e = Double.parseDouble(w);
                    double a = Double.parseDouble(g);
                    double error = Math.abs(a - e);
                    if (!(error <= absolute || error <= relative * Math.abs(e))) {
                        return Check.fail("token " + (i + 1) + ": expected " + clip(w) + ", got " + clip(g)
                                + " (off by " + error + ")");
                    }
                } else if (!w.equals(g)) {
                    return Check.fail("token " + (i + 1) + ": expected '" + clip(w) + "', got '" + clip(g) + "'");
                }
            }
            if (want.size() != got.size()) {
                return Check.fail("expected " + want.size() + " tokens, got " + got.size());
            }
            return Check.pass();
        }
    }

    /**
     * The whole output, less trailing whitespace, must match {@code pattern} (Java syntax; inline flags such as
     * {@code (?s)} or {@code (?m)} work). Matching gives up after {@link #TIME_BUDGET_MILLIS} ms, so a pathological
     * pattern yields {@link Verdict#CHECKER_ERROR}, never a stuck grader.
     */
    record Regex(String pattern, boolean ignoreCase) implements TextChecker {
        public static final long TIME_BUDGET_MILLIS = 1000;

        public Regex {
            Objects.requireNonNull(pattern, "pattern");
        }

        /** Why the pattern does not compile, or null. */
        public static String problem(String pattern) {
            try {
                Pattern.compile(pattern);
                return null;
            } catch (PatternSyntaxException e) {
                return "is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex();
            }
        }

        @Override
        public String type() {
            return "regex";
        }

        @Override
        public boolean showsDiff() {
            return false;
        }

        @Override
        public Check check(String expected, String actual) {
            Pattern compiled = Pattern.compile(pattern, ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
            long deadline = System.nanoTime() + TIME_BUDGET_MILLIS * 1_000_000;
            Matcher matcher = compiled.matcher(new DeadlineChars(actual.stripTrailing(), deadline));
            return matcher.matches() ? Check.pass() : Check.fail("the output does not have the expected form");
        }
    }

    /**
     * A staff program that judges the output. It runs in the sandbox like the learner's program, with three files
     * in its working directory, named on its command line in this order: {@code input} (the test's stdin),
     * {@code output} (what the learner's program printed) and {@code expected} (the test's expected output). It
     * prints the score fraction (a number from 0 to 1) on its first line; further lines are a message for the
     * learner (shown for visible tests). Any other exit status than 0 or a first line that is not such a number
     * is a {@link Verdict#CHECKER_ERROR}.
     */
    record Program(Language language, String source) implements Checker {
        public Program {
            Objects.requireNonNull(language, "language");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public String type() {
            return "program";
        }
    }

    /** The checker itself could not decide. */
    final class CheckerFailure extends RuntimeException {
        public CheckerFailure(String message) {
            super(message);
        }
    }

    private static List<String> lines(String text) {
        String unified = text.replace("\r\n", "\n");
        return new ArrayList<>(List.of(unified.split("\n", -1)));
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                tokens.add(text.substring(start, i));
            }
        }
        return tokens;
    }

    private static String clip(String token) {
        return token.length() <= 40 ? token : token.substring(0, 40) + "…";
    }

    /** A CharSequence that throws once its deadline passes, so that a catastrophic regex cannot hold a grader. */
    final class DeadlineChars implements CharSequence {
        private final String text;
        private final long deadline;
        private int calls;

        DeadlineChars(String text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if ((++calls & 0xFFF) == 0 && System.nanoTime() > deadline) {
                throw new CheckerFailure("the regular expression took longer than " + Regex.TIME_BUDGET_MILLIS
                        + " ms on this output");
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new DeadlineChars(text.substring(start, end), deadline);
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** For error messages. */
    static String types() {
        return "exact, trailing_whitespace, tokens, float, regex, program";
    }
}
