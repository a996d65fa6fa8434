package dev.assay.engine.outcomes;

import dev.assay.graders.Violation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A course's grading policy, set by course staff.
 *
 * <p>Weights are <b>percentages</b>: the categories' weights must add up to 100 (within 1e-6). The pass mark and the
 * band minimums are on the same 0–100 scale as the course total; a must-pass item's pass fraction is a fraction
 * of that item's maximum score, in (0, 1].
 *
 * @param categories          weighted assessment categories (each assessment in at most one)
 * @param mustPass            items that must be passed on their own, whatever the total
 * @param minPeerReviewsGiven number of peer reviews the learner must give to pass (0 = none)
 * @param passMark            course total (0–100) needed to pass
 * @param bands               optional grade bands for a pass, in strictly ascending order of minimum, each
 *                            minimum in [passMark, 100]; a passed learner gets the highest band whose minimum
 *                            the total reaches (none if below the first)
 * @param attempts            which of a learner's graded submissions to an assessment counts
 */
public record GradingPolicy(List<Category> categories, List<MustPass> mustPass, int minPeerReviewsGiven,
                            double passMark, List<Band> bands, Attempts attempts) {

    /** Tolerance on the sum of the weights. */
    public static final double WEIGHT_TOLERANCE = 1e-6;

    public GradingPolicy {
        categories = categories == null ? List.of() : List.copyOf(categories);
        mustPass = mustPass == null ? List.of() : List.copyOf(mustPass);
        bands = bands == null ? List.of() : List.copyOf(bands);
        attempts = attempts == null ? Attempts.HIGHEST : attempts;
    }

    /** A policy counting each assessment's highest graded submission. */
    public GradingPolicy(List<Category> categories, List<MustPass> mustPass, int minPeerReviewsGiven, double passMark,
                         List<Band> bands) {
        this(categories, mustPass, minPeerReviewsGiven, passMark, bands, Attempts.HIGHEST);
    }

    /**
     * Which graded submission counts when a learner submitted to an assessment more than once. Either way a
     * submission still being graded (or awaiting its peer grade) never displaces a graded one: a learner who passed
     * and submits again keeps the pass while the new work is graded, and with {@code HIGHEST} keeps it for good.
     */
    public enum Attempts {
        /** The best graded submission, as a fraction of its maximum (the latest of equals). */
        HIGHEST,
        /** The most recent graded submission, even when it scored lower. */
        LATEST;

        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Reads and validates a policy from JSON; see {@link GradingPolicyCodec} for the format.
     *
     * @throws dev.assay.graders.InvalidInputException with every violation, each with its field path
     */
    public static GradingPolicy readPolicy(com.fasterxml.jackson.databind.JsonNode json, Set<String> knownAssessmentIds) {
        return GradingPolicyCodec.readPolicy(json, knownAssessmentIds);
    }

    /**
     * @param id          category id, unique in the policy (e.g. {@code quizzes})
     * @param weight      percentage of the course total, in (0, 100]
     * @param assessments assessment ids in this category; each item counts equally (as a fraction of its maximum)
     * @param dropLowest  how many of the lowest items are dropped, in [0, assessments.size())
     */
    public record Category(String id, double weight, List<String> assessments, int dropLowest) {
        public Category {
            assessments = assessments == null ? List.of() : List.copyOf(assessments);
        }
    }

    /**
     * @param assessment   assessment id
     * @param passFraction fraction of the item's maximum score needed, in (0, 1]
     */
    public record MustPass(String assessment, double passFraction) {
    }

    /**
     * @param name    band name (e.g. {@code merit}), unique in the policy
     * @param minimum course total (0–100) from which the band applies
     */
    public record Band(String name, double minimum) {
    }

    /**
     * Everything wrong with this policy, with field paths such as {@code categories[1].weight}; empty if valid.
     *
     * @param knownAssessmentIds the course's assessments; any other id referenced is reported
     */
    public List<Violation> validate(Set<String> knownAssessmentIds) {
        List<Violation> out = new ArrayList<>();
        if (categories.isEmpty()) {
            out.add(new Violation("categories", "at least one category is required"));
        }
        Set<String> categoryIds = new HashSet<>();
        Map<String, String> categoryOf = new HashMap<>();
        double weightSum = 0;
        boolean weightsValid = true;
        for (int i = 0; i < categories.size(); i++) {
            Category c = categories.get(i);
            String at = "categories[" + i + "]";
            if (c == null) {
                out.add(new Violation(at, "must be a category"));
                weightsValid = false;
                continue;
            }
            if (c.id() == null || c.id().isBlank()) {
                out.add(new Violation(at + ".id", "is required"));
            } else if (!categoryIds.add(c.id())) {
                out.add(new Violation(at + ".id", "duplicate category id '" + c.id() + "'"));
            }
            if (!Double.isFinite(c.weight()) || c.weight() <= 0 || c.weight() > 100) {
                out.add(new Violation(at + ".weight", "must be a percentage in (0, 100], got " + c.weight()));
                weightsValid = false;
            } else {
                weightSum += c.weight();
            }
            if (c.assessments().isEmpty()) {
                out.add(new Violation(at + ".assessments", "at least one assessment is required"));
            }
            for (int j = 0; j < c.assessments().size(); j++) {
                String a = c.assessments().get(j);
                String aAt = at + ".assessments[" + j + "]";
                if (a == null || a.isBlank()) {
                    out.add(new Violation(aAt, "is required"));
                    continue;
                }
                if (!knownAssessmentIds.contains(a)) {
                    out.add(new Violation(aAt, "unknown assessment '" + a + "'"));
                }
                String previous = categoryOf.putIfAbsent(a, c.id());
                if (previous != null) {
                    out.add(new Violation(aAt, "assessment '" + a + "' is already in category '" + previous + "'"));
                }
            }
            if (c.dropLowest() < 0) {
                out.add(new Violation(at + ".dropLowest", "must not be negative, got " + c.dropLowest()));
            } else if (!c.assessments().isEmpty() && c.dropLowest() >= c.assessments().size()) {
                out.add(new Violation(at + ".dropLowest", "must be less than the number of assessments ("
                        + c.assessments().size() + "), got " + c.dropLowest()));
            }
        }
        if (weightsValid && !categories.isEmpty() && Math.abs(weightSum - 100) > WEIGHT_TOLERANCE) {
            out.add(new Violation("categories", "weights must add up to 100, they add up to " + weightSum));
        }

        Set<String> mustPassIds = new HashSet<>();
        for (int k = 0; k < mustPass.size(); k++) {
            MustPass m = mustPass.get(k);
            String at = "mustPass[" + k + "]";
            if (m == null) {
                out.add(new Violation(at, "must be a must-pass item"));
                continue;
            }
            if (m.assessment() == null || m.assessment().isBlank()) {
                out.add(new Violation(at + ".assessment", "is required"));
            } else if (!knownAssessmentIds.contains(m.assessment())) {
                out.add(new Violation(at + ".assessment", "unknown assessment '" + m.assessment() + "'"));
            } else if (!mustPassIds.add(m.assessment())) {
                out.add(new Violation(at + ".assessment", "assessment '" + m.assessment() + "' is listed twice"));
            }
            if (!Double.isFinite(m.passFraction()) || m.passFraction() <= 0 || m.passFraction() > 1) {
                out.add(new Violation(at + ".passFraction", "must be in (0, 1], got " + m.passFraction()));
            }
        }

        if (minPeerReviewsGiven < 0) {
            out.add(new Violation("minPeerReviewsGiven", "must not be negative, got " + minPeerReviewsGiven));
        }
        boolean passMarkValid = Double.isFinite(passMark) && passMark >= 0 && passMark <= 100;
        if (!passMarkValid) {
            out.add(new Violation("passMark", "must be in [0, 100], got " + passMark));
        }

        Set<String> bandNames = new HashSet<>();
        double previousMinimum = Double.NEGATIVE_INFINITY;
        for (int b = 0; b < bands.size(); b++) {
            Band band = bands.get(b);
            String at = "bands[" + b + "]";
            if (band == null) {
                out.add(new Violation(at, "must be a band"));
                continue;
            }
            if (band.name() == null || band.name().isBlank()) {
                out.add(new Violation(at + ".name", "is required"));
            } else if (!bandNames.add(band.name())) {
                out.add(new Violation(at + ".name", "duplicate band name '" + band.name() + "'"));
            }
            double min = band.minimum();
            if (!Double.isFinite(min) || min < 0 || min > 100) {
                out.add(new Violation(at + ".minimum", "must be in [0, 100], got " + min));
                continue;
            }
            if (passMarkValid && min < passMark) {
                out.add(new Violation(at + ".minimum", "must not be below the pass mark (" + passMark + "), got " + min));
            }
            if (min <= previousMinimum) {
                out.add(new Violation(at + ".minimum", "bands must be in strictly ascending order of minimum: "
                        + min + " does not exceed " + previousMinimum));
            }
            previousMinimum = min;
        }
        return out;
    }
}
