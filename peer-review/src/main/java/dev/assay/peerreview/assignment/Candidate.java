package dev.assay.peerreview.assignment;

import java.time.Instant;
import java.util.Set;

/**
 * An open submission as the assignment policy sees it.
 *
 * @param team      the author's team, or null when they worked alone
 * @param counted   completed reviews that count toward k (reviews by reviewers flagged lazy do not, see {@link TopUp})
 * @param leased    reviews handed out and not yet completed, abandoned or expired
 * @param reviewers everyone who reviewed it or holds a lease on it (counted or not)
 */
public record Candidate(String submission, String author, String team, Instant submittedAt, int counted, int leased,
                        Set<String> reviewers) {

    public Candidate {
        reviewers = Set.copyOf(reviewers);
    }

    /** Reviews done or under way: what "fewest reviews first" orders by, so two reviewers arriving together spread. */
    public int load() {
        return counted + leased;
    }
}
