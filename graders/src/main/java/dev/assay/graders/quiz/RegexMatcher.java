package dev.assay.graders.quiz;

import java.util.regex.Pattern;

/** Matches the whole learner text against a staff-written regular expression. */
record RegexMatcher(Pattern pattern) implements TextMatcher {

    @Override
    public boolean matches(String normalised) {
        return pattern.matcher(normalised).matches();
    }
}
