package dev.assay.graders.quiz;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A compiled accepted-text pattern; built once per definition so that grading never compiles anything. */
sealed interface TextMatcher permits GlobMatcher, RegexMatcher {

    /** @param normalised learner text already passed through {@link Whitespace#normalise} */
    boolean matches(String normalised);

    /** @throws PatternSyntaxException when {@code regex} is set and the pattern does not compile */
    static TextMatcher compile(String pattern, boolean caseSensitive, boolean regex) {
        if (regex) {
            int flags = caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
            return new RegexMatcher(Pattern.compile(pattern, flags));
        }
        return GlobMatcher.parse(Whitespace.normalise(pattern), !caseSensitive);
    }
}
