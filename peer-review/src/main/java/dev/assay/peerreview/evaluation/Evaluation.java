package dev.assay.peerreview.evaluation;

import dev.assay.peerreview.aggregation.Aggregation;
import dev.assay.peerreview.aggregation.SubmissionEstimate;
import java.util.Collection;
import java.util.Map;

/** Compares grades with true scores: the figures quoted in benchmarks/RESULTS.md and checked by the tests. */
public final class Evaluation {

    /** The yardstick on a 0–100 scale. */
    public static final double DEFAULT_TOLERANCE = 10;

    private Evaluation() {
    }

    /**
     * Grades against truth over the submissions that have both. Staff-anchored grades are left out: they equal the
     * staff score by construction and would flatter every model alike.
     */
    public static Accuracy evaluate(Aggregation aggregation, Map<String, Double> truth, double tolerance) {
        return evaluate(aggregation.submissions().values(), truth, tolerance);
    }

    public static Accuracy evaluate(Collection<SubmissionEstimate> grades, Map<String, Double> truth,
                                    double tolerance) {
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be non-negative");
        }
        int n = 0;
        double squares = 0;
        double absolute = 0;
        int within = 0;
        int covered = 0;
        double width = 0;
        for (SubmissionEstimate e : grades) {
            Double t = truth.get(e.submission());
            if (t == null || e.anchored()) {
                continue;
            }
            double error = e.score() - t;
            n++;
            squares += error * error;
            absolute += Math.abs(error);
            if (Math.abs(error) <= tolerance) {
                within++;
            }
            if (e.covers(t)) {
                covered++;
            }
            width += e.width();
        }
        if (n == 0) {
            return new Accuracy(0, Double.NaN, Double.NaN, Double.NaN, tolerance, Double.NaN, Double.NaN);
        }
        return new Accuracy(n, Math.sqrt(squares / n), absolute / n, (double) within / n, tolerance,
                (double) covered / n, width / n);
    }
}
