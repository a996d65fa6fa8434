package dev.assay.peerreview.aggregation;

import java.util.List;
import java.util.Map;

/**
 * The grade is the mean of the submission's peer scores. Uses every score fully, so it beats the median when
 * reviewers are merely noisy and loses to it when some are wild. Interval as for {@link MedianModel}.
 */
public record MeanModel() implements AggregationModel {

    public static final String NAME = "mean";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "mean of the peer scores; interval from the pooled reviewer spread";
    }

    @Override
    public Aggregation aggregate(List<Review> reviews, Map<String, Double> truth) {
        if (reviews.isEmpty()) {
            return Aggregation.empty(NAME);
        }
        return ConsensusSupport.aggregate(NAME, ReviewGraph.of(reviews, truth), ConsensusSupport.Statistic.MEAN);
    }
}
