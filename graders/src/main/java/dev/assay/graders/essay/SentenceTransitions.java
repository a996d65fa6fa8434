package dev.assay.graders.essay;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How likely one sentence is to follow another directly, learnt per prompt from the exemplars: the order in which
 * sentences open ("One reason" then "For example" then "This shows", "She" after a sentence about her) and whether
 * the second picks up the first's words. The order model's other features mostly judge where a sentence stands in
 * the essay (opening, closing, early or late words); these judge the step from each sentence to the next, which is
 * what tells a written middle from a shuffled one. Features of a pair: the two openings (first word, first two
 * words), the second's opening with how many content words the two share, the second's opening with the kinds of
 * person the first mentions, and the second's opening with each of (up to 12 of) the first's content words.
 * <p>
 * Each ordered pair of sentences of an exemplar is counted: as adjacent when the second directly follows the first,
 * else as other. A pair's score sums, over its hashed features, the log of how much more often pairs with that
 * feature are adjacent than pairs in general (smoothed towards "no information" for rare features).
 */
final class SentenceTransitions {

    static final int BUCKETS = 1 << 15;
    /** Pseudo-count that pulls rare features towards the prior share of adjacent pairs. */
    private static final double SMOOTHING = 8;
    /** Content words of the first sentence paired with the second's opening, at most this many per sentence. */
    private static final int MAX_WORDS = 12;

    /** Which kinds of person a sentence mentions: a man (1), a woman (2), several people (4), the writer (8). */
    private static final Map<String, Integer> PERSONS = Map.ofEntries(
            Map.entry("he", 1), Map.entry("him", 1), Map.entry("his", 1), Map.entry("himself", 1),
            Map.entry("she", 2), Map.entry("her", 2), Map.entry("hers", 2), Map.entry("herself", 2),
            Map.entry("they", 4), Map.entry("them", 4), Map.entry("their", 4), Map.entry("themselves", 4),
            Map.entry("i", 8), Map.entry("me", 8), Map.entry("my", 8), Map.entry("we", 8), Map.entry("us", 8),
            Map.entry("our", 8));

    /** Per feature bucket: pairs seen adjacent, pairs seen otherwise. */
    final float[] adjacent;
    final float[] other;
    private final double prior;
    /** Log-odds of each bucket with every exemplar counted (for new essays). */
    private final float[] logOdds;

    SentenceTransitions(float[] adjacent, float[] other) {
        this.adjacent = adjacent;
        this.other = other;
        double a = 0;
        double o = 0;
        for (int b = 0; b < BUCKETS; b++) {
            a += adjacent[b];
            o += other[b];
        }
        this.prior = a + o == 0 ? 0.5 : a / (a + o);
        this.logOdds = new float[BUCKETS];
        for (int b = 0; b < BUCKETS; b++) {
            logOdds[b] = (float) logOdds(adjacent[b], other[b]);
        }
    }

    /** Log of how much likelier than in general a pair with the feature is adjacent, smoothed towards 0. */
    private double logOdds(double adj, double oth) {
        return Math.log((adj + SMOOTHING * prior) / (adj + oth + SMOOTHING)) - Math.log(prior);
    }

    static SentenceTransitions train(List<EssayText> texts, int minSentences) {
        float[] adjacent = new float[BUCKETS];
        float[] other = new float[BUCKETS];
        for (EssayText t : texts) {
            int s = OrderModel.sentences(t);
            if (s >= minSentences) {
                count(pairFeatures(t, s), s, adjacent, other);
            }
        }
        return new SentenceTransitions(adjacent, other);
    }

    private static void count(int[][] features, int s, float[] adjacent, float[] other) {
        for (int a = 0; a < s; a++) {
            for (int b = 0; b < s; b++) {
                if (a != b) {
                    float[] into = b == a + 1 ? adjacent : other;
                    for (int f : features[a * s + b]) {
                        into[f]++;
                    }
                }
            }
        }
    }

    /**
     * Score of sentence b directly following sentence a, for every ordered pair of the first {@code s} sentences
     * (positive: more likely than chance). For an exemplar the counts of its own pairs are left out, so that its
     * scores look like those of a new essay.
     */
    double[][] scores(EssayText t, int s, boolean exemplar) {
        int[][] features = pairFeatures(t, s);
        Map<Integer, float[]> own = new HashMap<>();
        if (exemplar) {
            for (int a = 0; a < s; a++) {
                for (int b = 0; b < s; b++) {
                    if (a != b) {
                        int kind = b == a + 1 ? 0 : 1;
                        for (int f : features[a * s + b]) {
                            own.computeIfAbsent(f, k -> new float[2])[kind]++;
                        }
                    }
                }
            }
        }
        double[][] out = new double[s][s];
        for (int a = 0; a < s; a++) {
            for (int b = 0; b < s; b++) {
                if (a == b) {
                    continue;
                }
                double score = 0;
                for (int f : features[a * s + b]) {
                    float[] mine = exemplar ? own.get(f) : null;
                    score += mine == null ? logOdds[f] : logOdds(adjacent[f] - mine[0], other[f] - mine[1]);
                }
                out[a][b] = score;
            }
        }
        return out;
    }

    /** Hashed features of every ordered pair (a, b), at index a * s + b. */
    static int[][] pairFeatures(EssayText t, int s) {
        long[] first = new long[s];
        long[] firstTwo = new long[s];
        long[][] content = new long[s][];
        int[] persons = new int[s];
        for (int i = 0; i < s; i++) {
            int from = t.sentenceStarts[i];
            int to = t.sentenceStarts[i + 1];
            first[i] = to > from ? Hashing.hash(t.words[from], 17) : 0;
            firstTwo[i] = to - from > 1 ? Hashing.combine(first[i], Hashing.hash(t.words[from + 1], 17)) : first[i];
            long[] words = new long[to - from];
            int m = 0;
            for (int k = from; k < to; k++) {
                if (Terms.isContent(t, k)) {
                    words[m++] = Hashing.hash(t.stems[k], 19);
                }
            }
            content[i] = Terms.distinct(Arrays.copyOf(words, m));
            int mask = 0;
            for (int k = from; k < to; k++) {
                mask |= PERSONS.getOrDefault(t.words[k], 0);
            }
            persons[i] = mask;
        }
        int[][] out = new int[s * s][];
        for (int a = 0; a < s; a++) {
            for (int b = 0; b < s; b++) {
                if (a == b) {
                    continue;
                }
                int shared = shared(content[a], content[b]);
                long link = shared == 0 ? 0 : shared == 1 ? 1 : 2;
                int words = Math.min(MAX_WORDS, content[a].length);
                int[] f = new int[6 + words];
                f[0] = bucket(1, first[a], first[b]);
                f[1] = bucket(2, firstTwo[a], first[b]);
                f[2] = bucket(3, first[a], firstTwo[b]);
                f[3] = bucket(4, first[b], link);
                f[4] = bucket(5, firstTwo[b], link);
                // "She" after a sentence about a woman, "They" after one about several people.
                f[5] = bucket(7, first[b], persons[a]);
                for (int k = 0; k < words; k++) {
                    f[6 + k] = bucket(6, content[a][k], first[b]);
                }
                out[a * s + b] = f;
            }
        }
        return out;
    }

    private static int bucket(long kind, long x, long y) {
        return (int) (Hashing.combine(Hashing.combine(kind, x), y) & (BUCKETS - 1));
    }

    private static int shared(long[] a, long[] b) {
        int i = 0;
        int j = 0;
        int n = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                n++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return n;
    }
}
