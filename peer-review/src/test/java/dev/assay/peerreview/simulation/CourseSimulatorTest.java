package dev.assay.peerreview.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.peerreview.aggregation.Review;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CourseSimulatorTest {

    @Test
    void sameSeedSameCourseOtherSeedOtherCourse() {
        var a = CourseSimulator.simulate(Presets.SMALL_COURSE, 5);
        var b = CourseSimulator.simulate(Presets.SMALL_COURSE, 5);
        var c = CourseSimulator.simulate(Presets.SMALL_COURSE, 6);
        assertThat(a.reviews()).isEqualTo(b.reviews());
        assertThat(a.trueScores()).isEqualTo(b.trueScores());
        assertThat(a.reviews()).isNotEqualTo(c.reviews());
    }

    @Test
    void piechCourseHasThePublishedShape() {
        var course = CourseSimulator.simulate(Presets.PIECH_COURSERA, 11);
        assertThat(course.trueScores()).hasSize(3000);
        assertThat(course.calibrationScores()).hasSize(5);
        double mean = course.trueScores().values().stream().mapToDouble(x -> x).average().orElseThrow();
        double sd = Math.sqrt(course.trueScores().values().stream().mapToDouble(x -> (x - mean) * (x - mean))
                .average().orElseThrow());
        assertThat(mean).isCloseTo(75, within(1.0));
        assertThat(sd).isCloseTo(12, within(0.8));
        Map<String, Integer> perSubmission = new HashMap<>();
        Map<String, Integer> perReviewer = new HashMap<>();
        Set<String> pairs = new HashSet<>();
        for (Review r : course.reviews()) {
            assertThat(r.score()).isBetween(0.0, 100.0);
            assertThat(r.score()).isEqualTo(Math.rint(r.score()));
            assertThat(r.reviewer()).isNotEqualTo(r.submission());
            assertThat(pairs.add(r.reviewer() + "/" + r.submission())).as("duplicate %s", r).isTrue();
            perSubmission.merge(r.submission(), 1, Integer::sum);
            perReviewer.merge(r.reviewer(), 1, Integer::sum);
        }
        course.trueScores().keySet().forEach(s -> assertThat(perSubmission.get(s)).isEqualTo(5));
        // Five peer reviews plus one calibration item each, give or take the end of the assignment queue.
        assertThat(perReviewer.values()).allSatisfy(n -> assertThat(n).isBetween(5, 8));
        assertThat(course.lazyReviewers()).isEmpty();
    }

    @Test
    void lazyShareIsOfReviewers() {
        var course = CourseSimulator.simulate(Presets.LAZY_15, 12);
        assertThat(course.lazyReviewers()).hasSize(450);
        // A lazy reviewer's scores do not follow the submissions: their spread is about lazySd.
        String lazy = course.lazyReviewers().iterator().next();
        List<Double> scores = course.reviews().stream().filter(r -> r.reviewer().equals(lazy))
                .map(Review::score).toList();
        double mean = scores.stream().mapToDouble(x -> x).average().orElseThrow();
        assertThat(scores).allSatisfy(x -> assertThat(x).isCloseTo(mean, within(20.0)));
    }

    @Test
    void nonReviewersNeverReviewButAreReviewed() {
        var course = CourseSimulator.simulate(Presets.NON_REVIEWERS, 13);
        assertThat(course.nonReviewers()).hasSize(1050);
        Set<String> reviewers = new HashSet<>();
        Set<String> reviewed = new HashSet<>();
        course.reviews().forEach(r -> {
            reviewers.add(r.reviewer());
            reviewed.add(r.submission());
        });
        assertThat(reviewers).doesNotContainAnyElementsOf(course.nonReviewers());
        assertThat(reviewed).containsAll(course.nonReviewers());
    }

    @Test
    void presetsAreFoundByName() {
        assertThat(Presets.all()).extracting(CoursePreset::name)
                .containsExactly("piech-coursera", "lazy-15", "non-reviewers", "small-course");
        assertThat(Presets.byName("lazy-15")).contains(Presets.LAZY_15);
        assertThat(Presets.byName("nope")).isEmpty();
    }

    @Test
    void presetValidation() {
        var r = Presets.PIECH_COURSERA.reviewers();
        assertThatThrownBy(() -> new CoursePreset.Reviewers(1, 1, 0, 0, 1.5, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CoursePreset.Reviewers(1, 1, 0, 0, 0, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Presets.PIECH_COURSERA.withLearners(1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CoursePreset.Calibration(1, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(r.biasSd()).isEqualTo(11);
    }

    @Test
    void tinyCourseStillGetsItsReviews() {
        var course = CourseSimulator.simulate(Presets.SMALL_COURSE.withLearners(6), 14);
        Map<String, Integer> perSubmission = new HashMap<>();
        course.reviews().stream().filter(r -> !r.submission().startsWith("cal"))
                .forEach(r -> perSubmission.merge(r.submission(), 1, Integer::sum));
        assertThat(perSubmission).hasSize(6).allSatisfy((s, n) -> assertThat(n).isEqualTo(4));
        assertThatThrownBy(() -> CourseSimulator.simulate(Presets.SMALL_COURSE.withLearners(4), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not enough reviewers");
    }
}
