package dev.assay.peerreview.rubric;

import dev.assay.peerreview.aggregation.Rubric;
import dev.assay.peerreview.aggregation.ScoreRange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

/**
 * A peer-review rubric: criteria with ordered levels, comment fields, how many reviews each submission needs
 * ({@code reviewsPerSubmission}, "k") and how many each learner must give ({@code reviewsRequired}).
 *
 * <p>Build one with {@link #of}, which reports every problem at once instead of throwing on the first, because staff
 * fix a rubric in one pass only when they see everything wrong with it.
 */
public record PeerRubric(List<Criterion> criteria, List<CommentField> comments, int reviewsPerSubmission,
                         int reviewsRequired) {

    /** Limits that keep one review form (and one stored review) small. */
    public static final int MAX_CRITERIA = 30;
    public static final int MAX_LEVELS = 20;
    public static final int MAX_COMMENT_FIELDS = 10;
    public static final int MAX_COMMENT_LENGTH = 20_000;
    public static final int MAX_K = 20;
    /**
     * Most points a level may give, and the rubric's total (the sum of each criterion's top level) may reach. Far
     * above any real rubric, and far enough below the largest double that totals, squared errors and variances of
     * the aggregation stay finite: with levels near 10³⁰⁸ two criteria already summed to Infinity.
     */
    public static final double MAX_POINTS = 1_000_000;

    public PeerRubric {
        criteria = List.copyOf(criteria);
        comments = List.copyOf(comments);
        List<Problem> problems = check(criteria, comments, reviewsPerSubmission, reviewsRequired);
        if (!problems.isEmpty()) {
            throw new InvalidRubricException(problems);
        }
    }

    /** Every problem of the would-be rubric; empty when {@link #PeerRubric} would accept it. */
    public static List<Problem> check(List<Criterion> criteria, List<CommentField> comments, int k, int required) {
        var problems = new ArrayList<Problem>();
        if (criteria.isEmpty()) {
            problems.add(new Problem("criteria", "needs at least one criterion"));
        }
        if (criteria.size() > MAX_CRITERIA) {
            problems.add(new Problem("criteria", "must have at most " + MAX_CRITERIA + " criteria"));
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < criteria.size(); i++) {
            Criterion c = criteria.get(i);
            String at = "criteria[" + i + "]";
            checkId(c.id(), at + ".id", ids, problems);
            if (c.levels().size() < 2) {
                problems.add(new Problem(at + ".levels", "needs at least two levels"));
            } else if (c.levels().size() > MAX_LEVELS) {
                problems.add(new Problem(at + ".levels", "must have at most " + MAX_LEVELS + " levels"));
            }
            for (int j = 0; j < c.levels().size(); j++) {
                Level level = c.levels().get(j);
                String lat = at + ".levels[" + j + "].points";
                if (!Double.isFinite(level.points()) || level.points() < 0) {
                    problems.add(new Problem(lat, "must be a finite number of points, 0 or more"));
                } else if (level.points() > MAX_POINTS) {
                    problems.add(new Problem(lat, "must be at most " + format(MAX_POINTS) + " points"));
                } else if (j > 0 && !(level.points() > c.levels().get(j - 1).points())) {
                    // Levels are ordered so that "higher level" always means "more points": the aggregation treats
                    // points as a scale, and a review chooses a level by its points.
                    problems.add(new Problem(lat, "must be more than the previous level's points"));
                }
            }
        }
        checkTotal(criteria, problems);
        for (int i = 0; i < comments.size(); i++) {
            CommentField f = comments.get(i);
            String at = "comments[" + i + "]";
            checkId(f.id(), at + ".id", ids, problems);
            if (f.maxLength() < 1 || f.maxLength() > MAX_COMMENT_LENGTH) {
                problems.add(new Problem(at + ".maxLength", "must be from 1 to " + MAX_COMMENT_LENGTH));
            }
            if (f.minLength() < 0 || f.minLength() > f.maxLength()) {
                problems.add(new Problem(at + ".minLength", "must be from 0 to maxLength"));
            }
        }
        if (comments.size() > MAX_COMMENT_FIELDS) {
            problems.add(new Problem("comments", "must have at most " + MAX_COMMENT_FIELDS + " fields"));
        }
        if (k < 1 || k > MAX_K) {
            problems.add(new Problem("reviewsPerSubmission", "must be from 1 to " + MAX_K));
        }
        if (required < 0 || required > 5 * MAX_K) {
            problems.add(new Problem("reviewsRequired", "must be from 0 to " + 5 * MAX_K));
        }
        return problems;
    }

    /**
     * The total of the top levels, once every level is within bounds (a level out of bounds is reported on its own
     * and would only repeat itself here).
     */
    private static void checkTotal(List<Criterion> criteria, List<Problem> problems) {
        double total = 0;
        for (Criterion c : criteria) {
            double top = 0;
            for (Level level : c.levels()) {
                if (!(level.points() >= 0 && level.points() <= MAX_POINTS)) {
                    return;
                }
                top = Math.max(top, level.points());
            }
            total += top;
        }
        if (total > MAX_POINTS) {
            problems.add(new Problem("criteria", "the criteria's top levels must total at most " + format(MAX_POINTS)
                    + " points, not " + format(total)));
        }
    }

    private static void checkId(String id, String field, Set<String> seen, List<Problem> problems) {
        if (id == null || id.isBlank() || id.length() > 100) {
            problems.add(new Problem(field, "must be a non-blank id of at most 100 characters"));
        } else if (!seen.add(id)) {
            // Criteria and comment fields share one namespace: a review names them side by side.
            problems.add(new Problem(field, "'" + id + "' is used twice"));
        }
    }

    public Criterion criterion(String id) {
        return criteria.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
    }

    public double maxPoints() {
        return criteria.stream().mapToDouble(Criterion::maxPoints).sum();
    }

    public double minPoints() {
        return criteria.stream().mapToDouble(Criterion::minPoints).sum();
    }

    /** The per-criterion scales, for {@link dev.assay.peerreview.aggregation.RubricAggregator}. */
    public Rubric scales() {
        var scales = new LinkedHashMap<String, ScoreRange>();
        criteria.forEach(c -> scales.put(c.id(), new ScoreRange(c.minPoints(), c.maxPoints())));
        return new Rubric(scales);
    }

    public ScoreRange totalRange() {
        return new ScoreRange(minPoints(), maxPoints());
    }

    /**
     * What is wrong with a review: each criterion must be scored with one of its levels' points, no unknown
     * criterion or comment field, required comments present, lengths within bounds. Fields are named
     * {@code scores.<criterion>} and {@code comments.<field>}.
     */
    public List<Problem> validate(RubricReview review) {
        var problems = new ArrayList<Problem>();
        for (Criterion c : criteria) {
            Double points = review.scores().get(c.id());
            if (points == null) {
                problems.add(new Problem("scores." + c.id(), "is required"));
            } else if (!c.hasLevel(points)) {
                problems.add(new Problem("scores." + c.id(), "must be one of the levels' points: "
                        + c.levels().stream().map(l -> format(l.points())).toList()));
            }
        }
        review.scores().keySet().stream().filter(id -> criterion(id) == null).sorted()
                .forEach(id -> problems.add(new Problem("scores." + id, "is not a criterion of the rubric")));
        for (CommentField f : comments) {
            String text = review.comments().get(f.id());
            int length = text == null ? 0 : text.strip().codePointCount(0, text.strip().length());
            if (text == null || text.isBlank()) {
                if (f.required()) {
                    problems.add(new Problem("comments." + f.id(), "is required"));
                }
            } else if (length < f.minLength()) {
                problems.add(new Problem("comments." + f.id(), "must be at least " + f.minLength() + " characters"));
            } else if (length > f.maxLength()) {
                problems.add(new Problem("comments." + f.id(), "must be at most " + f.maxLength() + " characters"));
            }
        }
        review.comments().keySet().stream().filter(id -> comments.stream().noneMatch(f -> f.id().equals(id))).sorted()
                .forEach(id -> problems.add(new Problem("comments." + id, "is not a comment field of the rubric")));
        return problems;
    }

    static String format(double points) {
        return points == Math.rint(points) && Math.abs(points) < 1e15 ? Long.toString((long) points) : Double.toString(points);
    }
}
