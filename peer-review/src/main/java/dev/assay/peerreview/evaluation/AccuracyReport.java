package dev.assay.peerreview.evaluation;

import dev.assay.peerreview.aggregation.Aggregation;
import dev.assay.peerreview.aggregation.AggregationModel;
import dev.assay.peerreview.aggregation.Review;
import dev.assay.peerreview.simulation.CoursePreset;
import dev.assay.peerreview.simulation.CourseSimulator;
import dev.assay.peerreview.simulation.SimulatedCourse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Accuracy of several models on several simulated courses and seeds: the table in benchmarks/RESULTS.md and the
 * figures the accuracy tests check. Each course is simulated once per seed and every model sees the same reviews.
 */
public final class AccuracyReport {

    /**
     * Figures for one model on one preset, over all seeds.
     *
     * @param accuracy pooled over the submissions of all seeds (RMSE is the root of the pooled mean square)
     * @param rmseMin  smallest per-seed RMSE
     * @param rmseMax  largest per-seed RMSE
     * @param millis   mean time to aggregate one course
     */
    public record Row(String preset, String model, Accuracy accuracy, double rmseMin, double rmseMax, double millis) {
    }

    private AccuracyReport() {
    }

    /**
     * @param useCalibration pass the calibration items' staff scores to the models as anchors
     */
    public static List<Row> run(List<CoursePreset> presets, List<AggregationModel> models, List<Long> seeds,
                                boolean useCalibration) {
        return run(presets, models, seeds, useCalibration, false);
    }

    /**
     * @param useCalibration pass the calibration items' staff scores to the models as anchors
     * @param dropLazy       remove the lazy reviewers' reviews first: an oracle that knows who is lazy, which shows
     *                       how much of the damage lazy reviewers do is information lost rather than misuse
     */
    public static List<Row> run(List<CoursePreset> presets, List<AggregationModel> models, List<Long> seeds,
                                boolean useCalibration, boolean dropLazy) {
        List<Row> rows = new ArrayList<>();
        for (CoursePreset preset : presets) {
            double tolerance = preset.scale().span() / 10;
            List<SimulatedCourse> courses = seeds.stream().map(seed -> CourseSimulator.simulate(preset, seed)).toList();
            for (AggregationModel model : models) {
                double squares = 0, absolute = 0, within = 0, covered = 0, width = 0, millis = 0;
                double min = Double.POSITIVE_INFINITY, max = 0;
                int count = 0;
                for (SimulatedCourse course : courses) {
                    Map<String, Double> truth = useCalibration ? course.calibrationScores() : Map.of();
                    long start = System.nanoTime();
                    List<Review> reviews = dropLazy ? course.reviews().stream()
                            .filter(r -> !course.lazyReviewers().contains(r.reviewer())).toList() : course.reviews();
                    Aggregation aggregation = model.aggregate(reviews, truth, preset.scale());
                    millis += (System.nanoTime() - start) / 1e6;
                    Accuracy a = Evaluation.evaluate(aggregation, course.trueScores(), tolerance);
                    squares += a.rmse() * a.rmse() * a.count();
                    absolute += a.mae() * a.count();
                    within += a.withinTolerance() * a.count();
                    covered += a.coverage() * a.count();
                    width += a.meanWidth() * a.count();
                    count += a.count();
                    min = Math.min(min, a.rmse());
                    max = Math.max(max, a.rmse());
                }
                var pooled = new Accuracy(count, Math.sqrt(squares / count), absolute / count, within / count,
                        tolerance, covered / count, width / count);
                rows.add(new Row(preset.name(), model.name(), pooled, min, max, millis / courses.size()));
            }
        }
        return rows;
    }

    /** The rows as a Markdown table. */
    public static String markdown(List<Row> rows) {
        var text = new StringBuilder();
        text.append("| preset | model | RMSE | RMSE range over seeds | within 10% of scale | 90% interval coverage |"
                + " mean interval width |\n");
        text.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            Accuracy a = r.accuracy();
            text.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f–%.3f | %.1f%% | %.1f%% | %.2f |%n",
                    r.preset(), r.model(), a.rmse(), r.rmseMin(), r.rmseMax(), 100 * a.withinTolerance(),
                    100 * a.coverage(), a.meanWidth()));
        }
        return text.toString();
    }
}
