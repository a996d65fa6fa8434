package dev.assay.engine.peer;

import dev.assay.engine.store.PeerReviewStore.AttemptRow;
import dev.assay.engine.store.PeerReviewStore.Override;
import dev.assay.engine.store.PeerReviewStore.PeerSubmission;
import dev.assay.engine.store.PeerReviewStore.ReviewRow;
import dev.assay.peerreview.aggregation.Aggregation;
import dev.assay.peerreview.aggregation.AggregationModels;
import dev.assay.peerreview.aggregation.Review;
import dev.assay.peerreview.aggregation.ReviewerEstimate;
import dev.assay.peerreview.aggregation.SubmissionEstimate;
import dev.assay.peerreview.assignment.AssignmentPolicy;
import dev.assay.peerreview.assignment.Candidate;
import dev.assay.peerreview.assignment.StaffQueue;
import dev.assay.peerreview.assignment.TopUp;
import dev.assay.peerreview.calibration.CalibrationAttempt;
import dev.assay.peerreview.calibration.CalibrationEvidence;
import dev.assay.peerreview.scoring.ReviewingScore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An assessment's peer grades: the configured model run over every completed review (totals) plus learners'
 * calibration attempts as staff-anchored evidence, then each submission's state. A grade already published as
 * final keeps its published score and interval: reviews after it still count for the reviewers, not for it.
 * CPU-bound (a pg fit over a large course takes a second): callers run it off the event loop.
 */
public final class PeerGrades {

    public enum Status {
        /** k counted reviews and the review deadline has passed (or there is none): the grade stands. */
        FINAL,
        /** Still being reviewed. */
        PENDING,
        /**
         * Staff must grade it: past the review deadline plus the staff grace and still short of k (on-time work), or
         * reviewed but with a pass/fail the peers' interval cannot settle.
         */
        STAFF,
        /** Staff set the grade. */
        OVERRIDDEN
    }

    /**
     * @param uncertain the 90% interval contains the pass mark, so peers cannot tell pass from fail
     * @param late      submitted after the submission deadline: peers review it like any other (fewest reviews
     *                  first, so it is not starved), but the staff queue is the guarantee for on-time work only
     */
    public record Grade(String submissionId, String learnerId, Double score, Double ciLow, Double ciHigh, int reviews,
                        int counted, Status status, boolean uncertain, Override override, boolean late) {
    }

    /**
     * @param bias        null (unknown) until the reviewer has scored work that someone else, or staff, scored too:
     *                    against nothing to compare with, a fit reports a bias of 0 and a reliability without bound
     * @param reliability null under the same condition
     * @param reviewing   the learner's reviewing score from their completed reviews and the final grades
     */
    public record Reviewer(String reviewerId, Double bias, Double reliability, double lazyProbability, int reviews,
                           boolean countsTowardK, int calibrationAttempts, Double calibrationReliability,
                           ReviewingScore reviewing) {
    }

    /**
     * @param reviewing every learner who completed a review, with their reviewing score
     * @param criteria  per-criterion estimates by submission, when asked for ({@link CriterionGrades}); else empty
     */
    public record Result(String model, List<Grade> grades, List<Reviewer> reviewers, List<String> lazy,
                         Map<String, ReviewingScore> reviewing,
                         Map<String, Map<String, CriterionGrades.Estimate>> criteria) {

        public Result withCriteria(Map<String, Map<String, CriterionGrades.Estimate>> criteria) {
            return new Result(model, grades, reviewers, lazy, reviewing, criteria);
        }

        public Grade of(String submissionId) {
            return grades.stream().filter(g -> g.submissionId().equals(submissionId)).findFirst().orElse(null);
        }
    }

    private PeerGrades() {
    }

    public static Result compute(PeerConfig config, List<PeerSubmission> submissions, List<ReviewRow> reviews,
                                 List<AttemptRow> attempts, List<Override> overrides, Instant now) {
        var model = AggregationModels.byName(config.model()).orElseThrow();
        Map<String, List<CalibrationAttempt>> byLearner = new LinkedHashMap<>();
        for (AttemptRow a : attempts) {
            byLearner.computeIfAbsent(a.learnerId(), l -> new ArrayList<>()).add(
                    new CalibrationAttempt(a.exampleId(), List.of(), a.passed(), a.meanDistance(), a.totalError()));
        }
        var anchors = CalibrationEvidence.anchors(byLearner, config.calibration().staffExamples());
        var input = new ArrayList<>(anchors.reviews());
        reviews.forEach(r -> input.add(new Review(r.reviewerId(), r.submissionId().toString(), r.total())));
        Aggregation agg = reviews.isEmpty() ? Aggregation.empty(model.name())
                : model.aggregate(input, anchors.staffScores(), config.rubric().totalRange());
        List<String> lazy = TopUp.flaggedLazy(agg, TopUp.LAZY_THRESHOLD).stream().sorted().toList();
        Set<String> lazySet = Set.copyOf(lazy);

        Map<String, List<ReviewRow>> bySubmission = new HashMap<>();
        reviews.forEach(r -> bySubmission.computeIfAbsent(r.submissionId().toString(), s -> new ArrayList<>()).add(r));
        Map<String, Override> overridden = new HashMap<>();
        overrides.forEach(o -> overridden.put(o.submissionId().toString(), o));
        var policy = new AssignmentPolicy(config.k(), config.extraReviews());
        StaffQueue staff = config.reviewDeadline() == null ? null : new StaffQueue(config.reviewDeadline(), config.staffGrace());
        boolean deadlinePassed = config.reviewDeadline() == null || !now.isBefore(config.reviewDeadline());

        var grades = new ArrayList<Grade>();
        for (PeerSubmission s : submissions) {
            String id = s.id().toString();
            List<ReviewRow> rs = bySubmission.getOrDefault(id, List.of());
            int counted = TopUp.counted(rs.stream().map(ReviewRow::reviewerId).toList(), lazySet);
            SubmissionEstimate e = agg.submissions().get(id);
            Override o = overridden.get(id);
            var candidate = new Candidate(id, s.learnerId(), null, s.createdAt().toInstant(), counted, 0, Set.of());
            // The store judges it against the deadline in force when it was sent too (PeerSubmission.late).
            boolean late = s.late() != null ? s.late()
                    : config.submissionDeadline() != null && s.createdAt().toInstant().isAfter(config.submissionDeadline());
            var published = s.published();
            if (o == null && published != null) {
                // Published as final, it may already be on a certificate: reviews after it (extra reviews, late
                // ones, a reviewer found lazy, a deadline moved) do not move it; staff can, by an override.
                grades.add(new Grade(id, s.learnerId(), published.score(), published.low(), published.high(), rs.size(),
                        counted, Status.FINAL, false, null, late));
                continue;
            }
            boolean uncertain = o == null && e != null && config.passMark() != null
                    && e.ciLow() < config.passMark() && config.passMark() <= e.ciHigh();
            Status status;
            if (o != null) {
                status = Status.OVERRIDDEN;
            } else if (policy.complete(candidate) && deadlinePassed) {
                // Peers could not tell pass from fail: staff decide rather than a coin toss reaching a certificate.
                status = uncertain ? Status.STAFF : Status.FINAL;
            } else if (staff != null && !late && !staff.due(List.of(candidate), policy, now).isEmpty()) {
                status = Status.STAFF;
            } else {
                status = Status.PENDING;
            }
            grades.add(new Grade(id, s.learnerId(), o != null ? Double.valueOf(o.score()) : e == null ? null : rounded(e.score()),
                    o != null || e == null ? null : rounded(e.ciLow()), o != null || e == null ? null : rounded(e.ciHigh()),
                    rs.size(), counted, status, uncertain, o, late));
        }

        Map<String, Integer> given = new HashMap<>();
        reviews.forEach(r -> given.merge(r.reviewerId(), 1, Integer::sum));
        Set<String> compared = new HashSet<>();
        anchors.reviews().forEach(r -> compared.add(r.reviewer()));
        reviews.stream().filter(r -> bySubmission.get(r.submissionId().toString()).size() > 1)
                .forEach(r -> compared.add(r.reviewerId()));
        Map<String, ReviewingScore> reviewing = reviewingScores(config, grades, reviews);
        var reviewers = new ArrayList<Reviewer>();
        for (ReviewerEstimate r : agg.reviewers().values()) {
            List<CalibrationAttempt> own = byLearner.getOrDefault(r.reviewer(), List.of());
            double cal = CalibrationEvidence.reliability(own, 0.5);
            // Reviews of calibration examples are inputs of the fit, not reviews of peers: report peer reviews only.
            int peerReviews = given.getOrDefault(r.reviewer(), 0);
            if (peerReviews == 0) {
                continue;
            }
            boolean known = compared.contains(r.reviewer());
            reviewers.add(new Reviewer(r.reviewer(), known ? r.bias() : null,
                    known ? Math.min(r.reliability(), maxReliability(config.rubric())) : null,
                    r.lazyProbability(), peerReviews,
                    !lazySet.contains(r.reviewer()), own.size(), Double.isNaN(cal) ? null : cal,
                    reviewing.get(r.reviewer())));
        }
        return new Result(model.name(), grades, reviewers, lazy, reviewing, Map.of());
    }

    /**
     * The most a reliability can say: scores move in steps between rubric levels, and rounding to a step of s
     * points alone has variance s²/12. Reviewers who always agreed would otherwise show the fit's variance floor,
     * a precision near 10¹².
     */
    static double maxReliability(dev.assay.peerreview.rubric.PeerRubric rubric) {
        double step = Double.POSITIVE_INFINITY;
        for (var c : rubric.criteria()) {
            double[] points = c.levels().stream().mapToDouble(dev.assay.peerreview.rubric.Level::points).sorted().toArray();
            for (int i = 1; i < points.length; i++) {
                if (points[i] > points[i - 1]) {
                    step = Math.min(step, points[i] - points[i - 1]);
                }
            }
        }
        return Double.isFinite(step) ? 12 / (step * step) : 12;
    }

    /** Each reviewer's score, comparing their review totals with the grades that are final (or set by staff). */
    private static Map<String, ReviewingScore> reviewingScores(PeerConfig config, List<Grade> grades,
                                                               List<ReviewRow> reviews) {
        Map<String, Double> settled = new HashMap<>();
        for (Grade g : grades) {
            if (g.score() != null && (g.status() == Status.FINAL || g.status() == Status.OVERRIDDEN)) {
                settled.put(g.submissionId(), g.score());
            }
        }
        Map<String, List<Double>> errors = new LinkedHashMap<>();
        Map<String, Integer> completed = new HashMap<>();
        for (ReviewRow r : reviews) {
            completed.merge(r.reviewerId(), 1, Integer::sum);
            List<Double> own = errors.computeIfAbsent(r.reviewerId(), k -> new ArrayList<>());
            Double truth = settled.get(r.submissionId().toString());
            if (truth != null) {
                own.add(r.total() - truth);
            }
        }
        var range = config.rubric().totalRange();
        int required = Math.max(1, config.rubric().reviewsRequired());
        Map<String, ReviewingScore> out = new LinkedHashMap<>();
        errors.forEach((reviewer, list) -> out.put(reviewer, ReviewingScore.of(completed.get(reviewer), required,
                range.max() - range.min(), list.stream().mapToDouble(Double::doubleValue).toArray())));
        return out;
    }

    /**
     * A model's estimate to a thousandth of a point: finer is noise (an estimate of 8.999999974803853 is a 9), and a
     * learner reads the grade as written.
     */
    public static double rounded(double estimate) {
        return Math.round(estimate * 1000) / 1000.0;
    }
}
