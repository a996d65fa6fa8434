package dev.assay.graders.essay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Tells essays whose sentences are in a sensible order from shuffled ones, in two ways.
 * <p>
 * A logistic model, trained per prompt on the exemplars (as written) against the same exemplars with their
 * sentences shuffled, over order-sensitive features (see {@link OrderEvidence}): how much the first and last
 * sentences look like the exemplars' first and last sentences rather than their middle ones, lexical cohesion of
 * adjacent sentences relative to any two sentences, a connective or pronoun opening the essay or following a
 * sentence it shares nothing with, "the" thing before "a" thing, greetings and closings out of place, ordinals out
 * of order, and whether
 * sentences stand where the exemplars put sentences with the same words and the same opening words.
 * <p>
 * A permutation test per essay: the essay's order is scored against {@link #PERMUTATIONS} random orders of its own
 * sentences. A written essay is usually more coherent than nearly all of its permutations; a shuffled essay is
 * itself just one random permutation, so its rank among them is uniform. The rank does not depend on how long or
 * how typical the essay is, which the absolute probability does, so the two catch different shuffled essays.
 */
final class OrderModel {

    static final int BUCKETS = 1 << 14;
    static final int FEATURES = 12;
    static final int MIN_SENTENCES = 4;
    /** Share of exemplars (as written) allowed above the probability threshold. */
    static final double FALSE_ALARM_RATE = 0.02;
    static final int PERMUTATIONS = 99;

    final float[] firstSum;
    final float[] lastSum;
    final float[] middleSum;
    /** Per word bucket: summed relative position (0 = first sentence, 1 = last) and count of exemplar sentences. */
    final float[] positionSum;
    final float[] positionCount;
    /** The same per bucket of a sentence's first word and first two words. */
    final float[] openerSum;
    final float[] openerCount;
    final double[] weights;
    final double threshold;
    /** For the texts it was trained on: probability of being shuffled and permutation rank as written (not stored). */
    double[] trainingProbabilities = new double[0];
    double[] trainingRanks = new double[0];
    private final double firstNormSq;
    private final double lastNormSq;
    private final double middleNormSq;

    OrderModel(float[] firstSum, float[] lastSum, float[] middleSum, float[] positionSum, float[] positionCount,
               float[] openerSum, float[] openerCount, double[] weights, double threshold) {
        this.firstSum = firstSum;
        this.lastSum = lastSum;
        this.middleSum = middleSum;
        this.positionSum = positionSum;
        this.positionCount = positionCount;
        this.openerSum = openerSum;
        this.openerCount = openerCount;
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

    static int sentences(EssayText t) {
        return Math.min(t.sentenceCount(), OrderEvidence.MAX_SENTENCES);
    }

    static OrderModel train(List<EssayText> texts, long seed) {
        float[] first = new float[BUCKETS];
        float[] last = new float[BUCKETS];
        float[] middle = new float[BUCKETS];
        float[] positionSum = new float[BUCKETS];
        float[] positionCount = new float[BUCKETS];
        float[] openerSum = new float[BUCKETS];
        float[] openerCount = new float[BUCKETS];
        for (EssayText t : texts) {
            int s = sentences(t);
            if (s < MIN_SENTENCES) {
                continue;
            }
            for (int i = 0; i < s; i++) {
                SparseVector v = sentenceVector(t, i);
                add(i == 0 ? first : i == s - 1 ? last : middle, v);
                float position = (float) i / (s - 1);
                for (int b : v.indices()) {
                    positionSum[b] += position;
                    positionCount[b]++;
                }
                for (int b : openerBuckets(t, i)) {
                    openerSum[b] += position;
                    openerCount[b]++;
                }
            }
        }
        OrderModel sums = new OrderModel(first, last, middle, positionSum, positionCount, openerSum, openerCount,
                null, 0);
        Random random = new Random(seed);
        List<double[]> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        OrderEvidence[] evidence = new OrderEvidence[texts.size()];
        for (int e = 0; e < texts.size(); e++) {
            EssayText t = texts.get(e);
            int s = sentences(t);
            if (s < MIN_SENTENCES) {
                continue;
            }
            evidence[e] = new OrderEvidence(sums, t, true);
            int[] order = OrderEvidence.identity(s);
            x.add(evidence[e].features(order));
            y.add(0.0);
            for (int k = 0; k < 2; k++) {
                int[] shuffled = shuffle(order, random);
                if (!Arrays.equals(shuffled, order)) {
                    x.add(evidence[e].features(shuffled));
                    y.add(1.0);
                }
            }
        }
        int natural = (int) y.stream().filter(v -> v == 0).count();
        if (natural < 10) {
            // Too few exemplars long enough to learn from: the model never calls an order shuffled.
            OrderModel untrained = new OrderModel(first, last, middle, positionSum, positionCount, openerSum,
                    openerCount, new double[FEATURES], Double.POSITIVE_INFINITY);
            untrained.trainingProbabilities = new double[texts.size()];
            untrained.trainingRanks = new double[texts.size()];
            return untrained;
        }
        double[] w = Logistic.fit(x.toArray(double[][]::new), y.stream().mapToDouble(Double::doubleValue).toArray(), 1e-2);
        OrderModel model = new OrderModel(first, last, middle, positionSum, positionCount, openerSum, openerCount, w, 0);
        double[] p = new double[natural];
        double[] perText = new double[texts.size()];
        double[] ranks = new double[texts.size()];
        int at = 0;
        for (int e = 0; e < texts.size(); e++) {
            if (evidence[e] != null) {
                perText[e] = Logistic.probability(w, evidence[e].features(OrderEvidence.identity(evidence[e].sentences)));
                p[at++] = perText[e];
                ranks[e] = model.rank(evidence[e], texts.get(e));
            }
        }
        Arrays.sort(p);
        double threshold = Math.max(0.5, p[(int) Math.floor((1 - FALSE_ALARM_RATE) * (p.length - 1))]);
        OrderModel out = new OrderModel(first, last, middle, positionSum, positionCount, openerSum, openerCount,
                w, threshold);
        out.trainingProbabilities = perText;
        out.trainingRanks = ranks;
        return out;
    }

    private static int[] shuffle(int[] order, Random random) {
        int[] shuffled = order.clone();
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = tmp;
        }
        return shuffled;
    }

    private static void add(float[] sum, SparseVector v) {
        for (int k = 0; k < v.size(); k++) {
            sum[v.indices()[k]] += v.values()[k];
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

    /** Buckets of a sentence's first word and of its first two words (how sentences open marks where they go). */
    static int[] openerBuckets(EssayText t, int s) {
        int from = t.sentenceStarts[s];
        int to = t.sentenceStarts[s + 1];
        if (to <= from) {
            return new int[0];
        }
        long h1 = Hashing.hash(t.words[from], 13);
        if (to - from == 1) {
            return new int[] {(int) (h1 & (BUCKETS - 1))};
        }
        long h2 = Hashing.combine(h1, Hashing.hash(t.words[from + 1], 13));
        return new int[] {(int) (h1 & (BUCKETS - 1)), (int) (h2 & (BUCKETS - 1))};
    }

    double firstCosine(SparseVector v, boolean subtract) {
        return cosine(v, firstSum, firstNormSq, subtract);
    }

    double lastCosine(SparseVector v, boolean subtract) {
        return cosine(v, lastSum, lastNormSq, subtract);
    }

    double middleCosine(SparseVector v, boolean subtract) {
        return cosine(v, middleSum, middleNormSq, subtract);
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

    /** Both order measures of one essay (0 and 0 for essays too short to tell). */
    record Judgement(double shuffledProbability, double rank) {
    }

    /** Whether the exemplars were enough to learn from (else every essay is judged in order). */
    boolean trained() {
        return weights != null && threshold != Double.POSITIVE_INFINITY;
    }

    Judgement judge(EssayText t) {
        return judge(t, true);
    }

    /** Both measures, or only the probability (rank 0) without {@code withRank}. */
    Judgement judge(EssayText t, boolean withRank) {
        if (sentences(t) < MIN_SENTENCES || !trained()) {
            return new Judgement(0, 0);
        }
        OrderEvidence evidence = new OrderEvidence(this, t, false);
        return new Judgement(shuffledProbability(evidence), withRank ? rank(evidence, t) : 0);
    }

    /** Probability that the essay's sentences are shuffled (0 for essays too short to tell). */
    double shuffledProbability(EssayText t) {
        return sentences(t) < MIN_SENTENCES || !trained() ? 0 : shuffledProbability(new OrderEvidence(this, t, false));
    }

    double shuffledProbability(OrderEvidence evidence) {
        return Logistic.probability(weights, evidence.features(OrderEvidence.identity(evidence.sentences)));
    }

    /**
     * Share of random orders of the essay's own sentences that look at least as coherent as the order it was
     * written in (the permutation test's p-value, from 1 / (PERMUTATIONS + 1) to 1; 0 for essays too short to tell).
     * The permutations are seeded by the text, so the result is deterministic.
     */
    double rank(EssayText t) {
        return sentences(t) < MIN_SENTENCES || !trained() ? 0 : rank(new OrderEvidence(this, t, false), t);
    }

    double rank(OrderEvidence evidence, EssayText t) {
        int s = evidence.sentences;
        int[] order = OrderEvidence.identity(s);
        double written = score(evidence.features(order));
        Random random = new Random(t.text.hashCode() * 31L + s);
        int atLeast = 0;
        for (int k = 0; k < PERMUTATIONS; k++) {
            if (score(evidence.features(shuffle(order, random))) >= written - 1e-12) {
                atLeast++;
            }
        }
        return (atLeast + 1.0) / (PERMUTATIONS + 1.0);
    }

    private double score(double[] f) {
        double z = 0;
        for (int j = 0; j < f.length; j++) {
            z -= weights[j] * f[j];    // the logistic model scores "shuffled": coherence is its negative
        }
        return z;
    }

    /**
     * For each sentence, where the exemplars put sentences with its words (smoothed mean relative position of each
     * word, weighted towards words with a clear place). For an exemplar, its own sentences are left out.
     */
    double[] wordPositions(EssayText t, SparseVector[] vectors, boolean exemplar) {
        int s = vectors.length;
        java.util.Map<Integer, double[]> own = new java.util.HashMap<>();
        if (exemplar) {
            for (int o = 0; o < s; o++) {
                for (int b : vectors[o].indices()) {
                    double[] c = own.computeIfAbsent(b, k -> new double[2]);
                    c[0] += (double) o / (s - 1);
                    c[1]++;
                }
            }
        }
        double[] predicted = new double[s];
        for (int i = 0; i < s; i++) {
            predicted[i] = expectedPosition(vectors[i].indices(), positionSum, positionCount, exemplar ? own : null);
        }
        return predicted;
    }

    /** For each sentence, where the exemplars put sentences opening with the same word or two words. */
    double[] openerPositions(EssayText t, int s, boolean exemplar) {
        int[][] buckets = new int[s][];
        java.util.Map<Integer, double[]> own = new java.util.HashMap<>();
        for (int o = 0; o < s; o++) {
            buckets[o] = openerBuckets(t, o);
            if (exemplar) {
                for (int b : buckets[o]) {
                    double[] c = own.computeIfAbsent(b, k -> new double[2]);
                    c[0] += (double) o / (s - 1);
                    c[1]++;
                }
            }
        }
        double[] predicted = new double[s];
        for (int i = 0; i < s; i++) {
            predicted[i] = expectedPosition(buckets[i], openerSum, openerCount, exemplar ? own : null);
        }
        return predicted;
    }

    private static double expectedPosition(int[] buckets, float[] sums, float[] counts, java.util.Map<Integer, double[]> own) {
        double sum = 0;
        double weight = 0;
        for (int b : buckets) {
            double[] mine = own == null ? null : own.get(b);
            double count = counts[b] - (mine == null ? 0 : mine[1]);
            double mean = (sums[b] - (mine == null ? 0 : mine[0]) + 0.5 * 5) / (count + 5);
            double w = Math.abs(mean - 0.5) + 0.01;
            sum += w * mean;
            weight += w;
        }
        return weight == 0 ? 0.5 : sum / weight;
    }
}
