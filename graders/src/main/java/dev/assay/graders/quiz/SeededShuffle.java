package dev.assay.graders.quiz;

import java.util.Collections;
import java.util.List;

/**
 * Fisher-Yates over a SplitMix64 stream. Written out rather than using {@link java.util.Random} so that a
 * learner's variant is defined by this code alone and can never change with a JDK upgrade.
 * The salt (a question id) makes each question's order independent of the others.
 */
final class SeededShuffle {

    private long state;

    SeededShuffle(long seed, String salt) {
        this.state = mix(seed ^ mix(salt == null ? 0 : salt.hashCode()));
    }

    <T> void shuffle(List<T> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = (int) Long.remainderUnsigned(next(), i + 1);
            Collections.swap(list, i, j);
        }
    }

    private long next() {
        state += 0x9E3779B97F4A7C15L;
        return mix(state);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
