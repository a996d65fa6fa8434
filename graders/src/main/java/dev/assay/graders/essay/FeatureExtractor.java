package dev.assay.graders.essay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Computes an essay's hand-crafted features and n-gram vector against a {@link PromptProfile}: length, sentence
 * and word statistics, vocabulary, spelling, punctuation, prompt overlap and key terms, similarity to the
 * exemplars and their score bands, cohesion, repetition, seen word pairs and copying.
 */
final class FeatureExtractor {

    private FeatureExtractor() {
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
    static EssayFeatures extract(PromptProfile p, EssayText t, int selfBand) {
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
            if (t.numeric[i] || Terms.hasDigit(w)) {
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
            if (!p.isKnown(w, self)) {
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
            if (Terms.isContent(t, i)) {
                content++;
                Integer id = p.stemIds.get(t.stems[i]);
                if (id != null) {
                    stemsUsed.add(id);
                    if (p.quotableStems.contains(id)) {
                        inPrompt++;
                    }
                }
            }
        }
        f[26] = content == 0 ? 0 : (double) inPrompt / content;
        List<String> used = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (int k : p.keyTerms) {
            (stemsUsed.contains(k) ? used : missing).add(p.stemSurface[k]);
        }

        // Similarity to all exemplars, then to each score band.
        f[28] = cosineWithSum(p.topicalVector(t), p.topicalSum, p.topicalNormSq, self);
        scoreFeatures(p, p.contentVector(t), selfBand, f);

        // Coherence: content-stem overlap of adjacent sentences, and relative to any two sentences.
        int sentCap = Math.min(sentences, 60);
        List<Set<Integer>> sentStems = new ArrayList<>(sentCap);
        for (int s = 0; s < sentCap; s++) {
            Set<Integer> set = new HashSet<>();
            for (int i = t.sentenceStarts[s]; i < t.sentenceStarts[s + 1]; i++) {
                if (Terms.isContent(t, i)) {
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
        long[] sh = Terms.shingles(t);
        f[39] = sh.length == 0 ? 0 : 1 - (double) Terms.distinct(sh).length / sh.length;

        // Bigrams seen in other essays (gibberish), shingles of the prompt and source (copying).
        // Only bigrams of two known words count: an off-topic essay's unknown words say nothing about word order.
        long[] bigramHashes = Terms.bigramHashes(t);
        int seen = 0;
        int counted = 0;
        long[] distinctBigrams = self ? Terms.distinct(bigramHashes) : null;
        boolean[] known = new boolean[n];
        for (int i = 0; i < n; i++) {
            known[i] = Lexicon.isFunctionWord(t.words[i]) || p.isKnown(t.words[i], self);
        }
        for (int i = 0; i < bigramHashes.length; i++) {
            if (!known[i] || !known[i + 1]) {
                continue;
            }
            long b = bigramHashes[i];
            counted++;
            int df = p.bigramDf.get(b, 0);
            if (self && df > 0 && Arrays.binarySearch(distinctBigrams, b) >= 0) {
                df--;
            }
            if (df >= 2 || p.quotableBigrams.contains(b)) {
                seen++;
            }
        }
        f[40] = counted == 0 ? 1 : (double) seen / counted;
        int copied = 0;
        for (long s : sh) {
            if (p.quotableShingles.contains(s)) {
                copied++;
            }
        }
        f[41] = sh.length == 0 ? 0 : (double) copied / sh.length;
        f[42] = Math.log1p(stemsUsed.size());

        SparseVector ngrams = NgramVectorizer.vector(t, p.ngramIdf, p.blockWeights);
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
        keyTermsBySentence(p, t, out);
        return out;
    }

    /**
     * The most distinct key terms any one sentence uses, and any one list: a sentence of at least 4 words with no
     * function word but "and" and "or" (real essays' lists of that kind name at most two key terms).
     */
    private static void keyTermsBySentence(PromptProfile p, EssayText t, EssayFeatures out) {
        Set<Integer> inSentence = new HashSet<>();
        for (int s = 0; s + 1 < t.sentenceStarts.length; s++) {
            inSentence.clear();
            boolean list = t.sentenceStarts[s + 1] - t.sentenceStarts[s] >= 4;
            for (int i = t.sentenceStarts[s]; i < t.sentenceStarts[s + 1]; i++) {
                Integer id = p.stemIds.get(t.stems[i]);
                if (id != null && p.isKeyTerm(id)) {
                    inSentence.add(id);
                }
                String w = t.words[i];
                list &= !Lexicon.isFunctionWord(w) || w.equals("and") || w.equals("or");
            }
            out.keyTermsInOneSentence = Math.max(out.keyTermsInOneSentence, inSentence.size());
            if (list) {
                out.keyTermsInAList = Math.max(out.keyTermsInAList, inSentence.size());
            }
        }
    }

    /**
     * The features that depend on the exemplars' scores, written into {@code f}: key-term coverage, similarity to
     * each score band's centroid and the similarity-weighted expected score. Cross-validation recomputes them against
     * each fold's profile ({@link PromptProfile#withScoresOf}).
     *
     * @param content  the essay's {@link PromptProfile#contentVector} (its indices are the content stems it uses)
     * @param selfBand the essay's band when it is one of the exemplars the bands were built from (it is left out of
     *                 that band), else -1
     */
    static void scoreFeatures(PromptProfile p, SparseVector content, int selfBand, double[] f) {
        int used = 0;
        for (int k : p.keyTerms) {
            if (Arrays.binarySearch(content.indices(), k) >= 0) {
                used++;
            }
        }
        f[EssayFeatures.KEY_TERM_COVERAGE] = p.keyTerms.length == 0 ? 0 : (double) used / p.keyTerms.length;
        double expNum = 0;
        double expDen = 0;
        for (int b = 0; b < p.bandSums.length && b < EssayFeatures.MAX_BANDS; b++) {
            boolean own = b == selfBand;
            int count = p.bandCounts[b] - (own ? 1 : 0);
            double sim = count <= 0 ? 0 : cosineWithSum(content, p.bandSums[b], p.bandNormSq[b], own);
            f[EssayFeatures.SIM_BAND_0 + b] = sim;
            if (count > 0) {
                double w = Math.exp(20 * sim);
                expNum += w * p.bandMeanScore[b];
                expDen += w;
            }
        }
        double range = Math.max(1, p.maxScore - p.minScore);
        f[EssayFeatures.SIM_EXPECTED] = expDen == 0 ? 0.5 : (expNum / expDen - p.minScore) / range;
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
