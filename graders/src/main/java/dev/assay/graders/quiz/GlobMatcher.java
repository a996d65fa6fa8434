package dev.assay.graders.quiz;

import java.util.ArrayList;
import java.util.List;

/**
 * A pattern where {@code *} stands for any text (possibly empty) and {@code \*} for a literal star.
 * Matched by hand rather than through a regular expression: it is the common case, and this needs no
 * {@link java.util.regex.Matcher} per answer and cannot backtrack badly.
 */
final class GlobMatcher implements TextMatcher {

    /** The literal pieces between wildcards; a pattern with n wildcards has n + 1 pieces. */
    private final String[] pieces;
    private final boolean ignoreCase;

    private GlobMatcher(String[] pieces, boolean ignoreCase) {
        this.pieces = pieces;
        this.ignoreCase = ignoreCase;
    }

    static GlobMatcher parse(String pattern, boolean ignoreCase) {
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                piece.append('*');
                i++;
            } else if (c == '*') {
                pieces.add(piece.toString());
                piece.setLength(0);
            } else {
                piece.append(c);
            }
        }
        pieces.add(piece.toString());
        return new GlobMatcher(pieces.toArray(String[]::new), ignoreCase);
    }

    @Override
    public boolean matches(String s) {
        int last = pieces.length - 1;
        String head = pieces[0];
        if (last == 0) {
            return s.length() == head.length() && s.regionMatches(ignoreCase, 0, head, 0, head.length());
        }
        String tail = pieces[last];
        int end = s.length() - tail.length();
        if (end < head.length()
                || !s.regionMatches(ignoreCase, 0, head, 0, head.length())
                || !s.regionMatches(ignoreCase, end, tail, 0, tail.length())) {
            return false;
        }
        // Leftmost placement of each middle piece is optimal: it leaves the most room for the next ones.
        int from = head.length();
        for (int i = 1; i < last; i++) {
            int at = indexOf(s, pieces[i], from, end);
            if (at < 0) {
                return false;
            }
            from = at + pieces[i].length();
        }
        return true;
    }

    private int indexOf(String s, String piece, int from, int end) {
        for (int at = from; at + piece.length() <= end; at++) {
            if (s.regionMatches(ignoreCase, at, piece, 0, piece.length())) {
                return at;
            }
        }
        return -1;
    }
}
