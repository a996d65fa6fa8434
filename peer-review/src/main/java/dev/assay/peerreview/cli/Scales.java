package dev.assay.peerreview.cli;

import dev.assay.peerreview.aggregation.ScoreRange;

/** Parses {@code --scale MIN:MAX}. */
final class Scales {

    private Scales() {
    }

    static ScoreRange parse(String text) throws UsageException {
        String[] parts = text.split(":", -1);
        try {
            if (parts.length == 2) {
                return new ScoreRange(Double.parseDouble(parts[0].strip()), Double.parseDouble(parts[1].strip()));
            }
        } catch (IllegalArgumentException e) {
            // fall through to the usage message
        }
        throw new UsageException("--scale must be MIN:MAX with MIN < MAX, e.g. 0:100; got '" + text + "'");
    }
}
