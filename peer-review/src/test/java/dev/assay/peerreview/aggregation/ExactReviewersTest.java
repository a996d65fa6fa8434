package dev.assay.peerreview.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.peerreview.assignment.TopUp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * pg3-lazy must not mistake agreement for laziness: a reviewer whose every score is exactly right is the opposite
 * of one who scores without reading, however spread out the submissions' qualities are.
 */
class ExactReviewersTest {

    /** The QA course: 18 reviewers scoring exactly 20, 45, 65, 80 or 100, one of them far off in calibration. */
    @Test
    void reviewersWhoScoreExactlyTheTruthAreNotLazy() {
        for (long seed = 1; seed <= 10; seed++) {
            Map<String, Double> staff = new LinkedHashMap<>();
            List<Review> reviews = PerfectAgreementTest.course(seed, staff);
            Aggregation a = Pg3Model.lazyAware().aggregate(reviews, staff, new ScoreRange(0, 100));
            for (ReviewerEstimate r : a.reviewers().values()) {
                if (!r.reviewer().equals("L2")) {
                    assertThat(r.lazyProbability()).as("seed %d, %s", seed, r).isLessThan(0.05);
                }
            }
            Set<String> flagged = TopUp.flaggedLazy(a, TopUp.LAZY_THRESHOLD);
            assertThat(flagged).as("seed %d", seed).isSubsetOf("L2");
            for (SubmissionEstimate e : a.submissions().values()) {
                if (!e.anchored()) {
                    double truth = reviews.stream().filter(r -> r.submission().equals(e.submission())
                            && !r.reviewer().equals("L2")).findFirst().orElseThrow().score();
                    assertThat(e.score()).as("seed %d, %s", seed, e).isCloseTo(truth,
                            org.assertj.core.api.Assertions.within(0.5));
                }
            }
        }
    }

    /**
     * A course where every peer review is exact and every submission has two or more; calibration attempts are exact
     * or, for a few learners, at the top of the scale. At least 8 reviewers and 10 submissions: in a handful of
     * reviews mostly at the top of the scale, censoring leaves too little to tell anyone's accuracy.
     */
    record Course(List<Review> reviews, Map<String, Double> staff, Set<String> exact) {
    }

    @Provide
    Arbitrary<Course> courses() {
        return Combinators.combine(Arbitraries.integers().between(10, 30), Arbitraries.integers().between(8, 24),
                Arbitraries.longs()).as((n, m, seed) -> {
                    var rng = new Random(seed);
                    // The QA course's qualities. (Not 0 as well: a course whose every score sits at an end of the
                    // scale is all censored, and then nobody's accuracy can be told at all.)
                    double[] levels = {20, 45, 65, 80, 100};
                    List<Review> reviews = new ArrayList<>();
                    Map<String, Double> staff = new LinkedHashMap<>();
                    int items = rng.nextInt(3);
                    for (int c = 0; c < items; c++) {
                        staff.put("calibration:ex" + c, levels[rng.nextInt(levels.length)]);
                    }
                    Set<String> exact = new HashSet<>();
                    for (int v = 0; v < m; v++) {
                        boolean outlier = rng.nextInt(8) == 0;
                        if (!outlier) {
                            exact.add("r" + v);
                        }
                        for (var item : staff.entrySet()) {
                            if (rng.nextInt(3) > 0) {
                                reviews.add(new Review("r" + v, item.getKey(), outlier ? 100 : item.getValue()));
                            }
                        }
                    }
                    // At least two reviews each: a lone review agrees with nobody, and a reviewer giving the same score to two
                    // such submissions looks just like one who gives everyone the same score.
                    int k = 2 + rng.nextInt(Math.min(m, 4) - 1);
                    for (int u = 0; u < n; u++) {
                        double truth = levels[rng.nextInt(levels.length)];
                        List<Integer> reviewers = new ArrayList<>();
                        for (int v = 0; v < m; v++) {
                            reviewers.add(v);
                        }
                        Collections.shuffle(reviewers, rng);
                        for (int j = 0; j < k; j++) {
                            reviews.add(new Review("r" + reviewers.get(j), "s" + u, truth));
                        }
                    }
                    return new Course(reviews, staff, exact);
                });
    }

    @Property(tries = 300)
    void exactReviewersAreNeverFlaggedLazy(@ForAll("courses") Course course) {
        Aggregation a = Pg3Model.lazyAware().aggregate(course.reviews(), course.staff(), new ScoreRange(0, 100));
        for (ReviewerEstimate r : a.reviewers().values()) {
            // Exact, and not constant: a reviewer who gave every submission the same score cannot be told from one
            // who gave it without reading, even when the submissions happened to deserve it.
            long distinct = course.reviews().stream().filter(x -> x.reviewer().equals(r.reviewer()))
                    .mapToDouble(Review::score).distinct().count();
            if (course.exact().contains(r.reviewer()) && distinct > 1) {
                assertThat(r.lazyProbability()).as("%s", r).isLessThanOrEqualTo(TopUp.LAZY_THRESHOLD);
            }
        }
    }
}
