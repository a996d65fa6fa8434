package dev.assay.engine.outcomes;

/**
 * How much late work loses under {@link LateSubmissions#PENALIZE}: {@code percentPerDay} of the score for each day
 * begun after the deadline, at most {@code maxPercent} in all. Work 1 minute late loses one day's percentage, work
 * 25 hours late two days'. The store applies it where it picks the score that counts ({@code LateWork}).
 */
public record LatePenalty(double percentPerDay, double maxPercent) {

    public LatePenalty {
        if (!(percentPerDay > 0 && percentPerDay <= 100) || !(maxPercent > 0 && maxPercent <= 100)) {
            throw new IllegalArgumentException("a late penalty is a percentage above 0 and at most 100");
        }
    }
}
