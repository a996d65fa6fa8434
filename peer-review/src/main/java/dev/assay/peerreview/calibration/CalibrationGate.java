package dev.assay.peerreview.calibration;

import java.util.List;

/**
 * Whether a learner may review, from their calibration attempts so far.
 *
 * <p>A learner who exhausted their attempts is released rather than locked out: they have seen staff's scores and
 * the per-criterion feedback every time, a permanent lock would cost the course their reviews (and them their
 * review requirement), and the aggregation already discounts them through their calibration error (see
 * {@link CalibrationEvidence}).
 */
public sealed interface CalibrationGate {

    record Passed(int attempts) implements CalibrationGate {
    }

    /** May review despite failing every attempt; reviews count, weighted by what calibration revealed. */
    record Exhausted(int attempts) implements CalibrationGate {
    }

    /** Must (still) pass calibration; {@code remaining} attempts left. */
    record Required(int attempts, int remaining) implements CalibrationGate {
    }

    default boolean mayReview() {
        return !(this instanceof Required);
    }

    static CalibrationGate of(CalibrationPolicy policy, List<CalibrationAttempt> attempts) {
        if (attempts.stream().anyMatch(CalibrationAttempt::passed)) {
            return new Passed(attempts.size());
        }
        if (attempts.size() >= policy.maxAttempts()) {
            return new Exhausted(attempts.size());
        }
        return new Required(attempts.size(), policy.maxAttempts() - attempts.size());
    }
}
