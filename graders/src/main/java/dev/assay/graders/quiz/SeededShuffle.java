package dev.assay.graders.quiz;

import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;

/**
 * Fisher-Yates over a SplitMix64 stream. Written out rather than using {@link java.util.Random} so that a
 * learner's variant is defined by this code alone and can never change with a JDK upgrade.
 * The salt (a question id) makes each question's order independent of the others.
 */
final class SeededShuffle {

    /** Draws {@link #shuffleAvoiding} makes before falling back to a rotation; reached about never. */
    static final int MAX_DRAWS = 64;

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

    /**
     * Shuffles {@code list}, drawing again while the order would give the answer away. Drawing again (rather than
     * nudging the unlucky order) keeps every acceptable order equally likely, and an order that was acceptable on
     * the first draw, which is nearly every learner's, is the one it always was. Callers make sure that an order
     * gives the answer away only rarely and that rotating by one never does, so the fallback after
     * {@link #MAX_DRAWS} unlucky draws (about never: each is at most a 1 in 2 chance) still ends acceptable.
     */
    <T> void shuffleAvoiding(List<T> list, Predicate<List<T>> givesAway) {
        shuffle(list);
        for (int draw = 1; draw < MAX_DRAWS && givesAway.test(list); draw++) {
            shuffle(list);
        }
        if (givesAway.test(list)) {
            Collections.rotate(list, 1);
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
