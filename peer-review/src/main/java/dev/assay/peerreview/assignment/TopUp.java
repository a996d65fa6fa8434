package dev.assay.peerreview.assignment;

import dev.assay.peerreview.aggregation.Aggregation;
import dev.assay.peerreview.aggregation.ReviewerEstimate;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Adaptive top-up for lazy reviewers: a review by a reviewer that {@code pg3-lazy} believes scored without reading
 * does not count toward k, so the submission is handed out again and gets a review that carries information. The
 * lazy reviews stay in the aggregation (the model discounts them itself); only the count changes.
 */
public final class TopUp {

    /** Lazy probability above which a reviewer's reviews stop counting toward k. */
    public static final double LAZY_THRESHOLD = 0.5;

    private TopUp() {
    }

    public static Set<String> flaggedLazy(Aggregation aggregation, double threshold) {
        return aggregation.reviewers().values().stream().filter(r -> r.lazyProbability() > threshold)
                .map(ReviewerEstimate::reviewer).collect(Collectors.toUnmodifiableSet());
    }

    /** Reviews that count toward k among those by {@code reviewers}. */
    public static int counted(Collection<String> reviewers, Set<String> flagged) {
        return (int) reviewers.stream().filter(r -> !flagged.contains(r)).count();
    }
}
