package dev.assay.graders.essay;

import java.util.Arrays;

/**
 * Hashed bag of n-grams of an essay: word unigrams, word bigrams and character 3-5-grams, each block with
 * sublinear term frequency times inverse document frequency, L2-normalised and weighted. Indices are in
 * {@code [0, DIMENSION)}; each block has its own index range.
 */
final class NgramVectorizer {

    static final int DIMENSION = 1 << 18;
    private static final int UNIGRAM_BASE = 0;
    private static final int UNIGRAM_SIZE = 1 << 16;
    private static final int BIGRAM_BASE = 1 << 16;
    private static final int BIGRAM_SIZE = 1 << 16;
    private static final int CHAR_BASE = 1 << 17;
    private static final int CHAR_SIZE = 1 << 17;
    private static final int MIN_CHAR_N = 3;
    private static final int MAX_CHAR_N = 5;

    private NgramVectorizer() {
    }

    /** The distinct hashed indices of the essay (for document frequencies). */
    static int[] distinctIndices(EssayText text, boolean withChars) {
        int[][] blocks = rawBlocks(text, withChars);
        int total = 0;
        for (int[] b : blocks) {
            total += b.length;
        }
        int[] all = new int[total];
        int at = 0;
        for (int[] b : blocks) {
            System.arraycopy(b, 0, all, at, b.length);
            at += b.length;
        }
        Arrays.sort(all);
        int m = 0;
        for (int i = 0; i < all.length; i++) {
            if (m == 0 || all[m - 1] != all[i]) {
                all[m++] = all[i];
            }
        }
        return Arrays.copyOf(all, m);
    }

    /** The weighted vector; {@code idf} has one entry per index (0 for never-seen indices drops them). */
    static SparseVector vector(EssayText text, float[] idf, float[] blockWeights) {
        int[][] blocks = rawBlocks(text, blockWeights[2] != 0);
        int total = 0;
        for (int[] b : blocks) {
            total += b.length;
        }
        int[] outIdx = new int[total];
        float[] outVal = new float[total];
        int m = 0;
        for (int b = 0; b < blocks.length; b++) {
            int[] raw = blocks[b];
            if (blockWeights[b] == 0) {
                continue;
            }
            Arrays.sort(raw);
            int start = m;
            double normSq = 0;
            int i = 0;
            while (i < raw.length) {
                int j = i;
                while (j < raw.length && raw[j] == raw[i]) {
                    j++;
                }
                float w = idf[raw[i]];
                if (w > 0) {
                    float v = (float) ((1 + Math.log(j - i)) * w);
                    outIdx[m] = raw[i];
                    outVal[m] = v;
                    normSq += (double) v * v;
                    m++;
                }
                i = j;
            }
            if (normSq > 0) {
                float scale = (float) (blockWeights[b] / Math.sqrt(normSq));
                for (int k = start; k < m; k++) {
                    outVal[k] *= scale;
                }
            }
        }
        // Blocks have increasing, disjoint index ranges, so the concatenation is sorted.
        return new SparseVector(Arrays.copyOf(outIdx, m), Arrays.copyOf(outVal, m));
    }

    static final int BLOCKS = 3;

    private static int[][] rawBlocks(EssayText text, boolean withChars) {
        String[] words = text.words;
        int n = words.length;
        int[] uni = new int[n];
        long[] wordHashes = new long[n];
        for (int i = 0; i < n; i++) {
            long h = Hashing.hash(words[i], 0x5157);
            wordHashes[i] = h;
            uni[i] = UNIGRAM_BASE + (int) (h & (UNIGRAM_SIZE - 1));
        }
        int[] bi = new int[Math.max(0, n - 1)];
        for (int i = 0; i + 1 < n; i++) {
            bi[i] = BIGRAM_BASE + (int) (Hashing.combine(wordHashes[i], wordHashes[i + 1]) & (BIGRAM_SIZE - 1));
        }
        return new int[][] {uni, bi, withChars ? charGrams(text.text) : new int[0]};
    }

    private static int[] charGrams(String raw) {
        char[] norm = new char[raw.length() + 2];
        int len = 0;
        norm[len++] = ' ';
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                norm[len++] = Character.toLowerCase(c);
            } else if (norm[len - 1] != ' ') {
                norm[len++] = ' ';
            }
        }
        if (norm[len - 1] != ' ') {
            norm[len++] = ' ';
        }
        int count = 0;
        for (int nGram = MIN_CHAR_N; nGram <= MAX_CHAR_N; nGram++) {
            count += Math.max(0, len - nGram + 1);
        }
        int[] out = new int[count];
        int m = 0;
        for (int i = 0; i < len; i++) {
            long h = 0x9E3779B97F4A7C15L;
            for (int k = 0; k < MAX_CHAR_N && i + k < len; k++) {
                h = (h ^ norm[i + k]) * 0x100000001B3L;
                if (k + 1 >= MIN_CHAR_N) {
                    out[m++] = CHAR_BASE + (int) (Hashing.mix(h + k) & (CHAR_SIZE - 1));
                }
            }
        }
        return m == out.length ? out : Arrays.copyOf(out, m);
    }
}
