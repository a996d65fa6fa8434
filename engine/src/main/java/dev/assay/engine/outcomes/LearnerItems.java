package dev.assay.engine.outcomes;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns where a learner's counting submissions stand (per assessment the highest or latest graded one, else the
 * latest: see {@code CountingWork}), and the assessments' deadlines, into the
 * {@link ItemState}s the calculator reads. Pure: the clock arrives as {@code now}, so the stored course grade, the
 * grade a learner reads and a test all agree on what "past the deadline" means.
 *
 * <p>Submitted work never fails by deadline: graded counts with its score, anything else submitted (in the queue,
 * routed to review) stays pending whatever the time. Only work never submitted becomes a 0 once its deadline has
 * passed; with no deadline it stays open and keeps the outcome pending.
 */
public final class LearnerItems {

    /**
     * The learner's submission to one assessment that counts; {@code score} is null unless {@code status} is graded.
     *
     * @param peerFinal its score is its published peer grade or a staff override (what a peer-reviewed
     *                  assessment waits for)
     */
    public record Latest(String status, Double score, Double maxScore, boolean peerFinal) {
        public Latest(String status, Double score, Double maxScore) {
            this(status, score, maxScore, false);
        }
    }

    private LearnerItems() {
    }

    /**
     * @param latest    the learner's counting submission per assessment id (absent: never submitted)
     * @param deadlines each assessment's deadline, absent or null when it has none
     */
    public static Map<String, ItemState> of(GradingPolicy policy, Map<String, Latest> latest,
                                            Map<String, Instant> deadlines, Instant now) {
        return of(policy, latest, deadlines, java.util.Set.of(), now);
    }

    /**
     * @param peerReviewed assessments graded by peer review: their submissions count only once the peer grade is
     *                     published (or staff overrode it), whatever an automated grader said before
     */
    public static Map<String, ItemState> of(GradingPolicy policy, Map<String, Latest> latest,
                                            Map<String, Instant> deadlines, java.util.Set<String> peerReviewed,
                                            Instant now) {
        Map<String, ItemState> items = new HashMap<>();
        for (GradingPolicy.Category category : policy.categories()) {
            for (String assessment : category.assessments()) {
                items.put(assessment, state(latest.get(assessment), deadlines.get(assessment),
                        peerReviewed.contains(assessment), now));
            }
        }
        for (GradingPolicy.MustPass m : policy.mustPass()) {
            items.computeIfAbsent(m.assessment(), a -> state(latest.get(a), deadlines.get(a), peerReviewed.contains(a), now));
        }
        return items;
    }

    static ItemState state(Latest s, Instant deadline, boolean peerReviewed, Instant now) {
        if (s == null) {
            return new ItemState.Missing(deadline != null && !now.isBefore(deadline));
        }
        if (peerReviewed && !s.peerFinal()) {
            return new ItemState.Pending("awaiting peer review");
        }
        return switch (s.status()) {
            case "graded" -> graded(s);
            case "routed" -> new ItemState.Pending("awaiting review");
            case "accepted" -> new ItemState.Pending("awaiting grading");
            default -> new ItemState.Pending(s.status());
        };
    }

    private static ItemState graded(Latest s) {
        if (s.score() == null || s.maxScore() == null || !(s.maxScore() > 0) || !Double.isFinite(s.maxScore())) {
            // A graded submission always has a positive maximum; should one not, it cannot count yet.
            return new ItemState.Pending("awaiting grading");
        }
        double score = Math.max(0, Math.min(s.maxScore(), s.score()));
        return new ItemState.Graded(score, s.maxScore());
    }
}
