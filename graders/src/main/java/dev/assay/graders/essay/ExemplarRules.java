package dev.assay.graders.essay;

import dev.assay.graders.Violation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an uploaded exemplar must be, checked one exemplar at a time as the JSON or CSV reader meets it, so that one
 * response lists every problem of an upload (a staff member fixing a file in rounds, structure, then repeats, then
 * scores, sent it three times). Each check adds its violations and says whether the value can be used.
 */
final class ExemplarRules {
    /** Most exemplars in one upload: a set stays small enough to train in seconds. */
    static final int MAX_EXEMPLARS = 5_000;

    /** A score the reader found unreadable and has reported already ("high", a string in JSON). */
    static final double REPORTED = Double.NaN;

    private final EssayAssessment assessment;
    private final List<Violation> violations = new ArrayList<>();
    /** Each text seen (stripped), and where it was first given. */
    private final Map<String, String> seen = new HashMap<>();

    ExemplarRules(EssayAssessment assessment) {
        this.assessment = assessment;
    }

    void add(String field, String message) {
        violations.add(new Violation(field, message));
    }

    /**
     * A text must fit the store (no U+0000), say something, and be given once: a copy would sit in another fold of
     * the held-out report and be scored against itself (doubling a set of exemplars with random scores raised its
     * held-out QWK from -0.16 to 0.66), and two copies with different scores contradict each other. Blank texts are
     * reported as blank, never as copies of one another.
     *
     * @param where where the exemplar is in the upload, for the message ({@code " (CSV line 3)"}), or ""
     */
    boolean text(int index, String text, String where) {
        String field = "exemplars[" + index + "].text";
        if (text.length() > ExemplarCodec.MAX_TEXT) {
            add(field, "must be at most " + ExemplarCodec.MAX_TEXT + " characters" + where);
            return false;
        }
        if (text.indexOf('\0') >= 0) {
            add(field, "must not contain the character U+0000" + where);
            return false;
        }
        if (text.isBlank()) {
            add(field, "must not be blank" + where);
            return false;
        }
        String first = seen.putIfAbsent(text.strip(), "exemplars[" + index + "]");
        if (first != null) {
            add(field, "repeats " + first + where + "; give each essay once (a copy would be scored against itself "
                    + "in the held-out report)");
            return false;
        }
        return true;
    }

    /** The holistic score: a whole number on the assessment's scale. */
    boolean score(int index, double score, String where) {
        return !Double.isNaN(score) && whole("exemplars[" + index + "].score", score, assessment.minScore(), assessment.maxScore(), where);
    }

    /**
     * Every criterion of the rubric, scored in whole points on its own scale, as {@link Criterion} defines it (a 2.5
     * was accepted while holistic scores had to be whole, and the model's levels are whole points).
     */
    boolean criteria(int index, Map<String, Double> scores, String where) {
        boolean ok = true;
        for (Criterion c : assessment.criteria()) {
            String field = "exemplars[" + index + "].criteria." + c.id();
            Double score = scores.get(c.id());
            if (score == null) {
                add(field, "is required" + where);
                ok = false;
            } else {
                ok &= !Double.isNaN(score) && whole(field, score, c.minScore(), c.maxScore(), where);
            }
        }
        return ok;
    }

    private boolean whole(String field, double score, int min, int max, String where) {
        if (score < min || score > max || score != Math.rint(score)) {
            add(field, "must be a whole number from " + min + " to " + max + ", got " + number(score) + where);
            return false;
        }
        return true;
    }

    /** The upload as a whole: not empty, not too large. Its violations come first, naming {@code exemplars}. */
    void count(int exemplars) {
        if (exemplars == 0) {
            violations.addFirst(new Violation("exemplars", "must not be empty"));
        } else if (exemplars > MAX_EXEMPLARS) {
            violations.addFirst(new Violation("exemplars", "at most " + MAX_EXEMPLARS + " exemplars per upload, got "
                    + exemplars));
        }
    }

    List<Violation> violations() {
        return violations;
    }

    static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
