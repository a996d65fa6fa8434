package dev.assay.graders.essay;

import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * An essay question as staff define it.
 *
 * @param prompt         what the learners were asked (may be blank when it is not known, e.g. in evaluations)
 * @param sourceText     text the learners answer or quote from; blank when there is none
 * @param minScore       lowest score (whole points)
 * @param maxScore       highest score; with a rubric, the sums of the criteria's ranges
 * @param autoGradeShare target share (0..1) of essays accepted automatically; the rest, the least
 *                       confident, go to peer or staff review
 * @param criteria       rubric criteria, empty for a single holistic score
 */
public record EssayAssessment(String prompt, String sourceText, int minScore, int maxScore, double autoGradeShare,
                              List<Criterion> criteria) {

    /** Default share of essays auto-graded when staff do not set one. */
    public static final double DEFAULT_AUTO_GRADE_SHARE = 0.7;

    /** Largest number of score levels (maxScore - minScore + 1) a holistic score or criterion may have. */
    public static final int MAX_LEVELS = 101;

    public EssayAssessment {
        prompt = prompt == null ? "" : prompt;
        sourceText = sourceText == null ? "" : sourceText;
        criteria = criteria == null ? List.of() : List.copyOf(criteria);
        List<Violation> violations = violations(prompt, minScore, maxScore, autoGradeShare, criteria);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
    }

    /** A holistic assessment with the default auto-grade share. */
    public EssayAssessment(String prompt, String sourceText, int minScore, int maxScore) {
        this(prompt, sourceText, minScore, maxScore, DEFAULT_AUTO_GRADE_SHARE, List.of());
    }

    /** A rubric assessment: the score range is the sum of the criteria's ranges. */
    public static EssayAssessment withRubric(String prompt, String sourceText, double autoGradeShare,
                                             List<Criterion> criteria) {
        if (criteria == null || criteria.isEmpty()) {
            throw new InvalidInputException("criteria", "a rubric needs at least one criterion");
        }
        int min = 0;
        int max = 0;
        for (Criterion c : criteria) {
            min += c.minScore();
            max += c.maxScore();
        }
        return new EssayAssessment(prompt, sourceText, min, max, autoGradeShare, criteria);
    }

    public EssayAssessment withAutoGradeShare(double share) {
        return new EssayAssessment(prompt, sourceText, minScore, maxScore, share, criteria);
    }

    public boolean hasRubric() {
        return !criteria.isEmpty();
    }

    /** Prompt and source together: the text an essay may legitimately quote. */
    String quotableText() {
        return sourceText.isBlank() ? prompt : prompt + "\n\n" + sourceText;
    }

    /**
     * A stable fingerprint of everything in the definition a trained model depends on (prompt, source, ranges,
     * criteria; not the auto-grade share, which only moves the routing threshold).
     */
    public String fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, prompt);
            update(digest, sourceText);
            update(digest, minScore + ".." + maxScore);
            for (Criterion c : criteria) {
                update(digest, c.id() + ":" + c.minScore() + ".." + c.maxScore());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest digest, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        digest.update((byte) (bytes.length >>> 24));
        digest.update((byte) (bytes.length >>> 16));
        digest.update((byte) (bytes.length >>> 8));
        digest.update((byte) bytes.length);
        digest.update(bytes);
    }

    private static List<Violation> violations(String prompt, int min, int max, double share, List<Criterion> criteria) {
        List<Violation> out = new ArrayList<>();
        if (prompt.length() > 100_000) {
            out.add(new Violation("prompt", "must be at most 100000 characters"));
        }
        if (min < 0) {
            // Course grades read a score as a share of maxScore: below 0 there is no such share.
            out.add(new Violation("minScore", "must not be negative"));
        }
        if (max <= min) {
            out.add(new Violation("maxScore", "must be greater than minScore"));
        } else if ((long) max - min + 1 > MAX_LEVELS && criteria.isEmpty()) {
            out.add(new Violation("maxScore", "at most " + MAX_LEVELS + " score levels are supported"));
        }
        if (!(share >= 0 && share <= 1)) {
            out.add(new Violation("autoGradeShare", "must be between 0 and 1"));
        }
        if (!criteria.isEmpty()) {
            Set<String> ids = new HashSet<>();
            int sumMin = 0;
            int sumMax = 0;
            for (int i = 0; i < criteria.size(); i++) {
                Criterion c = criteria.get(i);
                String field = "criteria[" + i + "]";
                if (c.id().isBlank() || c.id().length() > 64) {
                    out.add(new Violation(field + ".id", "must be 1-64 characters"));
                } else if (!ids.add(c.id())) {
                    out.add(new Violation(field + ".id", "duplicate criterion id " + c.id()));
                }
                if (c.minScore() < 0) {
                    out.add(new Violation(field + ".minScore", "must not be negative"));
                }
                if (c.maxScore() <= c.minScore()) {
                    out.add(new Violation(field + ".maxScore", "must be greater than minScore"));
                } else if ((long) c.maxScore() - c.minScore() + 1 > MAX_LEVELS) {
                    out.add(new Violation(field + ".maxScore", "at most " + MAX_LEVELS + " score levels are supported"));
                }
                sumMin += c.minScore();
                sumMax += c.maxScore();
            }
            if (sumMin != min || sumMax != max) {
                out.add(new Violation("maxScore", "with a rubric the score range must be the sum of the criteria ranges ("
                        + sumMin + ".." + sumMax + ")"));
            }
        }
        return out;
    }
}
