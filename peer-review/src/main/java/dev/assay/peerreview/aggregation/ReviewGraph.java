package dev.assay.peerreview.aggregation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reviews as a bipartite graph in flat arrays: submissions and reviewers numbered in order of first appearance,
 * one edge per review, and adjacency both ways. The iterative models sweep these arrays hundreds of times, so they
 * avoid boxed maps and are laid out for sequential access: edges are numbered in submission order (the edges of
 * submission u are {@code submissionStart[u] .. submissionStart[u + 1]}), and what the reviewer-side sweeps read is
 * copied into reviewer order ({@code reviewerStart}, {@code byReviewer}, {@code submissionByReviewer},
 * {@code scoreByReviewer}). That matters on large courses, where the per-review arrays no longer fit in cache and
 * chasing edge indices through memory dominated the time per iteration.
 */
final class ReviewGraph {

    final String[] submissionIds;
    final String[] reviewerIds;
    /** Per edge (in submission order): submission index, reviewer index, score. */
    final int[] edgeSubmission;
    final int[] edgeReviewer;
    final double[] score;
    /** Edges of submission u are {@code submissionStart[u] .. submissionStart[u + 1]} (edges are sorted by it). */
    final int[] submissionStart;
    /** Identity, kept so code that does not care about layout can index edges through it. */
    final int[] bySubmission;
    /** Reviewer order: position i in {@code reviewerStart[v] .. reviewerStart[v + 1]} is edge {@code byReviewer[i]}. */
    final int[] reviewerStart;
    final int[] byReviewer;
    final int[] submissionByReviewer;
    final double[] scoreByReviewer;
    /** Position of each edge in reviewer order (inverse of {@code byReviewer}). */
    final int[] reviewerPosition;
    /** Staff score of each edge's submission in reviewer order, NaN when there is none. */
    final double[] anchorByReviewer;
    /** Staff score per submission, NaN when there is none. */
    final double[] anchor;

    private ReviewGraph(String[] submissionIds, String[] reviewerIds, int[] es, int[] er, double[] z, double[] anchor) {
        this.submissionIds = submissionIds;
        this.reviewerIds = reviewerIds;
        this.anchor = anchor;
        int n = z.length;
        this.submissionStart = new int[submissionIds.length + 1];
        int[] order = adjacency(es, submissionStart);
        this.edgeSubmission = new int[n];
        this.edgeReviewer = new int[n];
        this.score = new double[n];
        for (int e = 0; e < n; e++) {
            edgeSubmission[e] = es[order[e]];
            edgeReviewer[e] = er[order[e]];
            score[e] = z[order[e]];
        }
        this.bySubmission = new int[n];
        java.util.Arrays.setAll(bySubmission, i -> i);
        this.reviewerStart = new int[reviewerIds.length + 1];
        this.byReviewer = adjacency(edgeReviewer, reviewerStart);
        this.submissionByReviewer = new int[n];
        this.scoreByReviewer = new double[n];
        this.reviewerPosition = new int[n];
        this.anchorByReviewer = new double[n];
        for (int i = 0; i < n; i++) {
            int e = byReviewer[i];
            submissionByReviewer[i] = edgeSubmission[e];
            scoreByReviewer[i] = score[e];
            reviewerPosition[e] = i;
            anchorByReviewer[i] = anchor[edgeSubmission[e]];
        }
    }

    static ReviewGraph of(List<Review> reviews, Map<String, Double> truth) {
        var submissions = new HashMap<String, Integer>();
        var reviewers = new HashMap<String, Integer>();
        var submissionIds = new ArrayList<String>();
        var reviewerIds = new ArrayList<String>();
        int n = reviews.size();
        int[] es = new int[n];
        int[] er = new int[n];
        double[] z = new double[n];
        for (int e = 0; e < n; e++) {
            Review r = reviews.get(e);
            es[e] = index(submissions, submissionIds, r.submission());
            er[e] = index(reviewers, reviewerIds, r.reviewer());
            z[e] = r.score();
        }
        String[] subIds = submissionIds.toArray(String[]::new);
        double[] anchor = new double[subIds.length];
        for (int u = 0; u < subIds.length; u++) {
            Double t = truth.get(subIds[u]);
            if (t != null && !Double.isFinite(t)) {
                throw new IllegalArgumentException("staff score of " + subIds[u] + " is not finite: " + t);
            }
            anchor[u] = t == null ? Double.NaN : t;
        }
        rejectDuplicates(reviews, es, er, subIds.length, reviewerIds.size());
        return new ReviewGraph(subIds, reviewerIds.toArray(String[]::new), es, er, z, anchor);
    }

    private static int index(Map<String, Integer> index, List<String> ids, String id) {
        Integer known = index.putIfAbsent(id, ids.size());
        if (known != null) {
            return known;
        }
        ids.add(id);
        return ids.size() - 1;
    }

    /**
     * A reviewer may score a submission once: the models treat reviews as independent evidence, and a duplicate
     * would silently double that reviewer's weight. Checked per submission with a "last submission seen" mark per
     * reviewer, which is linear and allocation-free unlike a set of pairs.
     */
    private static void rejectDuplicates(List<Review> reviews, int[] es, int[] er, int submissions, int reviewers) {
        int[] start = new int[submissions + 1];
        int[] bySubmission = adjacency(es, start);
        int[] lastSubmission = new int[reviewers];
        int[] lastEdge = new int[reviewers];
        java.util.Arrays.fill(lastSubmission, -1);
        for (int u = 0; u < submissions; u++) {
            for (int i = start[u]; i < start[u + 1]; i++) {
                int e = bySubmission[i];
                int v = er[e];
                if (lastSubmission[v] == u) {
                    Review r = reviews.get(e);
                    throw new IllegalArgumentException("reviewer " + r.reviewer() + " reviewed submission "
                            + r.submission() + " twice (reviews " + (lastEdge[v] + 1) + " and " + (e + 1) + ")");
                }
                lastSubmission[v] = u;
                lastEdge[v] = e;
            }
        }
    }

    private static int[] adjacency(int[] owner, int[] start) {
        for (int o : owner) {
            start[o + 1]++;
        }
        for (int i = 1; i < start.length; i++) {
            start[i] += start[i - 1];
        }
        int[] fill = start.clone();
        int[] edges = new int[owner.length];
        for (int e = 0; e < owner.length; e++) {
            edges[fill[owner[e]]++] = e;
        }
        return edges;
    }

    int submissions() {
        return submissionIds.length;
    }

    int reviewers() {
        return reviewerIds.length;
    }

    int edges() {
        return score.length;
    }

    boolean anchored(int u) {
        return !Double.isNaN(anchor[u]);
    }

    int reviewsOf(int u) {
        return submissionStart[u + 1] - submissionStart[u];
    }

    int reviewsBy(int v) {
        return reviewerStart[v + 1] - reviewerStart[v];
    }

    /**
     * A floor for variances, relative to the spread of the scores (so that shifting every score leaves results
     * unchanged). It keeps precisions finite when reviewers agree exactly, without visibly changing anything on
     * real data; when every score is the same, any small positive number will do.
     */
    double varianceFloor() {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : score) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        double range = max - min;
        return range > 0 ? 1e-8 * range * range : 1e-12;
    }

    /**
     * Pooled within-submission variance of the scores (one-way ANOVA within mean square): how far reviewers of the
     * same submission disagree. Falls back to the overall variance when no submission has two reviews.
     */
    double pooledWithinVariance() {
        double ss = 0;
        long df = 0;
        for (int u = 0; u < submissions(); u++) {
            int n = reviewsOf(u);
            if (n < 2) {
                continue;
            }
            double mean = 0;
            for (int i = submissionStart[u]; i < submissionStart[u + 1]; i++) {
                mean += score[bySubmission[i]];
            }
            mean /= n;
            for (int i = submissionStart[u]; i < submissionStart[u + 1]; i++) {
                double d = score[bySubmission[i]] - mean;
                ss += d * d;
            }
            df += n - 1;
        }
        if (df > 0) {
            return Math.max(ss / df, varianceFloor());
        }
        double mean = 0;
        for (double x : score) {
            mean += x;
        }
        mean /= Math.max(1, edges());
        double v = 0;
        for (double x : score) {
            v += (x - mean) * (x - mean);
        }
        return Math.max(edges() > 1 ? v / (edges() - 1) : 0, varianceFloor());
    }

    /** Builds the output maps from per-index arrays; anchored submissions get their staff score and a zero-width interval. */
    Aggregation toAggregation(String model, double[] estimate, double[] sd, double[] bias, double[] reliability,
                              int iterations, boolean converged) {
        return toAggregation(model, estimate, sd, bias, reliability, null, iterations, converged);
    }

    /** @param lazy probability that each reviewer scored without reading, or null if the model does not say */
    Aggregation toAggregation(String model, double[] estimate, double[] sd, double[] bias, double[] reliability,
                              double[] lazy, int iterations, boolean converged) {
        var subs = new LinkedHashMap<String, SubmissionEstimate>(submissions() * 2);
        for (int u = 0; u < submissions(); u++) {
            String id = submissionIds[u];
            if (anchored(u)) {
                subs.put(id, new SubmissionEstimate(id, anchor[u], anchor[u], anchor[u], reviewsOf(u), true));
            } else {
                double half = Intervals.Z90 * sd[u];
                subs.put(id, new SubmissionEstimate(id, estimate[u], estimate[u] - half, estimate[u] + half,
                        reviewsOf(u), false));
            }
        }
        var revs = new LinkedHashMap<String, ReviewerEstimate>(reviewers() * 2);
        for (int v = 0; v < reviewers(); v++) {
            revs.put(reviewerIds[v], new ReviewerEstimate(reviewerIds[v], bias[v], reliability[v],
                    lazy == null ? 0 : lazy[v], reviewsBy(v)));
        }
        return new Aggregation(model, subs, revs, iterations, converged);
    }
}
