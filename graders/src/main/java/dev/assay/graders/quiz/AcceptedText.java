package dev.assay.graders.quiz;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Objects;
import java.util.regex.PatternSyntaxException;

/**
 * One accepted answer of a short-text question (or a text gap).
 *
 * <p>A class rather than a record because it carries its compiled matcher, built once here so that
 * grading never compiles a pattern. A pattern that does not compile leaves no matcher and is reported
 * by the validator.
 *
 * @see TextMatcher
 */
public final class AcceptedText {

    private final String pattern;
    private final double fraction;
    private final String feedback;
    private final boolean caseSensitive;
    private final boolean regex;
    private final TextMatcher matcher;
    private final String patternError;

    /**
     * @param pattern       the accepted text; {@code *} is a wildcard unless {@code regex} is set, in which case
     *                      it is a Java regular expression that must match the whole answer (normalised, see
     *                      {@link TypedText})
     * @param fraction      share of the points earned by a matching answer, in [-1, 1]; 1 when absent
     * @param caseSensitive false when absent
     * @param regex         false when absent
     */
    @JsonCreator
    public AcceptedText(@JsonProperty("pattern") String pattern,
                        @JsonProperty("fraction") Double fraction,
                        @JsonProperty("feedback") String feedback,
                        @JsonProperty("caseSensitive") Boolean caseSensitive,
                        @JsonProperty("regex") Boolean regex) {
        this.pattern = pattern;
        this.fraction = fraction == null ? 1.0 : fraction;
        this.feedback = feedback;
        this.caseSensitive = caseSensitive != null && caseSensitive;
        this.regex = regex != null && regex;
        TextMatcher compiled = null;
        String error = null;
        if (pattern != null) {
            try {
                compiled = TextMatcher.compile(pattern, this.caseSensitive, this.regex);
            } catch (PatternSyntaxException e) {
                error = e.getDescription();
            }
        }
        this.matcher = compiled;
        this.patternError = error;
    }

    public static AcceptedText of(String pattern, double fraction, String feedback) {
        return new AcceptedText(pattern, fraction, feedback, false, false);
    }

    /** Whether the learner text, already normalised by {@link TypedText#normalise}, is accepted. */
    public boolean matches(String normalised) {
        return matcher != null && matcher.matches(normalised);
    }

    @JsonProperty("pattern")
    public String pattern() {
        return pattern;
    }

    @JsonProperty("fraction")
    public double fraction() {
        return fraction;
    }

    @JsonProperty("feedback")
    public String feedback() {
        return feedback;
    }

    @JsonProperty("caseSensitive")
    public boolean caseSensitive() {
        return caseSensitive;
    }

    @JsonProperty("regex")
    public boolean regex() {
        return regex;
    }

    /** Why the regular expression does not compile, or null. */
    String patternError() {
        return patternError;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AcceptedText other
                && Objects.equals(pattern, other.pattern)
                && Double.compare(fraction, other.fraction) == 0
                && Objects.equals(feedback, other.feedback)
                && caseSensitive == other.caseSensitive
                && regex == other.regex;
    }

    @Override
    public int hashCode() {
        return Objects.hash(pattern, fraction, feedback, caseSensitive, regex);
    }

    @Override
    public String toString() {
        return "AcceptedText[pattern=" + pattern + ", fraction=" + fraction + ", feedback=" + feedback
                + ", caseSensitive=" + caseSensitive + ", regex=" + regex + "]";
    }
}
