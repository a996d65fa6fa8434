package dev.assay.graders.essay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a model knows about a prompt apart from its regression weights: the vocabulary of the exemplars
 * (for spelling), content-term statistics and centroids by score band (for topic and band similarity),
 * key terms, word-bigram frequencies (for gibberish), the prompt's and source's words and shingles (for
 * copy detection) and n-gram document frequencies. Built from the exemplars; immutable afterwards.
 */
final class PromptProfile {

    static final int SHINGLE = 5;
    private static final int MAX_PROMPT_TERMS = 12;
    private static final int MAX_SCORE_TERMS = 12;

    int exemplarCount;
    int minScore;
    int maxScore;
    /** Word to number of exemplars using it (only words used by at least two are kept). */
    Map<String, Integer> wordDf;
    /** Hashed word bigram to number of exemplars using it (only bigrams used by at least two are kept). */
    LongIntMap bigramDf;
    Set<String> quotableWords;
    LongIntMap quotableBigrams;
    LongIntMap quotableShingles;
    /** Content stems and their ids, idf and display form. */
    Map<String, Integer> stemIds;
    String[] stemSurface;
    float[] stemIdf;
    Set<Integer> quotableStems;
    int[] keyTerms;
    /** Sum of the exemplars' topical vectors (content stems of words outside the common-word list). */
    float[] topicalSum;
    double topicalNormSq;
    float[][] bandSums;
    double[] bandNormSq;
    int[] bandCounts;
    double[] bandMeanScore;
    /** Lower band edges: a score s is in band b when edges[b] <= s < edges[b + 1]. */
    double[] bandEdges;
    float[] ngramIdf;
    float[] blockWeights;

    PromptProfile() {
    }

    static PromptProfile build(EssayAssessment assessment, List<EssayText> texts, double[] scores, float[] blockWeights) {
        PromptProfile p = new PromptProfile();
        int n = texts.size();
        p.exemplarCount = n;
        p.minScore = assessment.minScore();
        p.maxScore = assessment.maxScore();
        p.blockWeights = blockWeights.clone();
        EssayText quotable = EssayText.analyze(assessment.quotableText());

        Map<String, Integer> wordDf = new HashMap<>();
        Map<String, Integer> stemDf = new HashMap<>();
        Map<String, Integer> surfaceCounts = new HashMap<>();
        LongIntMap bigrams = new LongIntMap(n * 200);
        int[] ngramDf = new int[NgramVectorizer.DIMENSION];
        for (EssayText t : texts) {
            Set<String> seenWords = new HashSet<>();
            Set<String> seenStems = new HashSet<>();
            for (int i = 0; i < t.words.length; i++) {
                seenWords.add(t.words[i]);
                if (isContent(t, i)) {
                    seenStems.add(t.stems[i]);
                    surfaceCounts.merge(t.stems[i] + '\t' + t.words[i], 1, Integer::sum);
                }
            }
            for (String w : seenWords) {
                wordDf.merge(w, 1, Integer::sum);
            }
            for (String s : seenStems) {
                stemDf.merge(s, 1, Integer::sum);
            }
            for (long b : distinct(bigramHashes(t))) {
                bigrams.add(b, 1);
            }
            for (int idx : NgramVectorizer.distinctIndices(t, blockWeights[2] != 0)) {
                ngramDf[idx]++;
            }
        }
        p.wordDf = new HashMap<>();
        wordDf.forEach((w, c) -> {
            if (c >= 2) {
                p.wordDf.put(w, c);
            }
        });
        p.bigramDf = new LongIntMap(bigrams.size() / 2 + 16);
        bigrams.forEach((k, c) -> {
            if (c >= 2) {
                p.bigramDf.put(k, c);
            }
        });
        p.quotableWords = new HashSet<>(Arrays.asList(quotable.words));
        p.quotableBigrams = new LongIntMap(quotable.words.length + 16);
        for (long b : bigramHashes(quotable)) {
            p.quotableBigrams.put(b, 1);
        }
        p.quotableShingles = new LongIntMap(quotable.words.length + 16);
        for (long s : shingles(quotable)) {
            p.quotableShingles.put(s, 1);
        }

        // Content-stem vocabulary: stems used by at least two exemplars, or by the prompt or source.
        Set<String> quotableStemSet = new HashSet<>();
        for (int i = 0; i < quotable.words.length; i++) {
            if (isContent(quotable, i)) {
                quotableStemSet.add(quotable.stems[i]);
            }
        }
        List<String> vocab = new ArrayList<>();
        stemDf.forEach((s, c) -> {
            if (c >= 2 || quotableStemSet.contains(s)) {
                vocab.add(s);
            }
        });
        for (String s : quotableStemSet) {
            if (!stemDf.containsKey(s)) {
                vocab.add(s);
            }
        }
        vocab.sort(null);
        p.stemIds = new HashMap<>();
        p.stemIdf = new float[vocab.size()];
        p.stemSurface = new String[vocab.size()];
        for (int i = 0; i < vocab.size(); i++) {
            String s = vocab.get(i);
            p.stemIds.put(s, i);
            int df = stemDf.getOrDefault(s, 0);
            p.stemIdf[i] = (float) (Math.log((n + 1.0) / (df + 1.0)) + 1);
            p.stemSurface[i] = s;
        }
        Map<String, Integer> bestCount = new HashMap<>();
        surfaceCounts.forEach((key, c) -> {
            int tab = key.indexOf('\t');
            String stem = key.substring(0, tab);
            Integer id = p.stemIds.get(stem);
            if (id != null && c > bestCount.getOrDefault(stem, 0)) {
                bestCount.put(stem, c);
                p.stemSurface[id] = key.substring(tab + 1);
            }
        });
        p.quotableStems = new HashSet<>();
        for (String s : quotableStemSet) {
            p.quotableStems.add(p.stemIds.get(s));
        }

        p.ngramIdf = new float[NgramVectorizer.DIMENSION];
        for (int i = 0; i < ngramDf.length; i++) {
            if (ngramDf[i] >= 2) {
                p.ngramIdf[i] = (float) (Math.log((n + 1.0) / (ngramDf[i] + 1.0)) + 1);
            }
        }

        // Bands of scores and centroids of content vectors.
        p.bandEdges = bandEdges(scores);
        int bands = p.bandEdges.length;
        int v = vocab.size();
        p.topicalSum = new float[v];
        p.bandSums = new float[bands][v];
        p.bandCounts = new int[bands];
        p.bandMeanScore = new double[bands];
        SparseVector[] contents = new SparseVector[n];
        for (int e = 0; e < n; e++) {
            SparseVector c = p.contentVector(texts.get(e));
            contents[e] = c;
            SparseVector topical = p.topicalVector(texts.get(e));
            for (int k = 0; k < topical.size(); k++) {
                p.topicalSum[topical.indices()[k]] += topical.values()[k];
            }
            int b = p.band(scores[e]);
            p.bandCounts[b]++;
            p.bandMeanScore[b] += scores[e];
            for (int k = 0; k < c.size(); k++) {
                p.bandSums[b][c.indices()[k]] += c.values()[k];
            }
        }
        p.topicalNormSq = normSq(p.topicalSum);
        p.bandNormSq = new double[bands];
        for (int b = 0; b < bands; b++) {
            p.bandNormSq[b] = normSq(p.bandSums[b]);
            p.bandMeanScore[b] = p.bandCounts[b] == 0 ? 0 : p.bandMeanScore[b] / p.bandCounts[b];
        }
        p.keyTerms = keyTerms(p, quotable, contents, scores);
        return p;
    }

    private static double normSq(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return s;
    }

    /** Up to six bands: one per score level when there are few levels, else score quantiles. */
    private static double[] bandEdges(double[] scores) {
        double[] sorted = scores.clone();
        Arrays.sort(sorted);
        double[] distinct = Arrays.stream(sorted).distinct().toArray();
        if (distinct.length == 0) {
            return new double[] {Double.NEGATIVE_INFINITY};
        }
        if (distinct.length <= EssayFeatures.MAX_BANDS) {
            double[] edges = distinct.clone();
            edges[0] = Double.NEGATIVE_INFINITY;
            return edges;
        }
        List<Double> edges = new ArrayList<>();
        edges.add(Double.NEGATIVE_INFINITY);
        for (int k = 1; k < EssayFeatures.MAX_BANDS; k++) {
            double e = sorted[(int) ((long) k * sorted.length / EssayFeatures.MAX_BANDS)];
            if (e > sorted[0] && e > edges.get(edges.size() - 1)) {
                edges.add(e);
            }
        }
        return edges.stream().mapToDouble(Double::doubleValue).toArray();
    }

    int band(double score) {
        int b = 0;
        while (b + 1 < bandEdges.length && score >= bandEdges[b + 1]) {
            b++;
        }
        return b;
    }

    int bands() {
        return bandEdges.length;
    }

    /** Key terms: the prompt's and source's most specific content terms, then terms typical of high scores. */
    private static int[] keyTerms(PromptProfile p, EssayText quotable, SparseVector[] contents, double[] scores) {
        List<Integer> out = new ArrayList<>();
        // Prompt and source terms by tf-idf.
        Map<Integer, Double> promptWeight = new HashMap<>();
        for (int i = 0; i < quotable.words.length; i++) {
            Integer id = isContent(quotable, i) ? p.stemIds.get(quotable.stems[i]) : null;
            if (id != null) {
                promptWeight.merge(id, (double) p.stemIdf[id], Double::sum);
            }
        }
        promptWeight.entrySet().stream()
                .sorted((a, b) -> Double.compare(b.getValue(), a.getValue()))
                .limit(MAX_PROMPT_TERMS)
                .forEach(e -> out.add(e.getKey()));
        // Exemplar terms whose use goes with higher scores (point-biserial correlation).
        int n = contents.length;
        if (n >= 10) {
            double meanScore = Arrays.stream(scores).average().orElse(0);
            double sdScore = Math.sqrt(Arrays.stream(scores).map(s -> (s - meanScore) * (s - meanScore)).sum() / n);
            int v = p.stemIdf.length;
            int[] df = new int[v];
            double[] scoreSum = new double[v];
            for (int e = 0; e < n; e++) {
                for (int idx : contents[e].indices()) {
                    df[idx]++;
                    scoreSum[idx] += scores[e];
                }
            }
            int minDf = Math.max(3, n / 30);
            List<double[]> ranked = new ArrayList<>();
            for (int t = 0; t < v; t++) {
                if (df[t] < minDf || df[t] > n * 0.9 || sdScore == 0) {
                    continue;
                }
                double share = (double) df[t] / n;
                double meanWith = scoreSum[t] / df[t];
                double r = (meanWith - meanScore) / sdScore * Math.sqrt(share / (1 - share));
                if (r > 0.1) {
                    ranked.add(new double[] {t, r});
                }
            }
            ranked.sort((a, b) -> Double.compare(b[1], a[1]));
            for (int k = 0, added = 0; k < ranked.size() && added < MAX_SCORE_TERMS; k++) {
                int t = (int) ranked.get(k)[0];
                if (!out.contains(t)) {
                    out.add(t);
                    added++;
                }
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
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

    SparseVector contentVector(EssayText t) {
        return termVector(t, false);
    }

    /** Like {@link #contentVector} but without the words of the common-word list: what the essay is about. */
    SparseVector topicalVector(EssayText t) {
        return termVector(t, true);
    }

    /** Content-stem tf-idf vector, L2-normalised, over the profile's vocabulary. */
    private SparseVector termVector(EssayText t, boolean topicalOnly) {
        int[] idx = new int[t.words.length];
        float[] val = new float[t.words.length];
        int m = 0;
        for (int i = 0; i < t.words.length; i++) {
            if (isContent(t, i) && !(topicalOnly && Lexicon.COMMON_WORDS.contains(t.words[i]))) {
                Integer id = stemIds.get(t.stems[i]);
                if (id != null) {
                    idx[m] = id;
                    val[m] = 1;
                    m++;
                }
            }
        }
        SparseVector counts = SparseVector.fromUnsorted(idx, val, m);
        float[] w = counts.values().clone();
        double normSq = 0;
        for (int k = 0; k < w.length; k++) {
            w[k] = (float) ((1 + Math.log(w[k])) * stemIdf[counts.indices()[k]]);
            normSq += (double) w[k] * w[k];
        }
        if (normSq > 0) {
            float inv = (float) (1 / Math.sqrt(normSq));
            for (int k = 0; k < w.length; k++) {
                w[k] *= inv;
            }
        }
        return new SparseVector(counts.indices(), w);
    }

    private static double cosineWithSum(SparseVector x, float[] sum, double sumNormSq, boolean excludeSelf) {
        double dot = 0;
        for (int k = 0; k < x.size(); k++) {
            dot += x.values()[k] * sum[x.indices()[k]];
        }
        double xx = x.size() == 0 ? 0 : 1;
        if (excludeSelf) {
            double rest = sumNormSq - 2 * dot + xx;
            double num = dot - xx;
            return rest <= 1e-12 || xx == 0 ? 0 : num / Math.sqrt(rest);
        }
        return sumNormSq <= 0 || xx == 0 ? 0 : dot / Math.sqrt(sumNormSq);
    }

    /**
     * The features of an essay. For an exemplar the profile was built from, pass its band ({@code selfBand >= 0}):
     * its own contribution is left out of every statistic so that its features look like a new essay's.
     */
    EssayFeatures features(EssayText t, int selfBand) {
        boolean self = selfBand >= 0;
        double[] f = new double[EssayFeatures.NAMES.size()];
        int n = t.words.length;
        int sentences = t.sentenceCount();
        double nn = Math.max(1, n);
        double ss = Math.max(1, sentences);
        f[0] = Math.log1p(n);
        f[1] = Math.sqrt(n);
        f[2] = Math.log1p(t.text.length());
        f[3] = Math.log1p(sentences);
        double sentMean = 0;
        double sentSq = 0;
        for (int s = 0; s < sentences; s++) {
            int len = t.sentenceLength(s);
            sentMean += len;
            sentSq += (double) len * len;
        }
        sentMean /= ss;
        f[4] = sentMean;
        f[5] = Math.sqrt(Math.max(0, sentSq / ss - sentMean * sentMean));
        double lenSum = 0;
        double lenSq = 0;
        int letters = 0;
        int longWords = 0;
        int functionWords = 0;
        int numbers = 0;
        int unknown = 0;
        int checked = 0;
        Set<String> distinctWords = new HashSet<>();
        List<String> unknownList = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String w = t.words[i];
            distinctWords.add(w);
            if (t.numeric[i] || hasDigit(w)) {
                numbers++;
                continue;
            }
            letters++;
            lenSum += w.length();
            lenSq += (double) w.length() * w.length();
            if (w.length() >= 7) {
                longWords++;
            }
            if (Lexicon.isFunctionWord(w)) {
                functionWords++;
                continue;
            }
            checked++;
            if (!isKnown(w, self)) {
                unknown++;
                if (unknownList.size() < 50 && !unknownList.contains(w)) {
                    unknownList.add(w);
                }
            }
        }
        double ll = Math.max(1, letters);
        double wordLenMean = lenSum / ll;
        f[6] = wordLenMean;
        f[7] = Math.sqrt(Math.max(0, lenSq / ll - wordLenMean * wordLenMean));
        f[8] = longWords / ll;
        f[9] = Math.log1p(distinctWords.size());
        f[10] = distinctWords.size() / nn;
        f[11] = distinctWords.size() / Math.sqrt(nn);
        f[12] = functionWords / ll;
        f[13] = checked == 0 ? 0 : (double) unknown / checked;
        f[14] = Math.log1p(unknown);
        f[15] = t.commas / ss;
        f[16] = t.semicolons / nn;
        f[17] = t.questionMarks / ss;
        f[18] = t.exclamations / ss;
        f[19] = t.quotes / nn;
        f[20] = t.apostrophes / nn;
        f[21] = t.parentheses / nn;
        f[22] = t.lowercaseSentenceStarts / ss;
        f[23] = t.lowercaseI / nn;
        f[24] = Math.log1p(t.paragraphs);
        f[25] = numbers / nn;

        // Prompt overlap and key terms.
        int content = 0;
        int inPrompt = 0;
        Set<Integer> stemsUsed = new HashSet<>();
        for (int i = 0; i < n; i++) {
            if (isContent(t, i)) {
                content++;
                Integer id = stemIds.get(t.stems[i]);
                if (id != null) {
                    stemsUsed.add(id);
                    if (quotableStems.contains(id)) {
                        inPrompt++;
                    }
                }
            }
        }
        f[26] = content == 0 ? 0 : (double) inPrompt / content;
        List<String> used = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int k : keyTerms) {
            (stemsUsed.contains(k) ? used : missing).add(stemSurface[k]);
        }
        f[27] = keyTerms.length == 0 ? 0 : (double) used.size() / keyTerms.length;

        // Similarity to all exemplars and to each score band.
        SparseVector c = contentVector(t);
        f[28] = cosineWithSum(topicalVector(t), topicalSum, topicalNormSq, self);
        double expNum = 0;
        double expDen = 0;
        for (int b = 0; b < bandSums.length && b < EssayFeatures.MAX_BANDS; b++) {
            boolean own = self && b == selfBand;
            int count = bandCounts[b] - (own ? 1 : 0);
            double sim = count <= 0 ? 0 : cosineWithSum(c, bandSums[b], bandNormSq[b], own);
            f[EssayFeatures.SIM_BAND_0 + b] = sim;
            if (count > 0) {
                double w = Math.exp(20 * sim);
                expNum += w * bandMeanScore[b];
                expDen += w;
            }
        }
        double range = Math.max(1, maxScore - minScore);
        f[35] = expDen == 0 ? 0.5 : (expNum / expDen - minScore) / range;

        // Coherence: content-stem overlap of adjacent sentences, and relative to any two sentences.
        int sentCap = Math.min(sentences, 60);
        List<Set<Integer>> sentStems = new ArrayList<>(sentCap);
        for (int s = 0; s < sentCap; s++) {
            Set<Integer> set = new HashSet<>();
            for (int i = t.sentenceStarts[s]; i < t.sentenceStarts[s + 1]; i++) {
                if (isContent(t, i)) {
                    set.add(t.stems[i].hashCode());
                }
            }
            sentStems.add(set);
        }
        double adjacent = 0;
        int adjacentPairs = 0;
        double all = 0;
        int allPairs = 0;
        for (int a = 0; a < sentCap; a++) {
            for (int b = a + 1; b < sentCap; b++) {
                double j = jaccard(sentStems.get(a), sentStems.get(b));
                all += j;
                allPairs++;
                if (b == a + 1) {
                    adjacent += j;
                    adjacentPairs++;
                }
            }
        }
        f[36] = adjacentPairs == 0 ? 0 : adjacent / adjacentPairs;
        f[37] = allPairs < 3 ? 1 : (adjacent / adjacentPairs + 0.02) / (all / allPairs + 0.02);

        // Repetition.
        Set<String> sentenceKeys = new HashSet<>();
        int longSentences = 0;
        int repeatedSentences = 0;
        for (int s = 0; s < sentences; s++) {
            if (t.sentenceLength(s) >= 4) {
                longSentences++;
                String key = String.join(" ", Arrays.asList(t.words).subList(t.sentenceStarts[s], t.sentenceStarts[s + 1]));
                if (!sentenceKeys.add(key)) {
                    repeatedSentences++;
                }
            }
        }
        f[38] = longSentences == 0 ? 0 : (double) repeatedSentences / longSentences;
        long[] sh = shingles(t);
        f[39] = sh.length == 0 ? 0 : 1 - (double) distinct(sh).length / sh.length;

        // Bigrams seen in other essays (gibberish), shingles of the prompt and source (copying).
        // Only bigrams of two known words count: an off-topic essay's unknown words say nothing about word order.
        long[] bigramHashes = bigramHashes(t);
        int seen = 0;
        int counted = 0;
        long[] distinctBigrams = self ? distinct(bigramHashes) : null;
        boolean[] known = new boolean[n];
        for (int i = 0; i < n; i++) {
            known[i] = Lexicon.isFunctionWord(t.words[i]) || isKnown(t.words[i], self);
        }
        for (int i = 0; i < bigramHashes.length; i++) {
            if (!known[i] || !known[i + 1]) {
                continue;
            }
            long b = bigramHashes[i];
            counted++;
            int df = bigramDf.get(b, 0);
            if (self && df > 0 && Arrays.binarySearch(distinctBigrams, b) >= 0) {
                df--;
            }
            if (df >= 2 || quotableBigrams.contains(b)) {
                seen++;
            }
        }
        f[40] = counted == 0 ? 1 : (double) seen / counted;
        int copied = 0;
        for (long s : sh) {
            if (quotableShingles.contains(s)) {
                copied++;
            }
        }
        f[41] = sh.length == 0 ? 0 : (double) copied / sh.length;
        f[42] = Math.log1p(stemsUsed.size());

        SparseVector ngrams = NgramVectorizer.vector(t, ngramIdf, blockWeights);
        EssayFeatures out = new EssayFeatures(f, ngrams, n, distinctWords.size(), unknownList, used, missing,
                misplacedMarkers(t));
        int determiners = 0;
        int errors = 0;
        for (int i = 0; i + 1 < n; i++) {
            if (Lexicon.DETERMINERS.contains(t.words[i])) {
                determiners++;
                String next = t.words[i + 1];
                if (Lexicon.isFunctionWord(next) && !Lexicon.AFTER_DETERMINER.contains(next)) {
                    errors++;
                }
            }
        }
        out.determiners = determiners;
        out.determinerErrors = determiners == 0 ? 0 : (double) errors / determiners;
        return out;
    }

    private boolean isKnown(String w, boolean self) {
        if (Lexicon.COMMON_WORDS.contains(w) || quotableWords.contains(w)) {
            return true;
        }
        int df = wordDf.getOrDefault(w, 0) - (self ? 1 : 0);
        return df >= 2;
    }

    private static double jaccard(Set<Integer> a, Set<Integer> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        Set<Integer> small = a.size() <= b.size() ? a : b;
        Set<Integer> large = small == a ? b : a;
        int inter = 0;
        for (Integer x : small) {
            if (large.contains(x)) {
                inter++;
            }
        }
        return (double) inter / (a.size() + b.size() - inter);
    }

    /** "In conclusion" opening a sentence in the first half of an essay, or "First" / "To begin" in its last third. */
    private static int misplacedMarkers(EssayText t) {
        int sentences = t.sentenceCount();
        if (sentences < 4) {
            return 0;
        }
        int count = 0;
        for (int s = 0; s < sentences; s++) {
            int from = t.sentenceStarts[s];
            int len = t.sentenceStarts[s + 1] - from;
            if (len < 2) {
                continue;
            }
            String w0 = t.words[from];
            String w1 = t.words[from + 1];
            boolean conclusion = (w0.equals("in") && (w1.equals("conclusion") || w1.equals("summary")))
                    || (w0.equals("to") && (w1.equals("conclude") || w1.equals("sum")));
            boolean opening = w0.equals("first") || w0.equals("firstly")
                    || (w0.equals("to") && (w1.equals("begin") || w1.equals("start")));
            if (conclusion && s < sentences / 2) {
                count++;
            }
            if (opening && s >= (sentences * 2 + 2) / 3) {
                count++;
            }
        }
        return count;
    }
}
