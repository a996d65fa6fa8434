package dev.assay.graders.essay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks the key terms that feedback names and that count towards key-term coverage: the prompt's and source's
 * most specific content terms (by tf-idf), then exemplar terms whose use goes with higher scores.
 */
final class KeyTerms {

    private static final int MAX_PROMPT_TERMS = 12;
    private static final int MAX_SCORE_TERMS = 12;

    private KeyTerms() {
    }

    /** The prompt's and source's most specific content terms, then terms typical of high scores. */
    static int[] select(PromptProfile p, EssayText quotable, SparseVector[] contents, double[] scores) {
        List<Integer> out = new ArrayList<>();
        // Prompt and source terms by tf-idf.
        Map<Integer, Double> promptWeight = new HashMap<>();
        for (int i = 0; i < quotable.words.length; i++) {
            Integer id = Terms.isContent(quotable, i) ? p.stemIds.get(quotable.stems[i]) : null;
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
}
