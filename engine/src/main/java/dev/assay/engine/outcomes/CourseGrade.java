package dev.assay.engine.outcomes;

import java.util.List;

/**
 * A learner's course grade with its breakdown.
 *
 * @param outcome         {@link Outcome#PENDING} until the grade is {@link #complete()}: what certification sees
 * @param projection      where the outcome is heading: {@code PASSED} or {@code FAILED} as soon as no grade still to
 *                        come can change it, else {@code PENDING}; equal to {@code outcome} once complete
 * @param band            the grade band of a pass, once it is decided; {@code null} when not passed, when the
 *                        policy has no bands, when the total is below the first band, or while grades still to
 *                        come could move the learner to another band
 * @param total           course total (0–100) from the grades known now, every item still to come counted as 0;
 *                        when {@link #complete()} it is the final total
 * @param maximum         course total (0–100) if every item still to come got full marks ({@code >= total})
 * @param complete        nothing the policy counts is still to come (every item graded or past its deadline, and
 *                        the peer-review requirement met or its window closed): the grade is final
 * @param categories      per-category breakdown, in policy order
 * @param mustPass        per must-pass item, in policy order
 * @param reviewsGiven    peer reviews the learner has given
 * @param reviewsRequired peer reviews the policy requires
 * @param reasons         why the outcome is what it is (failing reasons for {@code FAILED}, what is awaited for
 *                        {@code PENDING}, what is awaited for the band for {@code PASSED})
 */
public record CourseGrade(Outcome outcome, Outcome projection, String band, double total, double maximum, boolean complete,
                          List<CategoryGrade> categories, List<MustPassResult> mustPass,
                          int reviewsGiven, int reviewsRequired, List<Reason> reasons) {

    /**
     * @param percent      category score (0–100) with items still to come as 0
     * @param maxPercent   category score (0–100) with items still to come at full marks
     * @param contribution {@code weight * percent / 100}: points of the course total
     * @param counted      items that count, in policy order
     * @param dropped      items dropped as the lowest (never an item still to come), in policy order
     * @param pending      items still to come (pending, or missing before the deadline), in policy order
     */
    public record CategoryGrade(String id, double weight, double percent, double maxPercent, double contribution,
                                List<ItemScore> counted, List<ItemScore> dropped, List<PendingItem> pending) {
    }

    /**
     * @param fraction score as a fraction of the item's maximum (0 for a missed item)
     * @param missed   not submitted and past the deadline (counts as 0)
     */
    public record ItemScore(String assessment, double fraction, boolean missed) {
    }

    /** An item with no final grade yet, and why (e.g. "awaiting peer review"). */
    public record PendingItem(String assessment, String reason) {
    }

    /**
     * @param fraction the item's score as a fraction of its maximum, or {@code null} if not graded
     */
    public record MustPassResult(String assessment, double passFraction, Status status, Double fraction) {
        public enum Status { PASSED, FAILED, PENDING }
    }
}
