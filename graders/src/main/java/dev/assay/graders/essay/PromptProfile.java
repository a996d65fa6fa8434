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
 * copy detection) and n-gram document frequencies. Built from the exemplars; immutable afterwards. The features
 * of an essay against it are computed by {@link FeatureExtractor}, key terms chosen by {@link KeyTerms}.
 */
final class PromptProfile {


    int exemplarCount;
    int minScore;
    int maxScore;
    /** Word to number of exemplars using it (only words used by at least two are kept). */
    Map<String, Integer> wordDf;
    /** Hashed word bigram to number of exemplars using it (only bigrams used by at least two are kept). */
    LongIntMap bigramDf;
    Set<String> quotableWords;
    /** Built on first use from the fields above (see {@link Spelling}). */
    private volatile Spelling.Candidates spellingCandidates;
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
                if (Terms.isContent(t, i)) {
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
            for (long b : Terms.distinct(Terms.bigramHashes(t))) {
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
        for (long b : Terms.bigramHashes(quotable)) {
            p.quotableBigrams.put(b, 1);
        }
        p.quotableShingles = new LongIntMap(quotable.words.length + 16);
        for (long s : Terms.shingles(quotable)) {
            p.quotableShingles.put(s, 1);
        }

        // Content-stem vocabulary: stems used by at least two exemplars, or by the prompt or source.
        Set<String> quotableStemSet = new HashSet<>();
        for (int i = 0; i < quotable.words.length; i++) {
            if (Terms.isContent(quotable, i)) {
                quotableStemSet.add(quotable.stems[i]);
                // Feedback names terms as written: a term only the prompt or source uses takes its spelling there.
                surfaceCounts.merge(quotable.stems[i] + '\t' + quotable.words[i], 1, Integer::sum);
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

        // The topical centroid (no scores), then what depends on the scores: bands, their centroids, key terms.
        int v = vocab.size();
        p.topicalSum = new float[v];
        SparseVector[] contents = new SparseVector[n];
        for (int e = 0; e < n; e++) {
            contents[e] = p.contentVector(texts.get(e));
            SparseVector topical = p.topicalVector(texts.get(e));
            for (int k = 0; k < topical.size(); k++) {
                p.topicalSum[topical.indices()[k]] += topical.values()[k];
            }
        }
        p.topicalNormSq = normSq(p.topicalSum);
        p.fitScores(quotable, contents, scores, null);
        return p;
    }

    /**
     * A copy whose score-dependent statistics (bands, band centroids and mean scores, key terms) come from the
     * exemplars with {@code use[e]} only, and everything else (vocabulary, document frequencies) is shared: the
     * profile a cross-validation fold may use without knowing the scores of the exemplars it holds out.
     *
     * @param contents each exemplar's {@link #contentVector}
     */
    PromptProfile withScoresOf(EssayText quotable, SparseVector[] contents, double[] scores, boolean[] use) {
        PromptProfile p = new PromptProfile();
        p.exemplarCount = exemplarCount;
        p.minScore = minScore;
        p.maxScore = maxScore;
        p.wordDf = wordDf;
        p.bigramDf = bigramDf;
        p.quotableWords = quotableWords;
        p.quotableBigrams = quotableBigrams;
        p.quotableShingles = quotableShingles;
        p.stemIds = stemIds;
        p.stemSurface = stemSurface;
        p.stemIdf = stemIdf;
        p.quotableStems = quotableStems;
        p.topicalSum = topicalSum;
        p.topicalNormSq = topicalNormSq;
        p.ngramIdf = ngramIdf;
        p.blockWeights = blockWeights;
        p.fitScores(quotable, contents, scores, use);
        return p;
    }

    /** Score bands, their content centroids and mean scores, and the key terms, from the exemplars in use (null: all). */
    private void fitScores(EssayText quotable, SparseVector[] contents, double[] scores, boolean[] use) {
        List<SparseVector> usedContents = new ArrayList<>();
        List<Double> usedScores = new ArrayList<>();
        for (int e = 0; e < contents.length; e++) {
            if (use == null || use[e]) {
                usedContents.add(contents[e]);
                usedScores.add(scores[e]);
            }
        }
        double[] s = usedScores.stream().mapToDouble(Double::doubleValue).toArray();
        bandEdges = bandEdges(s);
        int bands = bandEdges.length;
        int v = stemIdf.length;
        bandSums = new float[bands][v];
        bandCounts = new int[bands];
        bandMeanScore = new double[bands];
        for (int e = 0; e < s.length; e++) {
            SparseVector c = usedContents.get(e);
            int b = band(s[e]);
            bandCounts[b]++;
            bandMeanScore[b] += s[e];
            for (int k = 0; k < c.size(); k++) {
                bandSums[b][c.indices()[k]] += c.values()[k];
            }
        }
        bandNormSq = new double[bands];
        for (int b = 0; b < bands; b++) {
            bandNormSq[b] = normSq(bandSums[b]);
            bandMeanScore[b] = bandCounts[b] == 0 ? 0 : bandMeanScore[b] / bandCounts[b];
        }
        keyTerms = KeyTerms.select(this, quotable, usedContents.toArray(SparseVector[]::new), s);
    }

    /** Whether the stem is one of the key terms (a couple of dozen: a scan beats a set). */
    boolean isKeyTerm(int stemId) {
        for (int k : keyTerms) {
            if (k == stemId) {
                return true;
            }
        }
        return false;
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
            if (Terms.isContent(t, i) && !(topicalOnly && Lexicon.COMMON_WORDS.contains(t.words[i]))) {
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

    /**
     * The features of an essay. For an exemplar the profile was built from, pass its band ({@code selfBand >= 0}):
     * its own contribution is left out of every statistic so that its features look like a new essay's.
     */
    EssayFeatures features(EssayText t, int selfBand) {
        return FeatureExtractor.extract(this, t, selfBand);
    }

    Spelling.Candidates spellingCandidates() {
        Spelling.Candidates c = spellingCandidates;
        if (c == null) {
            c = Spelling.Candidates.of(this);
            spellingCandidates = c;
        }
        return c;
    }

    /** Whether a word counts as correctly spelled: common, in the prompt or source, or used by two other exemplars. */
    boolean isKnown(String w, boolean self) {
        if (Lexicon.COMMON_WORDS.contains(w) || quotableWords.contains(w)) {
            return true;
        }
        int df = wordDf.getOrDefault(w, 0) - (self ? 1 : 0);
        return df >= 2;
    }
}
