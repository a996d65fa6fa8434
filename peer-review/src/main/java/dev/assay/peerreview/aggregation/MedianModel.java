package dev.assay.peerreview.aggregation;

import java.util.List;
import java.util.Map;

/**
 * The grade is the median of the submission's peer scores: what Open Response Assessment (edX ORA2) and Coursera
 * use. Robust to one wild reviewer, blind to consistent bias. The interval assumes the reviewers of a submission are
 * a random draw from the course's reviewers, with the spread pooled over the whole course.
 */
public record MedianModel() implements AggregationModel {

    public static final String NAME = "median";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "median of the peer scores (ORA2, Coursera); interval from the pooled reviewer spread";
    }

    @Override
    public Aggregation aggregate(List<Review> reviews, Map<String, Double> truth) {
        if (reviews.isEmpty()) {
            return Aggregation.empty(NAME);
        }
        return ConsensusSupport.aggregate(NAME, ReviewGraph.of(reviews, truth), ConsensusSupport.Statistic.MEDIAN);
    }
}
