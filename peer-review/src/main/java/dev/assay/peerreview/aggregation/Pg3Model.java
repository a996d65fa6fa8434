package dev.assay.peerreview.aggregation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * PG1 plus the observation behind Piech et al.'s PG3: learners who do well tend to review well. A reviewer's
 * reliability prior has mean exp(θ₀ + θ₁·own grade), θ fitted from the data by empirical Bayes, so a reviewer with
 * few reviews inherits a reliability from how good their own submission is instead of the course average. When
 * θ₁ comes out near zero the model is PG1. (Piech et al. make the reliability a deterministic linear function of the
 * reviewer's grade; a Gamma prior around a log-linear mean keeps each reviewer's own evidence in play and can never
 * produce a negative precision.)
 *
 * <p>With {@code detectLazy} (model {@code pg3-lazy}) it also estimates for every reviewer the probability that they
 * scored without reading, as in {@link LazyMixture}, and discounts their scores accordingly.
 *
 * @param ownSubmission maps a reviewer id to the id of the reviewer's own submission (null if none). The default maps
 *                      an id to itself, for platforms that key a learner's submission by learner id.
 */
public record Pg3Model(FitSettings settings, Function<String, String> ownSubmission, boolean detectLazy)
        implements AggregationModel {

    public static final String NAME = "pg3";
    public static final String LAZY_NAME = "pg3-lazy";

    public Pg3Model {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(ownSubmission, "ownSubmission");
    }

    /** {@code pg3} with default settings, submissions keyed by their author's id. */
    public Pg3Model() {
        this(FitSettings.DEFAULT, Function.identity(), false);
    }

    /** {@code pg3-lazy} with default settings, submissions keyed by their author's id. */
    public static Pg3Model lazyAware() {
        return new Pg3Model(FitSettings.DEFAULT, Function.identity(), true);
    }

    /** The same model with an explicit reviewer → own submission map (for example read from an authors file). */
    public Pg3Model withAuthors(Map<String, String> submissionOfReviewer) {
        var copy = Map.copyOf(submissionOfReviewer);
        return new Pg3Model(settings, copy::get, detectLazy);
    }

    @Override
    public String name() {
        return detectLazy ? LAZY_NAME : NAME;
    }

    @Override
    public String description() {
        return detectLazy
                ? "pg3 that also detects reviewers who score without reading (after Zarkoob et al. 2023)"
                : "pg1 where a reviewer's own grade informs their reliability (after Piech et al. PG3)";
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
            return Aggregation.empty(name());
        }
        ReviewGraph g = ReviewGraph.of(reviews, truth);
        var index = new HashMap<String, Integer>(g.submissions() * 2);
        for (int u = 0; u < g.submissions(); u++) {
            index.put(g.submissionIds[u], u);
        }
        int[] own = new int[g.reviewers()];
        for (int v = 0; v < g.reviewers(); v++) {
            String submission = ownSubmission.apply(g.reviewerIds[v]);
            own[v] = submission == null ? -1 : index.getOrDefault(submission, -1);
        }
        return new BiasReliabilityFit(g, settings, own, detectLazy, range).run(name());
    }
}
