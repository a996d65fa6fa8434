package dev.assay.peerreview.calibration;

import dev.assay.peerreview.rubric.InvalidRubricException;
import dev.assay.peerreview.rubric.PeerRubric;
import dev.assay.peerreview.rubric.Problem;
import dev.assay.peerreview.rubric.RubricReview;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Scores calibration attempts criterion by criterion, and checks staff's examples against the rubric. */
public final class CalibrationScorer {

    private CalibrationScorer() {
    }

    /**
     * Problems of staff's examples: each must score every criterion with one of its levels (as a review would), and
     * example ids must be distinct. Fields are named {@code calibration[i].…}.
     */
    public static List<Problem> checkExamples(PeerRubric rubric, List<CalibrationExample> examples) {
        var problems = new ArrayList<Problem>();
        var ids = new java.util.HashSet<String>();
        for (int i = 0; i < examples.size(); i++) {
            CalibrationExample e = examples.get(i);
            String at = "calibration[" + i + "]";
            if (e.id() == null || e.id().isBlank() || e.id().length() > 100) {
                problems.add(new Problem(at + ".id", "must be a non-blank id of at most 100 characters"));
            } else if (!ids.add(e.id())) {
                problems.add(new Problem(at + ".id", "'" + e.id() + "' is used twice"));
            }
            for (Problem p : rubric.validate(new RubricReview(e.staffScores(), Map.of()))) {
                if (p.field().startsWith("scores.")) {
                    problems.add(new Problem(at + "." + p.field(), p.message()));
                }
            }
        }
        return problems;
    }

    /**
     * Scores a learner's attempt. The attempt must be a valid review of the rubric (comments are not asked for in
     * calibration), otherwise {@link InvalidRubricException} lists what is wrong.
     */
    public static CalibrationAttempt score(PeerRubric rubric, CalibrationExample example, Map<String, Double> learner,
                                           CalibrationPolicy policy) {
        List<Problem> problems = rubric.validate(new RubricReview(learner, Map.of())).stream()
                .filter(p -> p.field().startsWith("scores.")).toList();
        if (!problems.isEmpty()) {
            throw new InvalidRubricException(problems);
        }
        var feedback = new ArrayList<CriterionFeedback>();
        double sumDistance = 0;
        boolean passed = true;
        for (var c : rubric.criteria()) {
            double staff = example.staffScores().get(c.id());
            double given = learner.get(c.id());
            double distance = Math.abs(given - staff);
            // A hair of slack so that 0.1-point levels compare as staff meant them despite binary fractions.
            boolean agrees = distance <= policy.tolerance() + 1e-9;
            passed &= agrees;
            sumDistance += distance;
            feedback.add(new CriterionFeedback(c.id(), staff, given, distance, agrees));
        }
        double total = learner.values().stream().mapToDouble(Double::doubleValue).sum();
        return new CalibrationAttempt(example.id(), feedback, passed, sumDistance / feedback.size(),
                total - example.staffTotal());
    }
}
