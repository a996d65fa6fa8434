package dev.assay.peerreview.assignment;

import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * Which submission a reviewer gets next.
 *
 * <p>Never their own or a team-mate's, never one they reviewed or hold already. Among the rest, the fewest reviews
 * done or leased first (so every submission reaches k before any gets more), then the oldest (early submitters
 * get their grades first, and nothing starves), then the id (deterministic). When every eligible submission is at
 * k already, a submission below {@code k + extra} is handed out anyway: active reviewers must be able to meet
 * their own requirement even when the pool is short, and the extra reviews narrow the interval of what they review.
 * But a reviewer who has given (or holds) the reviews required takes more only out of spare room
 * ({@link #mayTake}): the room each submission has up to k + extra is kept first for learners still short.
 *
 * @param k     reviews each submission needs
 * @param extra reviews a submission may get beyond k when the pool is short (0: never)
 */
public record AssignmentPolicy(int k, int extra) {

    private static final Comparator<Candidate> ORDER = Comparator.comparingInt(Candidate::load)
            .thenComparing(Candidate::submittedAt)
            .thenComparing(Candidate::submission);

    public AssignmentPolicy {
        if (k < 1 || extra < 0) {
            throw new IllegalArgumentException("k must be at least 1 and extra at least 0");
        }
    }

    public boolean eligible(Candidate c, ReviewerInfo reviewer) {
        if (c.author().equals(reviewer.id()) || c.reviewers().contains(reviewer.id())) {
            return false;
        }
        return reviewer.team() == null || !Objects.equals(reviewer.team(), c.team());
    }

    /** The next submission for {@code reviewer}, or empty when nothing eligible is below k + extra. */
    public Optional<Pick> next(Collection<Candidate> open, ReviewerInfo reviewer) {
        Candidate best = null;
        for (Candidate c : open) {
            if (c.load() < k + extra && eligible(c, reviewer) && (best == null || ORDER.compare(c, best) < 0)) {
                best = c;
            }
        }
        return best == null ? Optional.empty() : Optional.of(new Pick(best, best.load() >= k));
    }

    /**
     * Whether a reviewer who has given or holds {@code given} reviews may take another. Short of {@code required}
     * always; past it only while the open submissions' room up to k + extra is more than the other learners with
     * counted work still owe ({@code owedByOthers}, the sum of {@link #owed}) plus, while anyone owes, one
     * submission's room (k + extra). Otherwise eager reviewers use up the room and learners asking later find
     * nothing to give the reviews their grade needs. The one submission's room is kept because a learner cannot use
     * the room on their own work: with the room exactly what is owed, the last learner short was often left with
     * only their own submission open (in simulated courses of 8 to 60 learners with eager reviewers asking first,
     * about one run in six).
     */
    public boolean mayTake(int given, int required, Collection<Candidate> open, long owedByOthers) {
        if (given < required) {
            return true;
        }
        return room(open) - owedByOthers > (owedByOthers > 0 ? k + extra : 0);
    }

    /** Reviews the open submissions can still take: each one's room up to k + extra. */
    public long room(Collection<Candidate> open) {
        long room = 0;
        for (Candidate c : open) {
            room += Math.max(0, k + extra - c.load());
        }
        return room;
    }

    /**
     * Reviews a learner who has given or holds {@code given} still owes, as far as {@code usable} (the room on
     * work other than their own) can take them: room only their own work has left cannot be kept for them, and
     * keeping it would leave that work short of k with nobody gaining.
     */
    public static long owed(int given, int required, long usable) {
        return Math.max(0, Math.min(required - given, usable));
    }

    /** Whether a submission has its k counted reviews. */
    public boolean complete(Candidate c) {
        return c.counted() >= k;
    }
}
