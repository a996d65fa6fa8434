package dev.assay.peerreview.simulation;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Random peer assignment as platforms do it: every submission gets the same number of reviews, the reviewing
 * learners share the work as evenly as possible, nobody reviews their own submission or the same one twice.
 *
 * <p>Drawing reviewers uniformly from a pool of review "slots" gives a random bipartite graph, which is what real
 * assignment queues produce and what the models are meant for; a fixed pattern such as "review the next five
 * learners" would create many short cycles and make biases harder to separate than they are in practice.
 */
final class ReviewAssignment {

    private static final int ATTEMPTS = 64;

    private ReviewAssignment() {
    }

    /**
     * @param learners        number of learners, who are also the submissions' authors (submission i by learner i)
     * @param activeReviewers learners who review
     * @param perSubmission   reviews per submission
     * @return for each submission, the learners who review it
     */
    static int[][] assign(SplittableRandom rng, int learners, int[] activeReviewers, int perSubmission) {
        // One more reviewer than reviews per submission, so that every submission has enough reviewers besides its
        // author (and the fallback below always finds one).
        if (activeReviewers.length <= perSubmission) {
            throw new IllegalArgumentException("not enough reviewers (" + activeReviewers.length + ") for "
                    + perSubmission + " reviews per submission");
        }
        int k = perSubmission;
        long total = (long) learners * k;
        int[] pool = new int[(int) total];
        int fill = 0;
        // Spread the slots evenly: each active reviewer gets floor or ceil of total/active, the extras at random.
        int[] order = activeReviewers.clone();
        shuffle(rng, order);
        for (int i = 0; i < total; i++) {
            pool[fill++] = order[i % order.length];
        }
        int remaining = pool.length;
        int[][] result = new int[learners][k];
        int[] submissionOrder = new int[learners];
        Arrays.setAll(submissionOrder, i -> i);
        shuffle(rng, submissionOrder);
        for (int u : submissionOrder) {
            for (int j = 0; j < k; j++) {
                int chosen = -1;
                for (int attempt = 0; attempt < ATTEMPTS && remaining > 0; attempt++) {
                    int slot = rng.nextInt(remaining);
                    if (acceptable(pool[slot], u, result[u], j)) {
                        chosen = pool[slot];
                        pool[slot] = pool[--remaining];
                        break;
                    }
                }
                if (chosen < 0) {
                    // The few slots left all clash with this submission (end of the queue): take an extra reviewer.
                    do {
                        chosen = activeReviewers[rng.nextInt(activeReviewers.length)];
                    } while (!acceptable(chosen, u, result[u], j));
                }
                result[u][j] = chosen;
            }
        }
        return result;
    }

    private static boolean acceptable(int reviewer, int submission, int[] already, int count) {
        if (reviewer == submission) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (already[i] == reviewer) {
                return false;
            }
        }
        return true;
    }

    static void shuffle(SplittableRandom rng, int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
