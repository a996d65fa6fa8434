package dev.assay.peerreview.calibration;

import java.util.Map;

/** A staff-scored piece of work that learners score to practise the rubric: staff's points per criterion id. */
public record CalibrationExample(String id, Map<String, Double> staffScores) {

    public CalibrationExample {
        staffScores = Map.copyOf(staffScores);
    }

    public double staffTotal() {
        return staffScores.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
