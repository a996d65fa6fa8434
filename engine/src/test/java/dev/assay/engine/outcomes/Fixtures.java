package dev.assay.engine.outcomes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class Fixtures {

    private Fixtures() {
    }

    static GradingPolicy.Category cat(String id, double weight, int dropLowest, String... assessments) {
        return new GradingPolicy.Category(id, weight, List.of(assessments), dropLowest);
    }

    static ItemState.Graded graded(double score, double max) {
        return new ItemState.Graded(score, max);
    }

    static ItemState.Graded pct(double percent) {
        return new ItemState.Graded(percent, 100);
    }

    static ItemState.Pending pending(String reason) {
        return new ItemState.Pending(reason);
    }

    static ItemState.Missing missed() {
        return new ItemState.Missing(true);
    }

    static ItemState.Missing open() {
        return new ItemState.Missing(false);
    }

    /** Builds a map from alternating id, state pairs (keeps order). */
    static Map<String, ItemState> items(Object... pairs) {
        Map<String, ItemState> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], (ItemState) pairs[i + 1]);
        }
        return out;
    }

    /** Quizzes 30 % (q1..q4, drop 1), programming 40 % (p1, p2), essay 30 % (e1); p2 must be passed at 50 %. */
    static GradingPolicy mooc(int minReviews, double passMark, List<GradingPolicy.Band> bands) {
        return new GradingPolicy(
                List.of(cat("quizzes", 30, 1, "q1", "q2", "q3", "q4"),
                        cat("programming", 40, 0, "p1", "p2"),
                        cat("essay", 30, 0, "e1")),
                List.of(new GradingPolicy.MustPass("p2", 0.5)),
                minReviews, passMark, bands);
    }

    static final List<GradingPolicy.Band> BANDS = List.of(
            new GradingPolicy.Band("pass", 60), new GradingPolicy.Band("merit", 75),
            new GradingPolicy.Band("distinction", 90));
}
