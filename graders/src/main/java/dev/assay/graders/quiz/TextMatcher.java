package dev.assay.graders.quiz;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A compiled accepted-text pattern; built once per definition so that grading never compiles anything. */
sealed interface TextMatcher permits GlobMatcher, RegexMatcher {

    /** @param normalised learner text already passed through {@link TypedText#normalise} */
    boolean matches(String normalised);

    /**
     * Patterns are put in the learner text's form first, so that a pattern typed with a decomposed "é" matches a
     * learner's composed one and the other way round; a regex keeps its white space, which is the author's syntax.
     *
     * @throws PatternSyntaxException when {@code regex} is set and the pattern does not compile
     */
    static TextMatcher compile(String pattern, boolean caseSensitive, boolean regex) {
        if (regex) {
            int flags = caseSensitive ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
            return new RegexMatcher(Pattern.compile(TypedText.composed(pattern), flags));
        }
        return GlobMatcher.parse(TypedText.normalise(pattern), !caseSensitive);
    }
}
