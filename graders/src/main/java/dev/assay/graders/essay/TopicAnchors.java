package dev.assay.graders.essay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the prompt is about, as the high-scored exemplars show it: their anchor terms are the specific content
 * terms (not function words, common words or {@link Lexicon#GENERAL_WORDS}) that at least {@link #MIN_SHARE} of
 * them use, and an essay's anchor coverage is the share of anchors it uses, each weighted by how many high-scored
 * exemplars use it. Topical similarity weighs terms by rarity, so an essay from another prompt of the same genre
 * (two personal narratives) can look as similar as a real one; it cannot avoid the one or two words that nearly
 * every good answer to this prompt uses ("patient" when asked about patience). Misspelled anchors count (one edit
 * for words up to six letters, two for longer ones), because weak spellers write good essays too.
 */
final class TopicAnchors {

    static final double MIN_SHARE = 0.3;
    static final int MAX_ANCHORS = 30;
    /**
     * Percentile of the high-scored exemplars' coverage and density taken as the limits (that share of good
     * essays is routed). Chosen on the ASAP validity cases: 3 let 4 of 60 prompt-8 essays through under prompt 7,
     * 8 none, for 1-8 more real essays routed per prompt (of 145-361).
     */
    static final int LIMIT_PERCENTILE = 8;
    private static final Set<String> GENERAL_STEMS =
            Set.copyOf(EssayText.analyze(String.join(" ", Lexicon.GENERAL_WORDS)).stems());

    /** Anchor stems, their most frequent written form and the share of high-scored exemplars using them. */
    final String[] stems;
    final String[] surfaces;
    final double[] shares;
    /** Coverage under which an essay predicted above the median is routed (0: no check). */
    final double limit;
    /** Anchor uses per 100 words (weighted by share) under which an essay predicted above the median is routed. */
    final double densityLimit;
    /** For the texts it was built from: their coverage, each leaving itself out (not stored). */
    double[] trainingCoverage = new double[0];

    /** How an essay uses the anchors: weighted share of anchors used, and weighted uses per 100 words. */
    record Use(double coverage, double density) {
    }
    private final Map<String, Integer> index = new HashMap<>();

    TopicAnchors(String[] stems, String[] surfaces, double[] shares, double limit, double densityLimit) {
        this.stems = stems;
        this.surfaces = surfaces;
        this.shares = shares;
        this.limit = limit;
        this.densityLimit = densityLimit;
        for (int i = 0; i < stems.length; i++) {
            index.put(stems[i], i);
        }
    }

    static boolean isSpecific(EssayText t, int i) {
        return Terms.isContent(t, i) && !Lexicon.COMMON_WORDS.contains(t.words[i])
                && !Lexicon.GENERAL_WORDS.contains(t.words[i]) && !GENERAL_STEMS.contains(t.stems[i]);
    }

    /** Builds the anchors from the exemplars scored above {@code median}. */
    static TopicAnchors build(List<EssayText> texts, double[] scores, double median) {
        List<Integer> high = new ArrayList<>();
        for (int e = 0; e < texts.size(); e++) {
            if (scores[e] > median) {
                high.add(e);
            }
        }
        Map<String, Integer> df = new HashMap<>();
        Map<String, Map<String, Integer>> forms = new HashMap<>();
        for (int e : high) {
            EssayText t = texts.get(e);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < t.words.length; i++) {
                if (isSpecific(t, i)) {
                    seen.add(t.stems[i]);
                    forms.computeIfAbsent(t.stems[i], k -> new HashMap<>()).merge(t.words[i], 1, Integer::sum);
                }
            }
            seen.forEach(s -> df.merge(s, 1, Integer::sum));
        }
        int n = high.size();
        List<Map.Entry<String, Integer>> chosen = df.entrySet().stream()
                .filter(en -> n >= 10 && en.getValue() >= MIN_SHARE * n)
                .sorted((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey())
                        : Integer.compare(b.getValue(), a.getValue()))
                .limit(MAX_ANCHORS).toList();
        String[] stems = new String[chosen.size()];
        String[] surfaces = new String[chosen.size()];
        double[] shares = new double[chosen.size()];
        for (int a = 0; a < stems.length; a++) {
            stems[a] = chosen.get(a).getKey();
            shares[a] = (double) chosen.get(a).getValue() / n;
            surfaces[a] = forms.get(stems[a]).entrySet().stream()
                    .max((x, y) -> x.getValue().equals(y.getValue()) ? y.getKey().compareTo(x.getKey())
                            : Integer.compare(x.getValue(), y.getValue()))
                    .orElseThrow().getKey();
        }
        TopicAnchors sums = new TopicAnchors(stems, surfaces, shares, 0, 0);
        double[] coverage = new double[texts.size()];
        double[] highCoverage = new double[n];
        double[] highDensity = new double[n];
        Set<Integer> highSet = new HashSet<>(high);
        for (int e = 0; e < texts.size(); e++) {
            coverage[e] = sums.use(texts.get(e), highSet.contains(e) ? n : 0).coverage();
        }
        for (int k = 0; k < n; k++) {
            highCoverage[k] = coverage[high.get(k)];
            highDensity[k] = sums.use(texts.get(high.get(k)), n).density();
        }
        double limit = 0;
        double densityLimit = 0;
        if (stems.length > 0) {
            Arrays.sort(highCoverage);
            Arrays.sort(highDensity);
            int at = (int) Math.floor(LIMIT_PERCENTILE / 100.0 * (n - 1));
            limit = highCoverage[at];
            densityLimit = highDensity[at];
        }
        TopicAnchors out = new TopicAnchors(stems, surfaces, shares, limit, densityLimit);
        out.trainingCoverage = coverage;
        return out;
    }

    /** How the essay uses the anchors (coverage 1 when there are no anchors). */
    Use use(EssayText t) {
        return use(t, 0);
    }

    /** With {@code selfOf > 0} the essay is one of that many high-scored exemplars: its own use is left out. */
    private Use use(EssayText t, int selfOf) {
        if (stems.length == 0) {
            return new Use(1, 0);
        }
        int[] uses = new int[stems.length];
        Map<String, Integer> words = new HashMap<>();
        for (int i = 0; i < t.words.length; i++) {
            Integer a = index.get(t.stems[i]);
            if (a != null) {
                uses[a]++;
            } else if (t.words[i].length() >= 4 && !t.numeric[i]) {
                words.merge(t.words[i], 1, Integer::sum);
            }
        }
        for (Map.Entry<String, Integer> w : words.entrySet()) {
            for (int a = 0; a < stems.length; a++) {
                if (misspelling(w.getKey(), surfaces[a])) {
                    uses[a] += w.getValue();
                    break;
                }
            }
        }
        double num = 0;
        double den = 0;
        double weightedUses = 0;
        for (int a = 0; a < stems.length; a++) {
            double share = selfOf > 0 ? (shares[a] * selfOf - (uses[a] > 0 ? 1 : 0)) / (selfOf - 1) : shares[a];
            den += share;
            if (uses[a] > 0) {
                num += share;
                weightedUses += share * uses[a];
            }
        }
        return new Use(den <= 0 ? 1 : num / den, 100 * weightedUses / Math.max(1, t.words.length));
    }

    /** Within one edit (words up to six letters) or two (longer), with the same first letter. */
    static boolean misspelling(String w, String anchor) {
        if (anchor.length() < 5 || w.charAt(0) != anchor.charAt(0)) {
            return false;
        }
        int max = anchor.length() <= 6 ? 1 : 2;
        if (Math.abs(w.length() - anchor.length()) > max) {
            return false;
        }
        return editDistance(w, anchor, max) <= max;
    }

    /** Levenshtein distance with adjacent transpositions, stopping early once it exceeds {@code max}. */
    static int editDistance(String a, String b, int max) {
        int n = a.length();
        int m = b.length();
        int[] prev2 = new int[m + 1];
        int[] prev = new int[m + 1];
        int[] cur = new int[m + 1];
        for (int j = 0; j <= m; j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= n; i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, prev2[j - 2] + 1);
                }
                cur[j] = v;
                rowMin = Math.min(rowMin, v);
            }
            if (rowMin > max) {
                return max + 1;
            }
            int[] tmp = prev2;
            prev2 = prev;
            prev = cur;
            cur = tmp;
        }
        return prev[m];
    }

    /** The anchors as written, most used first (for staff evidence). */
    List<String> terms() {
        return List.of(surfaces);
    }
}
