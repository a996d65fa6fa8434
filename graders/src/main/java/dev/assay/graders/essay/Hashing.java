package dev.assay.graders.essay;

/** Stable 64-bit hashing (the same on every JDK and machine, so stored models and signatures stay valid). */
final class Hashing {

    private Hashing() {
    }

    /** SplitMix64's finaliser: a bijective mix of 64 bits. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    static long hash(CharSequence s, long seed) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001B3L;
        }
        return mix(h ^ s.length());
    }

    static long hash(CharSequence s, int from, int to, long seed) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (int i = from; i < to; i++) {
            h = (h ^ s.charAt(i)) * 0x100000001B3L;
        }
        return mix(h ^ (to - from));
    }

    static long combine(long a, long b) {
        return mix(a * 31 + b + 0x632BE59BD9B4E019L);
    }
}
