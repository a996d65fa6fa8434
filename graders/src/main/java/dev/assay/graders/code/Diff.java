package dev.assay.graders.code;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A unified-style line diff of the expected output against the learner's, for visible tests:
 * {@code -} lines are expected but missing, {@code +} lines are the learner's extra or different lines, two lines of
 * context around each change. Trailing spaces and tabs on changed lines are made visible ({@code ·}, {@code →}).
 * Myers' O(ND) algorithm on at most {@value #MAX_LINES} lines per side; outputs too different for that get a
 * "first difference" summary instead. The rendering is capped at {@value #MAX_RENDERED} lines.
 */
public final class Diff {

    static final int MAX_LINES = 500;
    static final int MAX_EDIT_DISTANCE = 200;
    static final int MAX_RENDERED = 60;
    private static final int CONTEXT = 2;
    private static final int MAX_LINE_CHARS = 200;

    private Diff() {
    }

    private enum Op { SAME, DELETE, INSERT }

    private record Edit(Op op, String line, int expectedLine, int actualLine) {
    }

    /** Whether the two texts have the same lines, whatever their line endings and final newline. */
    public static boolean sameLines(String expected, String actual) {
        return lines(expected).equals(lines(actual));
    }

    /** Empty when the two texts are equal; a note when only line endings or the final newline differ. */
    public static String render(String expected, String actual) {
        List<String> a = lines(expected);
        List<String> b = lines(actual);
        if (a.equals(b)) {
            if (expected.endsWith("\n") != actual.endsWith("\n")) {
                return expected.endsWith("\n") ? "(your output lacks the final newline)"
                        : "(your output has a final newline the expected output lacks)";
            }
            return expected.equals(actual) ? "" : "(the outputs differ only in line endings)";
        }
        List<Edit> edits = a.size() <= MAX_LINES && b.size() <= MAX_LINES ? myers(a, b) : null;
        if (edits == null) {
            return firstDifference(a, b);
        }
        return hunks(edits);
    }

    private static List<String> lines(String text) {
        String unified = text.replace("\r\n", "\n");
        if (unified.endsWith("\n")) {
            unified = unified.substring(0, unified.length() - 1);
        }
        if (unified.isEmpty()) {
            return List.of();
        }
        return List.of(unified.split("\n", -1));
    }

    private static List<Edit> myers(List<String> a, List<String> b) {
        int n = a.size();
        int m = b.size();
        int max = n + m;
        int offset = max + 1;
        int[] v = new int[2 * max + 3];
        List<int[]> trace = new ArrayList<>();
        for (int d = 0; d <= Math.min(max, MAX_EDIT_DISTANCE); d++) {
            trace.add(v.clone());
            for (int k = -d; k <= d; k += 2) {
                int x = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                        ? v[offset + k + 1] : v[offset + k - 1] + 1;
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m) {
                    return backtrack(a, b, trace, offset);
                }
            }
        }
        return null;
    }

    private static List<Edit> backtrack(List<String> a, List<String> b, List<int[]> trace, int offset) {
        List<Edit> edits = new ArrayList<>();
        int x = a.size();
        int y = b.size();
        for (int d = trace.size() - 1; d >= 0; d--) {
            int[] v = trace.get(d);
            int k = x - y;
            int previousK = (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])) ? k + 1 : k - 1;
            int previousX = d == 0 ? 0 : v[offset + previousK];
            int previousY = d == 0 ? 0 : previousX - previousK;
            while (x > previousX && y > previousY) {
                edits.add(new Edit(Op.SAME, a.get(x - 1), x, y));
                x--;
                y--;
            }
            if (d > 0) {
                if (x == previousX) {
                    edits.add(new Edit(Op.INSERT, b.get(y - 1), x, y));
                } else {
                    edits.add(new Edit(Op.DELETE, a.get(x - 1), x, y));
                }
                x = previousX;
                y = previousY;
            }
        }
        Collections.reverse(edits);
        return edits;
    }

    private static String hunks(List<Edit> edits) {
        boolean[] shown = new boolean[edits.size()];
        for (int i = 0; i < edits.size(); i++) {
            if (edits.get(i).op != Op.SAME) {
                for (int j = Math.max(0, i - CONTEXT); j <= Math.min(edits.size() - 1, i + CONTEXT); j++) {
                    shown[j] = true;
                }
            }
        }
        StringBuilder out = new StringBuilder("--- expected\n+++ your output\n");
        int rendered = 0;
        for (int i = 0; i < edits.size(); i++) {
            if (!shown[i]) {
                continue;
            }
            if (i == 0 || !shown[i - 1]) {
                Edit first = edits.get(i);
                int expectedLine = first.op == Op.INSERT ? first.expectedLine + 1 : first.expectedLine;
                int actualLine = first.op == Op.DELETE ? first.actualLine + 1 : first.actualLine;
                out.append("@@ expected line ").append(Math.max(1, expectedLine))
                        .append(", your line ").append(Math.max(1, actualLine)).append(" @@\n");
            }
            if (rendered++ >= MAX_RENDERED) {
                out.append("… (diff truncated)\n");
                break;
            }
            Edit edit = edits.get(i);
            switch (edit.op) {
                case SAME -> out.append("  ").append(clip(edit.line)).append('\n');
                case DELETE -> out.append("- ").append(visible(edit.line)).append('\n');
                case INSERT -> out.append("+ ").append(visible(edit.line)).append('\n');
            }
        }
        return out.toString();
    }

    private static String firstDifference(List<String> a, List<String> b) {
        int i = 0;
        while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
            i++;
        }
        StringBuilder out = new StringBuilder("first difference at line ").append(i + 1).append(":\n");
        out.append("- ").append(i < a.size() ? visible(a.get(i)) : "(end of expected output)").append('\n');
        out.append("+ ").append(i < b.size() ? visible(b.get(i)) : "(end of your output)").append('\n');
        return out.toString();
    }

    private static String visible(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        StringBuilder out = new StringBuilder(clip(line.substring(0, end)));
        for (int i = end; i < line.length() && i < end + 20; i++) {
            out.append(line.charAt(i) == ' ' ? '·' : '→');
        }
        return out.toString();
    }

    private static String clip(String line) {
        return line.length() <= MAX_LINE_CHARS ? line : line.substring(0, MAX_LINE_CHARS) + "…";
    }
}
