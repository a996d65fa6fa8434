package dev.assay.peerreview.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Per-criterion grades on coarse criteria, where most levels are an end of the scale: a criterion with levels
 * 0/15/30 reviewed 0, 0, 0 on one submission and 30, 30, 30 on another must not come out about 6-7 for both.
 */
class CriterionEstimatesTest {

    /** The QA rubric: ideas 0–40 in 10s, org 0/15/30, lang 0–30 in 10s. */
    static final Rubric RUBRIC = new Rubric(new LinkedHashMap<>(Map.of(
            "ideas", new ScoreRange(0, 40), "org", new ScoreRange(0, 30), "lang", new ScoreRange(0, 30))));
    static final double[][] PROFILES = {{10, 0, 10}, {20, 15, 10}, {30, 15, 20}, {40, 30, 30}, {30, 30, 20}};
    static final String[] CRITERIA = {"ideas", "org", "lang"};

    @Test
    void agreedCriterionScoresAreTheGrades() {
        for (long seed = 1; seed <= 5; seed++) {
            var rng = new Random(seed);
            int n = 20;
            double[][] truth = new double[n][];
            List<CriterionReview> reviews = new ArrayList<>();
            for (int u = 0; u < n; u++) {
                truth[u] = PROFILES[rng.nextInt(PROFILES.length)];
            }
            for (int round = 0; round < 3; round++) {
                for (int v = 0; v < 18; v++) {
                    int u = (v + 1 + round * 6) % n;
                    for (int c = 0; c < 3; c++) {
                        reviews.add(new CriterionReview("L" + v, "s" + u, CRITERIA[c], truth[u][c]));
                    }
                }
            }
            for (AggregationModel model : List.of(Pg3Model.lazyAware(), new Pg1Model())) {
                RubricAggregation result = new RubricAggregator(model, RUBRIC).aggregate(reviews, Map.of());
                for (int u = 0; u < n; u++) {
                    SubmissionEstimate total = result.total().submissions().get("s" + u);
                    if (total == null) {
                        continue;
                    }
                    double sum = 0;
                    for (int c = 0; c < 3; c++) {
                        double estimate = result.criteria().get(CRITERIA[c]).submissions().get("s" + u).score();
                        assertThat(estimate).as("seed %d, %s, s%d, %s", seed, model.name(), u, CRITERIA[c])
                                .isCloseTo(truth[u][c], within(1.0));
                        sum += estimate;
                    }
                    assertThat(sum).as("seed %d, %s, s%d, total", seed, model.name(), u)
                            .isCloseTo(total.score(), within(2.0));
                }
            }
        }
    }

    /**
     * The QA course: 14 submissions with random levels, 12 reviewers (one giving a single review), 3 reviews each,
     * 30% of criterion scores one level off. On 2 of these 12 seeds every reviewer of "org" (0/15/30) came out lazy
     * and every submission's org grade about 10, whether its reviews said 0, 0, 0 or 30, 30, 30.
     */
    @Test
    void aThreeLevelCriterionDoesNotCollapseToTheMean() {
        double[][] levels = {{0, 10, 20, 30, 40}, {0, 15, 30}, {0, 10, 20, 30}};
        for (long seed = 1; seed <= 12; seed++) {
            var rng = new Random(seed);
            int n = 14;
            int[][] truth = new int[n][3];
            for (int u = 0; u < n; u++) {
                for (int c = 0; c < 3; c++) {
                    truth[u][c] = rng.nextInt(levels[c].length);
                }
            }
            List<CriterionReview> reviews = new ArrayList<>();
            Map<String, List<Double>> org = new LinkedHashMap<>();
            int[] count = new int[n];
            var done = new java.util.HashSet<String>();
            for (int round = 0; round < 3; round++) {
                for (int v = 0; v < 12; v++) {
                    if (v == 11 && round > 0) {
                        continue;
                    }
                    int best = -1;
                    for (int k = 0; k < n; k++) {
                        int u = (k + v * 5 + round) % n;
                        if (u != v && !done.contains(v + ":" + u) && (best < 0 || count[u] < count[best])) {
                            best = u;
                        }
                    }
                    count[best]++;
                    done.add(v + ":" + best);
                    for (int c = 0; c < 3; c++) {
                        int i = truth[best][c];
                        if (rng.nextDouble() < 0.3) {
                            i = Math.max(0, Math.min(levels[c].length - 1, i + (rng.nextBoolean() ? 1 : -1)));
                        }
                        reviews.add(new CriterionReview("L" + v, "s" + best, CRITERIA[c], levels[c][i]));
                        if (c == 1) {
                            org.computeIfAbsent("s" + best, k -> new ArrayList<>()).add(levels[c][i]);
                        }
                    }
                }
            }
            Aggregation fit = new RubricAggregator(Pg3Model.lazyAware(), RUBRIC).aggregate(reviews, Map.of())
                    .criteria().get("org");
            for (var entry : org.entrySet()) {
                List<Double> scores = entry.getValue();
                if (scores.stream().distinct().count() == 1) {
                    // Reviewers who agree on a level: the grade stays within half a step of it.
                    assertThat(fit.submissions().get(entry.getKey()).score()).as("seed %d, %s %s", seed,
                            entry.getKey(), scores).isCloseTo(scores.get(0), within(7.5));
                }
            }
        }
    }
}
