package dev.assay.peerreview.aggregation;

import java.util.List;
import java.util.Map;

/**
 * Turns peer reviews into grades. Every model is a pure function of its input: the same reviews and staff scores
 * always give the same aggregation, which is what lets the engine re-aggregate at any time and the offline tool
 * reproduce the engine's grades.
 *
 * <p>Models are per criterion: run one on each rubric criterion's scores and on the totals (see
 * {@link RubricAggregator}).
 */
public sealed interface AggregationModel permits MedianModel, MeanModel, Pg1Model, Pg3Model, VancouverModel {

    /** The name used by {@code --model} and in assessment definitions. */
    String name();

    /** One line for {@code --help}. */
    String description();

    /**
     * Aggregates reviews into per-submission grades and per-reviewer bias and reliability.
     *
     * @param reviews peer reviews; a reviewer may review a submission at most once
     * @param truth   staff scores by submission id (calibration items, spot checks). A reviewed submission with a
     *                staff score gets that score as its grade, and its reviews inform the reviewers' bias and
     *                reliability. Staff scores of submissions nobody reviewed are ignored.
     * @throws IllegalArgumentException on a duplicate reviewer and submission pair or a non-finite staff score
     */
    Aggregation aggregate(List<Review> reviews, Map<String, Double> truth);

    /** As {@link #aggregate(List, Map)}, then clamps grades and intervals into the assessment's scale. */
    default Aggregation aggregate(List<Review> reviews, Map<String, Double> truth, ScoreRange range) {
        return aggregate(reviews, truth).clampedTo(range);
    }
}
