package dev.assay.peerreview.simulation;

import dev.assay.peerreview.aggregation.ScoreRange;
import java.util.Objects;

/**
 * Parameters of a simulated course: who submits, who reviews and how reviewers err.
 *
 * @param name        preset name ({@code --preset})
 * @param description one line for {@code --help}
 * @param learners    number of learners; each submits once
 * @param reviews     peer reviews per submission
 * @param scale       the assessment's scale; true scores and peer scores are clamped to it
 * @param step        peer scores are rounded to multiples of this (1 for whole points, 0 for no rounding)
 * @param scoreMean   mean of true scores
 * @param scoreSd     standard deviation of true scores
 * @param reviewers   how reviewers behave
 * @param calibration staff-scored calibration items
 */
public record CoursePreset(String name, String description, int learners, int reviews, ScoreRange scale, double step,
                           double scoreMean, double scoreSd, Reviewers reviewers, Calibration calibration) {

    /**
     * @param biasSd          standard deviation of reviewer bias (points added to every score they give)
     * @param noiseSd         median over reviewers of the standard deviation of their noise
     * @param noiseSpread     log-scale standard deviation of noiseSd across reviewers (0: all equally noisy)
     * @param abilityLink     how much a reviewer's own true score lowers their noise: noise is multiplied by
     *                        exp(−abilityLink · z) with z their standardised own score (0: no link)
     * @param lazyShare       share of reviewers who score without reading: course mean + their bias + small noise
     * @param lazySd          spread of a lazy reviewer's scores
     * @param nonReviewerShare share of learners who submit but never review
     */
    public record Reviewers(double biasSd, double noiseSd, double noiseSpread, double abilityLink, double lazyShare,
                            double lazySd, double nonReviewerShare) {

        public Reviewers {
            requireNonNegative(biasSd, "biasSd");
            requireNonNegative(noiseSd, "noiseSd");
            requireNonNegative(noiseSpread, "noiseSpread");
            requireShare(lazyShare, "lazyShare");
            requireNonNegative(lazySd, "lazySd");
            requireShare(nonReviewerShare, "nonReviewerShare");
            if (nonReviewerShare >= 1) {
                throw new IllegalArgumentException("someone has to review: nonReviewerShare must be below 1");
            }
        }
    }

    /**
     * @param items       number of staff-scored calibration submissions
     * @param perReviewer how many of them each reviewing learner also scores
     */
    public record Calibration(int items, int perReviewer) {

        public static final Calibration NONE = new Calibration(0, 0);

        public Calibration {
            if (items < 0 || perReviewer < 0 || perReviewer > items) {
                throw new IllegalArgumentException("calibration needs 0 <= perReviewer <= items");
            }
        }
    }

    public CoursePreset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(reviewers, "reviewers");
        Objects.requireNonNull(calibration, "calibration");
        if (learners < 2) {
            throw new IllegalArgumentException("a course needs at least two learners");
        }
        if (reviews < 1) {
            throw new IllegalArgumentException("reviews per submission must be at least 1");
        }
        requireNonNegative(step, "step");
        requireNonNegative(scoreSd, "scoreSd");
    }

    /** The same course with a different number of learners (for scaling runs). */
    public CoursePreset withLearners(int count) {
        return new CoursePreset(name, description, count, reviews, scale, step, scoreMean, scoreSd, reviewers,
                calibration);
    }

    private static void requireNonNegative(double value, String what) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(what + " must be a finite non-negative number");
        }
    }

    private static void requireShare(double value, String what) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(what + " must be between 0 and 1");
        }
    }
}
