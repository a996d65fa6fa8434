package dev.assay.peerreview.aggregation;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Piech et al. (2013) model PG1: every reviewer has a bias (adds points) and a reliability (how much their scores
 * scatter); true scores, biases and reliabilities are inferred jointly, with staff-scored submissions as anchors. The
 * grade is the posterior mean of the true score: a reliability-weighted average of bias-corrected peer scores, shrunk
 * towards the course mean in proportion to how little evidence there is. See {@link BiasReliabilityFit}.
 */
public record Pg1Model(FitSettings settings) implements AggregationModel {

    public static final String NAME = "pg1";

    public Pg1Model {
        Objects.requireNonNull(settings, "settings");
    }

    public Pg1Model() {
        this(FitSettings.DEFAULT);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Piech et al. 2013 PG1: joint true score, reviewer bias and reliability (variational Bayes)";
    }

    @Override
    public Aggregation aggregate(List<Review> reviews, Map<String, Double> truth) {
        return fit(reviews, truth, null);
    }

    /** Knowing the scale, scores at its ends are treated as censored (see {@link Censoring}), then results clamped. */
    @Override
    public Aggregation aggregate(List<Review> reviews, Map<String, Double> truth, ScoreRange range) {
        return fit(reviews, truth, Objects.requireNonNull(range, "range")).clampedTo(range);
    }

    private Aggregation fit(List<Review> reviews, Map<String, Double> truth, ScoreRange range) {
        if (reviews.isEmpty()) {
            return Aggregation.empty(NAME);
        }
        return new BiasReliabilityFit(ReviewGraph.of(reviews, truth), settings, null, false, range).run(NAME);
    }
}
