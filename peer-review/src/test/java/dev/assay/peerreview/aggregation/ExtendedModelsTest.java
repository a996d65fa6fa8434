package dev.assay.peerreview.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.peerreview.evaluation.Evaluation;
import dev.assay.peerreview.simulation.CoursePreset;
import dev.assay.peerreview.simulation.CoursePreset.Calibration;
import dev.assay.peerreview.simulation.CoursePreset.Reviewers;
import dev.assay.peerreview.simulation.CourseSimulator;
import dev.assay.peerreview.simulation.SimulatedCourse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The additions beyond PG1: censoring, the PG3 link, lazy-reviewer detection. Small simulated courses. */
class ExtendedModelsTest {

    private static final ScoreRange HUNDRED = new ScoreRange(0, 100);

    private static CoursePreset course(String name, int learners, double mean, Reviewers reviewers) {
        return new CoursePreset(name, name, learners, 5, HUNDRED, 1, mean, 12, reviewers, Calibration.NONE);
    }

    private static double rmse(AggregationModel model, SimulatedCourse c, boolean knowScale) {
        Aggregation a = knowScale ? model.aggregate(c.reviews(), Map.of(), c.preset().scale())
                : model.aggregate(c.reviews(), Map.of());
        return Evaluation.evaluate(a, c.trueScores(), 10).rmse();
    }

    @Test
    void knowingTheScaleHelpsWhenManyScoresHitTheCeiling() {
        // True scores around 88 with bias and noise: a quarter of all peer scores are clamped at 100.
        var c = CourseSimulator.simulate(course("ceiling", 800, 88, new Reviewers(11, 9, 0.3, 0, 0, 4, 0)), 41);
        assertThat(rmse(new Pg1Model(), c, true)).isLessThan(0.95 * rmse(new Pg1Model(), c, false));
    }

    @Test
    void pg3UsesTheLinkBetweenOwnGradeAndReliability() {
        // Strong link: a reviewer one SD better than average is e^0.6 ≈ 1.8 times less noisy.
        var c = CourseSimulator.simulate(course("link", 1500, 70, new Reviewers(8, 9, 0.1, 0.6, 0, 4, 0)), 42);
        Aggregation pg3 = new Pg3Model().aggregate(c.reviews(), Map.of(), HUNDRED);
        assertThat(rmse(new Pg3Model(), c, true)).isLessThan(rmse(new Pg1Model(), c, true));
        // Reviewers with better own grades come out more reliable.
        double high = 0, low = 0;
        int nHigh = 0, nLow = 0;
        for (var r : pg3.reviewers().values()) {
            double own = c.trueScores().get(r.reviewer());
            if (own > 80) {
                high += Math.log(r.reliability());
                nHigh++;
            } else if (own < 60) {
                low += Math.log(r.reliability());
                nLow++;
            }
        }
        assertThat(high / nHigh).isGreaterThan(low / nLow + 0.5);
    }

    @Test
    void authorsMapMatchesTheIdentityConvention() {
        var c = CourseSimulator.simulate(course("authors", 300, 70, new Reviewers(8, 9, 0.1, 0.6, 0, 4, 0)), 43);
        // Rename submissions "u00001" -> "sub-u00001" and tell pg3 who wrote what.
        List<Review> renamed = new ArrayList<>();
        Map<String, String> authors = new HashMap<>();
        for (Review r : c.reviews()) {
            renamed.add(new Review(r.reviewer(), "sub-" + r.submission(), r.score()));
            authors.put(r.reviewer(), "sub-" + r.reviewer());
        }
        Aggregation byId = new Pg3Model().aggregate(c.reviews(), Map.of());
        Aggregation byMap = new Pg3Model().withAuthors(authors).aggregate(renamed, Map.of());
        for (var e : byId.submissions().values()) {
            assertThat(byMap.submissions().get("sub-" + e.submission()).score()).isEqualTo(e.score());
        }
    }

    @Test
    void lazyReviewersAreFoundAndIgnored() {
        var c = CourseSimulator.simulate(course("lazy", 1000, 75, new Reviewers(11, 9, 0.3, 0, 0.2, 4, 0)), 44);
        Aggregation result = Pg3Model.lazyAware().aggregate(c.reviews(), Map.of(), HUNDRED);
        List<Double> diligent = new ArrayList<>();
        for (var r : result.reviewers().values()) {
            if (!c.lazyReviewers().contains(r.reviewer())) {
                diligent.add(r.reliability());
            }
        }
        diligent.sort(null);
        double typical = diligent.get(diligent.size() / 2);
        // Five reviews each and no calibration items: a lazy reviewer whose five submissions happen to be alike
        // cannot be told apart, so not all are caught.
        long caught = c.lazyReviewers().stream()
                .filter(id -> result.reviewers().get(id).reliability() < 0.25 * typical).count();
        assertThat((double) caught / c.lazyReviewers().size()).isGreaterThan(0.75);
        long falseAlarms = diligent.stream().filter(x -> x < 0.25 * typical).count();
        assertThat((double) falseAlarms / diligent.size()).isLessThan(0.05);
        double lazyMean = c.lazyReviewers().stream()
                .mapToDouble(id -> result.reviewers().get(id).lazyProbability()).average().orElseThrow();
        double diligentMean = result.reviewers().values().stream().filter(r -> !c.lazyReviewers().contains(r.reviewer()))
                .mapToDouble(ReviewerEstimate::lazyProbability).average().orElseThrow();
        assertThat(lazyMean).isGreaterThan(0.7);
        assertThat(diligentMean).isLessThan(0.05);
        assertThat(rmse(Pg3Model.lazyAware(), c, true)).isLessThan(0.9 * rmse(new Pg3Model(), c, true));
    }

    @Test
    void withoutLazyReviewersDetectionCostsNothing() {
        var c = CourseSimulator.simulate(course("diligent", 1000, 75, new Reviewers(11, 9, 0.3, 0, 0, 4, 0)), 45);
        assertThat(rmse(Pg3Model.lazyAware(), c, true)).isLessThan(1.01 * rmse(new Pg3Model(), c, true));
    }
}
