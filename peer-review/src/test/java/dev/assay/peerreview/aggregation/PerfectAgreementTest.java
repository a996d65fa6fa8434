package dev.assay.peerreview.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.peerreview.calibration.CalibrationAttempt;
import dev.assay.peerreview.calibration.CalibrationEvidence;
import dev.assay.peerreview.calibration.CalibrationExample;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The course a QA engineer drove through the engine: 20 submissions on a 0–100 rubric, k = 3, two staff
 * calibration examples; one learner failed calibration far off staff (100 on both), the others reviewed exactly the
 * submissions' true totals, so most submissions' reviews agree perfectly.
 */
class PerfectAgreementTest {

    static final double[] QUALITIES = {20, 45, 65, 100, 80};

    static List<Review> course(long seed, Map<String, Double> staff) {
        return course(seed, staff, true);
    }

    /** @param outlier whether learner 2 failed calibration far off staff */
    static List<Review> course(long seed, Map<String, Double> staff, boolean outlier) {
        var rng = new Random(seed);
        int n = 20;
        double[] truth = new double[n];
        for (int u = 0; u < n; u++) {
            truth[u] = QUALITIES[rng.nextInt(QUALITIES.length)];
        }
        var examples = List.of(new CalibrationExample("ex1", Map.of("ideas", 30.0, "org", 15.0, "lang", 20.0)),
                new CalibrationExample("ex2", Map.of("ideas", 10.0, "org", 0.0, "lang", 10.0)));
        Map<String, List<CalibrationAttempt>> attempts = new LinkedHashMap<>();
        for (int v = 0; v < n; v++) {
            String learner = "L" + v;
            if (v == 2 && outlier) {
                attempts.put(learner, List.of(attempt("ex1", 35), attempt("ex2", 80)));
            } else {
                attempts.put(learner, List.of(attempt("ex1", 0)));
            }
        }
        var anchors = CalibrationEvidence.anchors(attempts, examples);
        staff.putAll(anchors.staffScores());
        List<Review> reviews = new ArrayList<>(anchors.reviews());
        // Fewest reviews first, never one's own: every submission gets 2 or 3 of the 54 reviews.
        int[] count = new int[n];
        for (int round = 0; round < 3; round++) {
            for (int v = 0; v < 18; v++) {
                int best = -1;
                for (int u = 0; u < n; u++) {
                    int uu = (u + v * 7 + round) % n;
                    if (uu == v || reviewed(reviews, "L" + v, "s" + uu)) {
                        continue;
                    }
                    if (best < 0 || count[uu] < count[best]) {
                        best = uu;
                    }
                }
                count[best]++;
                reviews.add(new Review("L" + v, "s" + best, truth[best]));
            }
        }
        return reviews;
    }

    private static boolean reviewed(List<Review> reviews, String reviewer, String submission) {
        return reviews.stream().anyMatch(r -> r.reviewer().equals(reviewer) && r.submission().equals(submission));
    }

    private static CalibrationAttempt attempt(String example, double totalError) {
        return new CalibrationAttempt(example, List.of(), totalError == 0, Math.abs(totalError) / 3, totalError);
    }

    @Test
    void calibrationOutlierAndExactReviewersGiveFiniteGrades() {
        for (long seed = 1; seed <= 20; seed++) {
            Map<String, Double> staff = new LinkedHashMap<>();
            List<Review> reviews = course(seed, staff);
            for (AggregationModel model : AggregationModels.all()) {
                Aggregation a = model.aggregate(reviews, staff, new ScoreRange(0, 100));
                EdgeCaseTest.assertFinite(a);
            }
        }
    }
}
