package dev.assay.engine.peer;

import dev.assay.peerreview.rubric.PeerRubric;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What replacing a peer-review configuration would change in how stored work scores. Reviews, calibration attempts
 * and overrides keep points on the rubric's scale, and calibration attempts were judged against the examples' staff
 * scores; staff may reword everything else at any time.
 */
public final class ScoringChanges {
    private ScoringChanges() {
    }

    /**
     * How {@code after} scores reviews differently from {@code before}, one line per criterion; empty when the two
     * agree on every criterion id and its levels' points. Stored reviews, calibration attempts and overrides keep
     * points on the old scale, so a change here would re-read them on the new one. Criterion order, prompts,
     * level descriptions and comment fields do not enter any score.
     */
    public static List<String> rubric(PeerRubric before, PeerRubric after) {
        var out = new ArrayList<String>();
        Map<String, List<Double>> old = points(before);
        Map<String, List<Double>> now = points(after);
        old.forEach((id, levels) -> {
            List<Double> next = now.get(id);
            if (next == null) {
                out.add("criterion '" + id + "' removed");
            } else if (!next.equals(levels)) {
                out.add("criterion '" + id + "' levels " + levels + " -> " + next);
            }
        });
        now.keySet().stream().filter(id -> !old.containsKey(id)).forEach(id -> out.add("criterion '" + id + "' added"));
        return out;
    }

    /**
     * Calibration examples kept (same id) whose staff scores changed: attempts on them were judged against the old
     * scores, so such a change is refused once attempts exist (a new example, under a new id, is the way to correct one).
     */
    public static List<String> calibration(PeerConfig.Calibration before, PeerConfig.Calibration after) {
        Map<String, Map<String, Double>> old = new java.util.HashMap<>();
        before.examples().forEach(e -> old.put(e.example().id(), e.example().staffScores()));
        var out = new ArrayList<String>();
        after.examples().forEach(e -> {
            Map<String, Double> was = old.get(e.example().id());
            if (was != null && !was.equals(e.example().staffScores())) {
                out.add("calibration example '" + e.example().id() + "' staff scores " + was + " -> " + e.example().staffScores());
            }
        });
        return out;
    }

    private static Map<String, List<Double>> points(PeerRubric rubric) {
        var out = new java.util.LinkedHashMap<String, List<Double>>();
        // + 0.0: a level of -0.0 points scores as 0, though Double.equals tells the two apart
        rubric.criteria().forEach(c -> out.put(c.id(), c.levels().stream().map(l -> l.points() + 0.0).toList()));
        return out;
    }

}
