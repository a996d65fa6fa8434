package dev.assay.peerreview.simulation;

import dev.assay.peerreview.aggregation.Aggregation;
import dev.assay.peerreview.aggregation.AggregationModel;
import dev.assay.peerreview.aggregation.Review;
import dev.assay.peerreview.assignment.AssignmentPolicy;
import dev.assay.peerreview.assignment.Candidate;
import dev.assay.peerreview.assignment.ReviewerInfo;
import dev.assay.peerreview.assignment.TopUp;
import dev.assay.peerreview.evaluation.Accuracy;
import dev.assay.peerreview.evaluation.Evaluation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures adaptive top-up: after the first k reviews per submission, aggregate, stop counting the reviews of
 * reviewers the model flags as lazy, and hand the submissions that fall short of k to more reviewers through the
 * {@link AssignmentPolicy} (as the engine does when reviewers ask for work), for up to {@code rounds} rounds.
 *
 * <p>Top-up reviewers are active learners not flagged lazy, arriving in random order (learners who review beyond
 * their requirement); an undetected lazy reviewer may be among them, as in a real course.
 */
public final class TopUpExperiment {

    /** @param extraReviews reviews added beyond the first k per submission; {@code flagged} reviewers flagged at the end */
    public record Outcome(Accuracy accuracy, Accuracy withoutTopUp, int extraReviews, int rounds, int flagged,
                          int trulyLazy, int flaggedTrulyLazy) {
    }

    private TopUpExperiment() {
    }

    public static Outcome run(CoursePreset preset, long seed, AggregationModel model, int maxRounds) {
        var sim = CourseSimulator.run(preset, seed);
        var course = sim.course();
        World w = sim.world();
        var rng = sim.rng();
        var reviews = new ArrayList<>(course.reviews());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < w.ids().length; i++) {
            index.put(w.ids()[i], i);
        }
        Map<String, Set<String>> reviewersOf = new LinkedHashMap<>();
        course.trueScores().keySet().forEach(s -> reviewersOf.put(s, new HashSet<>()));
        for (Review r : reviews) {
            Set<String> set = reviewersOf.get(r.submission());
            if (set != null) {
                set.add(r.reviewer());
            }
        }
        var policy = new AssignmentPolicy(preset.reviews(), 0);
        Aggregation first = model.aggregate(reviews, course.calibrationScores(), preset.scale());
        Aggregation current = first;
        int extra = 0;
        int rounds = 0;
        Set<String> flagged = TopUp.flaggedLazy(current, TopUp.LAZY_THRESHOLD);
        while (rounds < maxRounds) {
            Map<String, Candidate> short_ = new LinkedHashMap<>();
            Instant t = Instant.EPOCH;
            for (var e : reviewersOf.entrySet()) {
                int counted = TopUp.counted(e.getValue(), flagged);
                if (counted < preset.reviews()) {
                    short_.put(e.getKey(), new Candidate(e.getKey(), e.getKey(), null, t, counted, 0, e.getValue()));
                }
            }
            if (short_.isEmpty()) {
                break;
            }
            rounds++;
            int[] volunteers = w.active().clone();
            ReviewAssignment.shuffle(rng, volunteers);
            int cursor = 0;
            int idle = 0;
            // Volunteers come one after another; each takes what the policy gives them. A volunteer with nothing
            // eligible left for them is skipped; stop once a whole pass finds nobody able to help.
            while (!short_.isEmpty() && idle < volunteers.length) {
                int v = volunteers[cursor++ % volunteers.length];
                String vid = w.ids()[v];
                if (flagged.contains(vid)) {
                    idle++;
                    continue;
                }
                var pick = policy.next(short_.values(), new ReviewerInfo(vid, null));
                if (pick.isEmpty()) {
                    idle++;
                    continue;
                }
                idle = 0;
                Candidate c = pick.get().candidate();
                double score = w.review(rng, v, index.get(c.submission()));
                reviews.add(new Review(vid, c.submission(), score));
                reviewersOf.get(c.submission()).add(vid);
                extra++;
                Set<String> now = new HashSet<>(c.reviewers());
                now.add(vid);
                Candidate next = new Candidate(c.submission(), c.author(), null, c.submittedAt(), c.counted() + 1, 0, now);
                if (policy.complete(next)) {
                    short_.remove(c.submission());
                } else {
                    short_.put(c.submission(), next);
                }
            }
            current = model.aggregate(reviews, course.calibrationScores(), preset.scale());
            flagged = TopUp.flaggedLazy(current, TopUp.LAZY_THRESHOLD);
        }
        int hit = (int) flagged.stream().filter(course.lazyReviewers()::contains).count();
        return new Outcome(Evaluation.evaluate(current, course.trueScores(), Evaluation.DEFAULT_TOLERANCE),
                Evaluation.evaluate(first, course.trueScores(), Evaluation.DEFAULT_TOLERANCE), extra, rounds,
                flagged.size(), course.lazyReviewers().size(), hit);
    }

    /** Mean RMSE over seeds, with and without top-up. */
    public static double[] meanRmse(CoursePreset preset, List<Long> seeds, AggregationModel model, int rounds) {
        double with = 0;
        double without = 0;
        for (long seed : seeds) {
            Outcome o = run(preset, seed, model, rounds);
            with += o.accuracy().rmse();
            without += o.withoutTopUp().rmse();
        }
        return new double[] {with / seeds.size(), without / seeds.size()};
    }
}
