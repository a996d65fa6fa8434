package dev.assay.graders.essay;

import java.util.Arrays;
import java.util.Set;

/**
 * One essay's sentences prepared so that the order features of {@link OrderModel} can be computed for any order of
 * them in time linear in the number of sentences. Everything that does not depend on the order (each sentence's
 * resemblance to opening and closing sentences, where the exemplars put its words and its opening words, the
 * lexical overlap of every pair of sentences, discourse markers) is computed once; this is what makes it cheap to
 * compare an essay with many permutations of its own sentences.
 */
final class OrderEvidence {

    /** Only the first sentences are judged: the pair table grows with the square of this. */
    static final int MAX_SENTENCES = 50;

    private static final Set<String> CONNECTIVES = Set.of("however", "also", "but", "and", "so", "secondly",
            "second", "third", "thirdly", "another", "furthermore", "moreover", "finally", "lastly", "therefore",
            "then", "besides", "additionally", "plus", "thus", "hence", "consequently", "next", "afterwards",
            "overall", "still", "instead", "otherwise", "likewise", "similarly");
    private static final Set<String> ANAPHORS = Set.of("he", "she", "it", "they", "this", "that", "these", "those",
            "his", "her", "their", "its");
    private static final Set<String> ORDINAL_FIRST = Set.of("first", "firstly");
    private static final Set<String> ORDINAL_LATER = Set.of("second", "secondly", "third", "thirdly", "finally", "lastly");

    final int sentences;
    /** Feature 1 and 2 values of each sentence when it is put first / last. */
    final double[] asFirst;
    final double[] asLast;
    /** Lexical overlap (Jaccard of content stems) of every pair of sentences. */
    final double[][] overlap;
    final double pairMean;
    final double pairSd;
    /** Opens with a connective or an anaphor (it cannot open an essay). */
    final boolean[] dependent;
    final boolean[] greeting;
    final boolean[] closing;
    final boolean[] ordinalFirst;
    final boolean[] ordinalLater;
    /** Where the exemplars put sentences with these words, and sentences with this opening (0 = first, 1 = last). */
    final double[] wordPosition;
    final double[] openerPosition;
    /** Per noun introduced with "a"/"an" in one sentence: that sentence, then the sentences saying "the" noun. */
    final int[][] references;

    OrderEvidence(OrderModel m, EssayText t, boolean exemplar) {
        int s = Math.min(t.sentenceCount(), MAX_SENTENCES);
        sentences = s;
        asFirst = new double[s];
        asLast = new double[s];
        dependent = new boolean[s];
        greeting = new boolean[s];
        closing = new boolean[s];
        ordinalFirst = new boolean[s];
        ordinalLater = new boolean[s];
        SparseVector[] vectors = new SparseVector[s];
        long[][] sets = new long[s][];
        for (int i = 0; i < s; i++) {
            vectors[i] = OrderModel.sentenceVector(t, i);
            sets[i] = contentSet(t, i);
            boolean original = exemplar;
            // For an exemplar the sums include this sentence in its own role: leave it out there.
            asFirst[i] = m.firstCosine(vectors[i], original && i == 0)
                    - m.middleCosine(vectors[i], original && i > 0 && i < s - 1);
            asLast[i] = m.lastCosine(vectors[i], original && i == s - 1)
                    - m.middleCosine(vectors[i], original && i > 0 && i < s - 1);
            int from = t.sentenceStarts[i];
            int to = t.sentenceStarts[i + 1];
            String a = to > from ? t.words[from] : "";
            String b = to - from > 1 ? t.words[from + 1] : "";
            dependent[i] = CONNECTIVES.contains(a) || ANAPHORS.contains(a);
            greeting[i] = a.equals("dear");
            closing[i] = a.equals("sincerely") || (a.equals("thank") && b.equals("you"))
                    || (a.equals("in") && (b.equals("conclusion") || b.equals("summary")))
                    || (a.equals("to") && (b.equals("conclude") || b.equals("sum")));
            ordinalFirst[i] = ORDINAL_FIRST.contains(a);
            ordinalLater[i] = ORDINAL_LATER.contains(a);
        }
        overlap = new double[s][s];
        double all = 0;
        double allSq = 0;
        int pairs = 0;
        for (int a = 0; a < s; a++) {
            for (int b = a + 1; b < s; b++) {
                double j = jaccard(sets[a], sets[b]);
                overlap[a][b] = j;
                overlap[b][a] = j;
                all += j;
                allSq += j * j;
                pairs++;
            }
        }
        pairMean = pairs == 0 ? 0 : all / pairs;
        pairSd = pairs == 0 ? 0 : Math.sqrt(Math.max(0, allSq / pairs - pairMean * pairMean));
        wordPosition = m.wordPositions(t, vectors, exemplar);
        references = references(t, s);
        openerPosition = m.openerPositions(t, s, exemplar);
    }

    /** The order features (see {@link OrderModel}) of the sentences taken in {@code order}. */
    double[] features(int[] order) {
        int s = order.length;
        double[] f = new double[OrderModel.FEATURES];
        f[0] = 1;
        f[1] = asFirst[order[0]];
        f[2] = asLast[order[s - 1]];
        double adjacent = 0;
        for (int i = 0; i + 1 < s; i++) {
            adjacent += overlap[order[i]][order[i + 1]];
        }
        // Cohesion: content words shared by adjacent sentences, against any two sentences (a z-score).
        f[3] = Math.max(-4, Math.min(4, (adjacent / (s - 1) - pairMean) / (pairSd / Math.sqrt(s - 1) + 1e-3)));
        f[4] = dependent[order[0]] ? 1 : 0;
        int misplaced = 0;
        int lastFirstOrdinal = -1;
        int firstLaterOrdinal = Integer.MAX_VALUE;
        for (int i = 0; i < s; i++) {
            int o = order[i];
            if (greeting[o] && i > 0) {
                misplaced++;
            }
            if (closing[o] && i < s / 2) {
                misplaced++;
            }
            if (ordinalFirst[o]) {
                lastFirstOrdinal = Math.max(lastFirstOrdinal, i);
            }
            if (ordinalLater[o]) {
                firstLaterOrdinal = Math.min(firstLaterOrdinal, i);
            }
        }
        if (lastFirstOrdinal > firstLaterOrdinal) {
            misplaced++;
        }
        f[5] = Math.min(2, misplaced);
        f[6] = Math.log(s);
        f[7] = correlation(order, wordPosition);
        f[8] = correlation(order, openerPosition);
        // Dependent openings (connectives, pronouns) right after a sentence that shares no content with them.
        int dangling = 0;
        for (int i = 1; i < s; i++) {
            if (dependent[order[i]] && overlap[order[i - 1]][order[i]] == 0) {
                dangling++;
            }
        }
        f[9] = (double) dangling / (s - 1);
        // "The dog" before "a dog": a thing referred to as known before it is introduced.
        int[] position = new int[s];
        for (int i = 0; i < s; i++) {
            position[order[i]] = i;
        }
        int early = 0;
        for (int[] r : references) {
            for (int k = 1; k < r.length; k++) {
                if (position[r[k]] < position[r[0]]) {
                    early++;
                    break;
                }
            }
        }
        f[10] = references.length == 0 ? 0 : (double) early / references.length;
        // Cohesion fading with distance: sentences near each other share more than distant ones (topics in blocks).
        double near = 0;
        int nearPairs = 0;
        for (int i = 0; i + 2 < s; i++) {
            near += overlap[order[i]][order[i + 2]];
            nearPairs++;
        }
        f[11] = nearPairs == 0 ? 0 : Math.max(-4, Math.min(4,
                (near / nearPairs - pairMean) / (pairSd / Math.sqrt(nearPairs) + 1e-3)));
        return f;
    }

    /** Nouns (the word after "a" or "an") introduced in exactly one sentence and referred to with "the" in others. */
    private static int[][] references(EssayText t, int s) {
        java.util.Map<String, Integer> introduced = new java.util.HashMap<>();
        java.util.Map<String, java.util.TreeSet<Integer>> definite = new java.util.HashMap<>();
        for (int i = 0; i < s; i++) {
            for (int k = t.sentenceStarts[i]; k + 1 < t.sentenceStarts[i + 1]; k++) {
                String w = t.words[k];
                String next = t.words[k + 1];
                if (Lexicon.isFunctionWord(next)) {
                    continue;
                }
                if (w.equals("a") || w.equals("an")) {
                    Integer before = introduced.putIfAbsent(next, i);
                    if (before != null && before != i) {
                        introduced.put(next, -1);
                    }
                } else if (w.equals("the")) {
                    definite.computeIfAbsent(next, x -> new java.util.TreeSet<>()).add(i);
                }
            }
        }
        java.util.List<int[]> out = new java.util.ArrayList<>();
        introduced.forEach((noun, sentence) -> {
            java.util.TreeSet<Integer> refs = definite.get(noun);
            if (sentence >= 0 && refs != null) {
                refs.remove(sentence);
                if (!refs.isEmpty()) {
                    int[] r = new int[refs.size() + 1];
                    r[0] = sentence;
                    int k = 1;
                    for (int x : refs) {
                        r[k++] = x;
                    }
                    out.add(r);
                }
            }
        });
        out.sort(java.util.Comparator.comparingInt((int[] r) -> r[0]).thenComparingInt(r -> r[1]));
        return out.toArray(int[][]::new);
    }

    /** Pearson correlation between the position in {@code order} and the expected position of each sentence. */
    private static double correlation(int[] order, double[] expected) {
        int s = order.length;
        double mx = (s - 1) / 2.0;
        double my = 0;
        for (int o : order) {
            my += expected[o];
        }
        my /= s;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < s; i++) {
            double dy = expected[order[i]] - my;
            sxy += (i - mx) * dy;
            sxx += (i - mx) * (i - mx);
            syy += dy * dy;
        }
        return sxx == 0 || syy < 1e-12 ? 0 : sxy / Math.sqrt(sxx * syy);
    }

    static int[] identity(int s) {
        int[] order = new int[s];
        for (int i = 0; i < s; i++) {
            order[i] = i;
        }
        return order;
    }

    private static long[] contentSet(EssayText t, int s) {
        int from = t.sentenceStarts[s];
        int to = t.sentenceStarts[s + 1];
        long[] out = new long[to - from];
        int m = 0;
        for (int i = from; i < to; i++) {
            if (Terms.isContent(t, i)) {
                out[m++] = Hashing.hash(t.stems[i], 5);
            }
        }
        return Terms.distinct(Arrays.copyOf(out, m));
    }

    private static double jaccard(long[] a, long[] b) {
        if (a.length == 0 || b.length == 0) {
            return 0;
        }
        int inter = Terms.shared(a, b);
        return (double) inter / (a.length + b.length - inter);
    }
}
