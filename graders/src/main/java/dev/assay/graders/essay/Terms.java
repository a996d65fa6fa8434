package dev.assay.graders.essay;

import java.util.Arrays;

/**
 * Which tokens are content terms, and hashed word n-grams of a text (bigrams for word order, 5-gram shingles for
 * copying and near-duplicates). Shared by the prompt profile, the order model, the anchors and the duplicate index.
 */
final class Terms {

    static final int SHINGLE = 5;

    private Terms() {
    }

    static boolean isContent(EssayText t, int i) {
        String w = t.words[i];
        return !t.numeric[i] && w.length() >= 2 && !Lexicon.isFunctionWord(w) && !hasDigit(w);
    }

    static boolean hasDigit(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (Character.isDigit(w.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    static long[] bigramHashes(EssayText t) {
        int n = t.words.length;
        long[] out = new long[Math.max(0, n - 1)];
        long prev = n > 0 ? Hashing.hash(t.words[0], 7) : 0;
        for (int i = 1; i < n; i++) {
            long h = Hashing.hash(t.words[i], 7);
            out[i - 1] = Hashing.combine(prev, h);
            prev = h;
        }
        return out;
    }

    /** Hashes of the word 5-grams, in text order. */
    static long[] shingles(EssayText t) {
        int n = t.words.length;
        if (n < SHINGLE) {
            return new long[0];
        }
        long[] wordHashes = new long[n];
        for (int i = 0; i < n; i++) {
            wordHashes[i] = Hashing.hash(t.words[i], 11);
        }
        long[] out = new long[n - SHINGLE + 1];
        for (int i = 0; i + SHINGLE <= n; i++) {
            long h = wordHashes[i];
            for (int k = 1; k < SHINGLE; k++) {
                h = Hashing.combine(h, wordHashes[i + k]);
            }
            out[i] = h;
        }
        return out;
    }

    static long[] distinct(long[] values) {
        long[] s = values.clone();
        Arrays.sort(s);
        int m = 0;
        for (int i = 0; i < s.length; i++) {
            if (m == 0 || s[m - 1] != s[i]) {
                s[m++] = s[i];
            }
        }
        return Arrays.copyOf(s, m);
    }

    /** How many values two sorted arrays of distinct values have in common. */
    static int shared(long[] a, long[] b) {
        int shared = 0;
        for (int i = 0, j = 0; i < a.length && j < b.length; ) {
            if (a[i] == b[j]) {
                shared++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return shared;
    }
}
