package dev.assay.peerreview.simulation;

/**
 * A course for the liveness simulation; times in hours, the submission deadline at 0.
 *
 * @param learners          learners, each submitting once
 * @param k                 reviews each submission needs
 * @param extra             reviews beyond k a submission may get when the pool is short
 * @param required          reviews each learner must give
 * @param nonReviewerShare  learners who submit and never review
 * @param bunchedShare      submissions in the last day, exponentially bunched towards the deadline (mean
 *                          {@code bunchMeanHours} before it); the rest spread over the week before
 * @param lateShare         submissions after the deadline (within a day); reviewed, but not on time
 * @param startDelayHours   mean delay between submitting and first asking for reviews (exponential)
 * @param abandonShare      share of leases a reviewer walks away from (they come back later)
 * @param leaseHours        how long a lease holds a submission before it expires
 * @param retryHours        how long a reviewer who got nothing waits before asking again
 * @param quitShare         reviewers who stop for good after their first abandoned lease
 */
public record LivenessScenario(int learners, int k, int extra, int required, double nonReviewerShare,
                               double bunchedShare, double bunchMeanHours, double lateShare, double startDelayHours,
                               double abandonShare, double leaseHours, double retryHours, double quitShare) {

    /** 3,000 learners, 35% never review, half submit in the last day, 10% of leases abandoned. */
    public static final LivenessScenario DEFAULT = new LivenessScenario(3000, 3, 1, 5, 0.35, 0.5, 6, 0.03, 10,
            0.10, 3, 6, 0.2);
}
