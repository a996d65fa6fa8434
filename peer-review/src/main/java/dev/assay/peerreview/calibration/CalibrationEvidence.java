package dev.assay.peerreview.calibration;

import dev.assay.peerreview.aggregation.Review;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns calibration attempts into evidence for the aggregation models.
 *
 * <p>The models already learn reviewers' bias and reliability from staff-scored submissions ("truth anchoring":
 * a reviewed submission with a staff score is pinned to it, and every reviewer's distance from it informs their
 * bias and reliability). A calibration example is exactly such a submission, so each learner's calibration scores
 * enter the fit as reviews of an anchored pseudo-submission. Their reliability prior is thereby set by their
 * calibration error before their first peer review is seen, which is what matters most with 4–6 reviews each.
 */
public final class CalibrationEvidence {

    /** Prefix of the pseudo-submission ids, chosen so they cannot clash with submission ids (UUIDs). */
    public static final String PREFIX = "calibration:";

    private CalibrationEvidence() {
    }

    /** @param attempts every learner's attempts, by learner id; a learner's last attempt per example is used */
    public record Anchors(List<Review> reviews, Map<String, Double> staffScores) {
    }

    public static Anchors anchors(Map<String, List<CalibrationAttempt>> attempts, List<CalibrationExample> examples) {
        var staff = new LinkedHashMap<String, Double>();
        examples.forEach(e -> staff.put(PREFIX + e.id(), e.staffTotal()));
        var reviews = new ArrayList<Review>();
        attempts.forEach((learner, list) -> {
            var last = new LinkedHashMap<String, CalibrationAttempt>();
            list.forEach(a -> last.put(a.example(), a)); // a reviewer may score an item once in the models
            last.values().forEach(a -> {
                Double s = staff.get(PREFIX + a.example());
                if (s != null) {
                    reviews.add(new Review(learner, PREFIX + a.example(), s + a.totalError()));
                }
            });
        });
        return new Anchors(reviews, staff);
    }

    /**
     * A summary reliability estimate from calibration alone, 1/(mean squared total error + {@code floor²}), for the
     * staff view before any peer review exists. The floor keeps one lucky exact attempt from claiming infinite
     * reliability.
     */
    public static double reliability(List<CalibrationAttempt> attempts, double floor) {
        if (attempts.isEmpty()) {
            return Double.NaN;
        }
        double squares = attempts.stream().mapToDouble(a -> a.totalError() * a.totalError()).sum();
        return 1 / (squares / attempts.size() + floor * floor);
    }
}
