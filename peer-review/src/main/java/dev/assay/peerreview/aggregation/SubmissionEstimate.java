package dev.assay.peerreview.aggregation;

/**
 * The aggregated grade of one submission.
 *
 * @param score     point estimate (posterior mean for the Bayesian models)
 * @param ciLow     lower end of the 90% interval
 * @param ciHigh    upper end of the 90% interval
 * @param reviews   number of peer reviews the estimate rests on
 * @param anchored  true when staff gave this submission a score, which then is the grade (interval of width zero)
 */
public record SubmissionEstimate(String submission, double score, double ciLow, double ciHigh, int reviews,
                                 boolean anchored) {

    public SubmissionEstimate {
        if (!(ciLow <= score && score <= ciHigh)) {
            throw new IllegalArgumentException(
                    "interval [" + ciLow + ", " + ciHigh + "] does not contain the score " + score + " of " + submission);
        }
    }

    /** Width of the 90% interval. */
    public double width() {
        return ciHigh - ciLow;
    }

    public boolean covers(double value) {
        return ciLow <= value && value <= ciHigh;
    }
}
