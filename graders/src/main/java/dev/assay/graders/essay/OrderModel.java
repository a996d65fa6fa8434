package dev.assay.graders.essay;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;

/**
 * Tells essays whose sentences are in a sensible order from shuffled ones. A logistic model, trained per prompt
 * on the exemplars (as written) against the same exemplars with their sentences shuffled, over order-sensitive
 * features: how much the first and last sentences look like the exemplars' first and last sentences rather than
 * their middle ones, local lexical cohesion of adjacent sentences relative to any two sentences, a connective
 * ("however", "also", ...) opening the essay, greetings and closings out of place, and ordinals out of order.
 */
final class OrderModel {

    static final int BUCKETS = 1 << 14;
    static final int FEATURES = 8;
    static final int MIN_SENTENCES = 4;
    /** Share of exemplars (as written) allowed above the threshold. */
    static final double FALSE_ALARM_RATE = 0.02;

    private static final Set<String> CONNECTIVES = Set.of("however", "also", "but", "and", "so", "secondly",
            "second", "third", "thirdly", "another", "furthermore", "moreover", "finally", "lastly", "therefore",
            "then", "besides", "additionally", "plus", "thus", "hence", "consequently", "next", "afterwards",
            "overall", "still", "instead", "otherwise", "likewise", "similarly");
    private static final Set<String> ANAPHORS = Set.of("he", "she", "it", "they", "this", "that", "these", "those",
            "his", "her", "their", "its");
    private static final Set<String> ORDINAL_FIRST = Set.of("first", "firstly");
    private static final Set<String> ORDINAL_LATER = Set.of("second", "secondly", "third", "thirdly", "finally", "lastly");

    final float[] firstSum;
    final float[] lastSum;
    final float[] middleSum;
    /** Per word bucket: summed relative position (0 = first sentence, 1 = last) and count of exemplar sentences. */
    final float[] positionSum;
    final float[] positionCount;
    final double[] weights;
    final double threshold;
    /** For the texts it was trained on: their probability of being shuffled as written (not stored). */
    double[] trainingProbabilities = new double[0];
    private final double firstNormSq;
    private final double lastNormSq;
    private final double middleNormSq;

    OrderModel(float[] firstSum, float[] lastSum, float[] middleSum, float[] positionSum, float[] positionCount,
               double[] weights, double threshold) {
        this.firstSum = firstSum;
        this.lastSum = lastSum;
        this.middleSum = middleSum;
        this.positionSum = positionSum;
        this.positionCount = positionCount;
        this.weights = weights;
        this.threshold = threshold;
        this.firstNormSq = normSq(firstSum);
        this.lastNormSq = normSq(lastSum);
        this.middleNormSq = normSq(middleSum);
    }

    private static double normSq(float[] sum) {
        double normSq = 0;
        for (float x : sum) {
            normSq += (double) x * x;
        }
        return normSq;
    }

    static OrderModel train(java.util.List<EssayText> texts, long seed) {
        float[] first = new float[BUCKETS];
        float[] last = new float[BUCKETS];
        float[] middle = new float[BUCKETS];
        float[] positionSum = new float[BUCKETS];
        float[] positionCount = new float[BUCKETS];
        for (EssayText t : texts) {
            int s = t.sentenceCount();
            if (s < MIN_SENTENCES) {
                continue;
            }
            for (int i = 0; i < s; i++) {
                SparseVector v = sentenceVector(t, i);
                add(i == 0 ? first : i == s - 1 ? last : middle, v, 1);
                float position = (float) i / (s - 1);
                for (int b : v.indices()) {
                    positionSum[b] += position;
                    positionCount[b]++;
                }
            }
        }
        OrderModel sums = new OrderModel(first, last, middle, positionSum, positionCount, null, 0);
        Random random = new Random(seed);
        java.util.List<double[]> x = new java.util.ArrayList<>();
        java.util.List<Double> y = new java.util.ArrayList<>();
        java.util.List<double[]> natural = new java.util.ArrayList<>();
        int[] naturalIndex = new int[texts.size()];
        Arrays.fill(naturalIndex, -1);
        for (int e = 0; e < texts.size(); e++) {
            EssayText t = texts.get(e);
            int s = t.sentenceCount();
            if (s < MIN_SENTENCES) {
                continue;
            }
            naturalIndex[e] = natural.size();
            int[] order = new int[s];
            for (int i = 0; i < s; i++) {
                order[i] = i;
            }
            double[] f = sums.features(t, order, true);
            x.add(f);
            y.add(0.0);
            natural.add(f);
            for (int k = 0; k < 2; k++) {
                int[] shuffled = order.clone();
                for (int i = s - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int tmp = shuffled[i];
                    shuffled[i] = shuffled[j];
                    shuffled[j] = tmp;
                }
                if (Arrays.equals(shuffled, order)) {
                    continue;
                }
                x.add(sums.features(t, shuffled, true));
                y.add(1.0);
            }
        }
        if (natural.size() < 10) {
            return new OrderModel(first, last, middle, positionSum, positionCount, new double[FEATURES],
                    Double.POSITIVE_INFINITY);
        }
        double[] w = Logistic.fit(x.toArray(double[][]::new), y.stream().mapToDouble(Double::doubleValue).toArray(), 1e-2);
        double[] p = new double[natural.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = Logistic.probability(w, natural.get(i));
        }
        double[] perText = new double[texts.size()];
        for (int e = 0; e < texts.size(); e++) {
            perText[e] = naturalIndex[e] < 0 ? 0 : p[naturalIndex[e]];
        }
        Arrays.sort(p);
        double threshold = Math.max(0.5, p[(int) Math.floor((1 - FALSE_ALARM_RATE) * (p.length - 1))]);
        OrderModel model = new OrderModel(first, last, middle, positionSum, positionCount, w, threshold);
        model.trainingProbabilities = perText;
        return model;
    }

    private static void add(float[] sum, SparseVector v, float sign) {
        for (int k = 0; k < v.size(); k++) {
            sum[v.indices()[k]] += sign * v.values()[k];
        }
    }

    /** Distinct words of a sentence hashed into buckets, L2-normalised. */
    static SparseVector sentenceVector(EssayText t, int s) {
        int from = t.sentenceStarts[s];
        int to = t.sentenceStarts[s + 1];
        int[] idx = new int[to - from];
        for (int i = from; i < to; i++) {
            idx[i - from] = (int) (Hashing.hash(t.words[i], 3) & (BUCKETS - 1));
        }
        Arrays.sort(idx);
        int m = 0;
        for (int i = 0; i < idx.length; i++) {
            if (m == 0 || idx[m - 1] != idx[i]) {
                idx[m++] = idx[i];
            }
        }
        float[] val = new float[m];
        Arrays.fill(val, (float) (1 / Math.sqrt(Math.max(1, m))));
        return new SparseVector(Arrays.copyOf(idx, m), val);
    }

    private static double cosine(SparseVector v, float[] sum, double sumNormSq, boolean subtract) {
        double dot = 0;
        for (int k = 0; k < v.size(); k++) {
            dot += v.values()[k] * sum[v.indices()[k]];
        }
        double normSq = sumNormSq;
        double self = v.size() == 0 ? 0 : 1;
        if (subtract) {
            normSq = normSq - 2 * dot + self;
            dot -= self;
        }
        return normSq <= 1e-12 || v.size() == 0 ? 0 : dot / Math.sqrt(normSq);
    }

    /** Probability that the essay's sentences are shuffled (0 for essays too short to tell). */
    double shuffledProbability(EssayText t) {
        int s = t.sentenceCount();
        if (s < MIN_SENTENCES || weights == null) {
            return 0;
        }
        int[] order = new int[s];
        for (int i = 0; i < s; i++) {
            order[i] = i;
        }
        return Logistic.probability(weights, features(t, order, false));
    }

    /**
     * Features of the essay's sentences taken in {@code order}. With {@code exemplar}, the essay is one the sums
     * were built from: each sentence's own contribution (in its original role) is left out.
     */
    double[] features(EssayText t, int[] order, boolean exemplar) {
        int s = order.length;
        SparseVector firstV = sentenceVector(t, order[0]);
        SparseVector lastV = sentenceVector(t, order[s - 1]);
        double[] f = new double[FEATURES];
        f[0] = 1;
        f[1] = cosine(firstV, firstSum, firstNormSq, exemplar && order[0] == 0)
                - cosine(firstV, middleSum, middleNormSq, exemplar && order[0] > 0 && order[0] < s - 1);
        f[2] = cosine(lastV, lastSum, lastNormSq, exemplar && order[s - 1] == s - 1)
                - cosine(lastV, middleSum, middleNormSq, exemplar && order[s - 1] > 0 && order[s - 1] < s - 1);
        // Cohesion: content words shared by adjacent sentences against any two sentences.
        int cap = Math.min(s, 40);
        long[][] sets = new long[cap][];
        for (int i = 0; i < cap; i++) {
            sets[i] = contentSet(t, order[i]);
        }
        double all = 0;
        double allSq = 0;
        int pairs = 0;
        double adjacent = 0;
        for (int a = 0; a < cap; a++) {
            for (int b = a + 1; b < cap; b++) {
                double j = overlap(sets[a], sets[b]);
                all += j;
                allSq += j * j;
                pairs++;
                if (b == a + 1) {
                    adjacent += j;
                }
            }
        }
        double mean = all / pairs;
        double sd = Math.sqrt(Math.max(0, allSq / pairs - mean * mean));
        double adjacentMean = adjacent / (cap - 1);
        f[3] = Math.max(-4, Math.min(4, (adjacentMean - mean) / (sd / Math.sqrt(cap - 1) + 1e-3)));
        String w0 = t.words.length == 0 ? "" : t.words[t.sentenceStarts[order[0]]];
        f[4] = CONNECTIVES.contains(w0) || ANAPHORS.contains(w0) ? 1 : 0;
        int misplaced = 0;
        int lastFirstOrdinal = -1;
        int firstLaterOrdinal = Integer.MAX_VALUE;
        for (int i = 0; i < s; i++) {
            int from = t.sentenceStarts[order[i]];
            int to = t.sentenceStarts[order[i] + 1];
            if (to - from < 1) {
                continue;
            }
            String a = t.words[from];
            String b = to - from > 1 ? t.words[from + 1] : "";
            if (a.equals("dear") && i > 0) {
                misplaced++;
            }
            boolean closing = a.equals("sincerely") || (a.equals("thank") && b.equals("you"))
                    || (a.equals("in") && (b.equals("conclusion") || b.equals("summary")))
                    || (a.equals("to") && (b.equals("conclude") || b.equals("sum")));
            if (closing && i < s / 2) {
                misplaced++;
            }
            if (ORDINAL_FIRST.contains(a)) {
                lastFirstOrdinal = Math.max(lastFirstOrdinal, i);
            }
            if (ORDINAL_LATER.contains(a)) {
                firstLaterOrdinal = Math.min(firstLaterOrdinal, i);
            }
        }
        if (lastFirstOrdinal > firstLaterOrdinal) {
            misplaced++;
        }
        f[5] = Math.min(2, misplaced);
        f[6] = Math.log(s);
        f[7] = positionCorrelation(t, order, exemplar);
        return f;
    }

    /**
     * Correlation between where the exemplars put sentences with these words (smoothed mean relative position of
     * each word, averaged over the sentence) and where the sentences are.
     */
    private double positionCorrelation(EssayText t, int[] order, boolean exemplar) {
        int s = order.length;
        java.util.Map<Integer, double[]> own = new java.util.HashMap<>();
        SparseVector[] vectors = new SparseVector[s];
        for (int o = 0; o < s; o++) {
            vectors[o] = sentenceVector(t, o);
            if (exemplar) {
                for (int b : vectors[o].indices()) {
                    double[] c = own.computeIfAbsent(b, k -> new double[2]);
                    c[0] += (double) o / (s - 1);
                    c[1]++;
                }
            }
        }
        double[] predicted = new double[s];
        for (int i = 0; i < s; i++) {
            SparseVector v = vectors[order[i]];
            double sum = 0;
            double weight = 0;
            for (int b : v.indices()) {
                double[] mine = exemplar ? own.get(b) : null;
                double count = positionCount[b] - (mine == null ? 0 : mine[1]);
                double mean = (positionSum[b] - (mine == null ? 0 : mine[0]) + 0.5 * 5) / (count + 5);
                double w = Math.abs(mean - 0.5) + 0.01;
                sum += w * mean;
                weight += w;
            }
            predicted[i] = weight == 0 ? 0.5 : sum / weight;
        }
        double mx = (s - 1) / 2.0;
        double my = 0;
        for (double p : predicted) {
            my += p;
        }
        my /= s;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < s; i++) {
            sxy += (i - mx) * (predicted[i] - my);
            sxx += (i - mx) * (i - mx);
            syy += (predicted[i] - my) * (predicted[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.sqrt(sxx * syy);
    }

    private static long[] contentSet(EssayText t, int s) {
        int from = t.sentenceStarts[s];
        int to = t.sentenceStarts[s + 1];
        long[] out = new long[to - from];
        int m = 0;
        for (int i = from; i < to; i++) {
            if (PromptProfile.isContent(t, i)) {
                out[m++] = Hashing.hash(t.stems[i], 5);
            }
        }
        long[] d = PromptProfile.distinct(Arrays.copyOf(out, m));
        return d;
    }

    private static double overlap(long[] a, long[] b) {
        if (a.length == 0 || b.length == 0) {
            return 0;
        }
        int i = 0;
        int j = 0;
        int inter = 0;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                inter++;
                i++;
                j++;
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return (double) inter / (a.length + b.length - inter);
    }
}
