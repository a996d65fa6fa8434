package dev.assay.graders.quiz;

import java.util.regex.Pattern;

/**
 * Matches the whole learner text against a staff-written regular expression, within a work budget:
 * quizzes are graded inline in the request, and a pattern like {@code (a+)+b} backtracks exponentially.
 * Running out of budget counts as no match; the budget is a count of character reads, so the outcome is
 * deterministic.
 */
record RegexMatcher(Pattern pattern) implements TextMatcher {

    /** Ordinary patterns read each character a few times; this allows about a millisecond of work. */
    static final int MAX_CHAR_READS = 200_000;

    @Override
    public boolean matches(String normalised) {
        try {
            return pattern.matcher(new BudgetedText(normalised, MAX_CHAR_READS)).matches();
        } catch (BudgetedText.Exhausted e) {
            return false;
        }
    }
}
