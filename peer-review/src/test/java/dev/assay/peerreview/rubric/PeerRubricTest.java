package dev.assay.peerreview.rubric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class PeerRubricTest {

    public static PeerRubric essayRubric() {
        return new PeerRubric(List.of(
                new Criterion("ideas", "Are the ideas clear?", List.of(new Level(0, "no"), new Level(2, "partly"), new Level(4, "yes"))),
                new Criterion("style", "Is it well written?", List.of(new Level(0, "no"), new Level(1.5, "mostly")))),
                List.of(new CommentField("strengths", "What works?", true, 10, 200),
                        new CommentField("other", "Anything else?", false, 0, 50)), 3, 4);
    }

    @Test
    void valid_review_has_no_problems_and_totals_its_points() {
        var review = new RubricReview(Map.of("ideas", 2.0, "style", 1.5), Map.of("strengths", "the second argument"));
        assertThat(essayRubric().validate(review)).isEmpty();
        assertThat(review.total()).isEqualTo(3.5);
        assertThat(essayRubric().totalRange().max()).isEqualTo(5.5);
    }

    @Test
    void every_problem_names_its_field() {
        var review = new RubricReview(Map.of("ideas", 3.0, "tone", 1.0),
                Map.of("strengths", "short", "other", "x".repeat(51), "extra", "hi"));
        assertThat(essayRubric().validate(review)).extracting(Problem::field).containsExactlyInAnyOrder(
                "scores.ideas", "scores.style", "scores.tone", "comments.strengths", "comments.other", "comments.extra");
    }

    @Test
    void missing_required_comment_is_reported_but_optional_one_is_not() {
        var review = new RubricReview(Map.of("ideas", 4.0, "style", 0.0), Map.of());
        assertThat(essayRubric().validate(review)).containsExactly(new Problem("comments.strengths", "is required"));
    }

    @Test
    void rubric_reports_every_structural_problem() {
        assertThatThrownBy(() -> new PeerRubric(List.of(
                new Criterion("a", "", List.of(new Level(2, ""), new Level(1, ""))),
                new Criterion("a", "", List.of(new Level(0, "")))),
                List.of(new CommentField("c", "", false, 5, 2)), 0, -1))
                .isInstanceOfSatisfying(InvalidRubricException.class, e -> assertThat(e.problems())
                        .extracting(Problem::field).containsExactlyInAnyOrder("criteria[0].levels[1].points",
                                "criteria[1].id", "criteria[1].levels", "comments[0].minLength",
                                "reviewsPerSubmission", "reviewsRequired"));
    }

    @Test
    void level_points_are_bounded_so_totals_stay_finite() {
        // Two criteria with levels near the largest double: each level is finite, their total is Infinity.
        var huge = List.of(new Criterion("a", "", List.of(new Level(0, ""), new Level(1e308, ""))),
                new Criterion("b", "", List.of(new Level(0, ""), new Level(1e308, ""))));
        assertThat(PeerRubric.check(huge, List.of(), 3, 3)).extracting(Problem::field)
                .containsExactly("criteria[0].levels[1].points", "criteria[1].levels[1].points");
    }

    @Test
    void rubric_total_is_bounded_even_when_every_level_is_within_bounds() {
        var wide = List.of(new Criterion("a", "", List.of(new Level(0, ""), new Level(600_000, ""))),
                new Criterion("b", "", List.of(new Level(0, ""), new Level(PeerRubric.MAX_POINTS, ""))));
        assertThat(PeerRubric.check(wide, List.of(), 3, 3)).containsExactly(new Problem("criteria",
                "the criteria's top levels must total at most 1000000 points, not 1600000"));
        var atLimit = List.of(new Criterion("a", "", List.of(new Level(0, ""), new Level(400_000, ""))),
                new Criterion("b", "", List.of(new Level(0, ""), new Level(600_000, ""))));
        assertThat(PeerRubric.check(atLimit, List.of(), 3, 3)).isEmpty();
    }
}
