package dev.assay.peerreview.simulation;

import dev.assay.peerreview.aggregation.Review;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One simulated course: what a platform would see ({@link #reviews}, {@link #calibrationScores}) and what only the
 * simulator knows ({@link #trueScores}, who is lazy, who never reviews).
 *
 * @param trueScores        the hidden true score of every learner submission (not of calibration items)
 * @param calibrationScores staff scores of the calibration items, to pass as {@code truth}
 */
public record SimulatedCourse(CoursePreset preset, long seed, List<Review> reviews, Map<String, Double> trueScores,
                              Map<String, Double> calibrationScores, Set<String> lazyReviewers,
                              Set<String> nonReviewers) {

    public SimulatedCourse {
        reviews = List.copyOf(reviews);
        trueScores = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(trueScores));
        calibrationScores = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(calibrationScores));
        lazyReviewers = Set.copyOf(lazyReviewers);
        nonReviewers = Set.copyOf(nonReviewers);
    }
}
