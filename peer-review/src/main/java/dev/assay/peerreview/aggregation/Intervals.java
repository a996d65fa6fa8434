package dev.assay.peerreview.aggregation;

/** Constants and small helpers for the 90% intervals every model reports. */
final class Intervals {

    /** Standard normal quantile at 0.95: a central 90% interval is estimate ± Z90 · sd. */
    static final double Z90 = 1.6448536269514722;

    private Intervals() {
    }
}
