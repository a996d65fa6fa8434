package dev.assay.peerreview.assignment;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Submissions peers will not finish in time: once the review deadline has passed by {@code grace}, any submission
 * still short of k counted reviews goes to staff, oldest first, so no learner waits forever for a grade.
 */
public record StaffQueue(Instant reviewDeadline, Duration grace) {

    public boolean open(Instant now) {
        return !now.isBefore(reviewDeadline.plus(grace));
    }

    public List<Candidate> due(Collection<Candidate> candidates, AssignmentPolicy policy, Instant now) {
        if (!open(now)) {
            return List.of();
        }
        return candidates.stream().filter(c -> !policy.complete(c))
                .sorted(Comparator.comparing(Candidate::submittedAt).thenComparing(Candidate::submission)).toList();
    }
}
