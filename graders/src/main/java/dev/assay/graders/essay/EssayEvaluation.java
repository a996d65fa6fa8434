package dev.assay.graders.essay;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Trains one model per prompt on scored essays and measures it on held-out essays (ASAP-AES layout): QWK of the
 * model's scores against the resolved scores, and optionally the hybrid figure, where the least confident
 * essays (and any the grader routes) take the second human rater's score, compared with the first rater.
 */
public final class EssayEvaluation {

    /**
     * @param exemplars    exemplars per prompt to train on (a seeded random sample), or 0 for all
     * @param hybridShare  share of essays auto-scored in the hybrid figure, or NaN for none
     */
    public record Options(int exemplars, double hybridShare, long seed, TrainingOptions training) {

        public static Options defaults() {
            return new Options(0, Double.NaN, 1, TrainingOptions.defaults());
        }
    }

    /**
     * @param qwk       test QWK of the model's scores against the resolved scores
     * @param cvQwk     the model's own cross-validated QWK on its exemplars
     * @param hybrid    hybrid figures, or null
     */
    public record PromptResult(int prompt, int minScore, int maxScore, int trained, int tested, double qwk,
                               double exactAgreement, double cvQwk, double trainSeconds, Hybrid hybrid) {
    }

    /**
     * @param autoShare      share of essays auto-scored (the rest routed)
     * @param qwk            QWK of the combined result (auto scores, second rater for routed) against rater 1
     * @param humanQwk       QWK of rater 2 against rater 1 (the all-human reference)
     * @param modelQwk       QWK of the model's score for every essay against rater 1
     * @param autoQwk        QWK over the auto-scored essays only, model against rater 1
     * @param routedByChecks essays routed for a reason other than low confidence
     */
    public record Hybrid(double autoShare, double qwk, double humanQwk, double modelQwk, double autoQwk,
                         int routedByChecks) {
    }

    public record Result(List<PromptResult> prompts) {

        public double averageQwk() {
            return prompts.stream().mapToDouble(PromptResult::qwk).average().orElse(0);
        }

        public double averageHybridQwk() {
            return prompts.stream().filter(p -> p.hybrid() != null).mapToDouble(p -> p.hybrid().qwk()).average().orElse(0);
        }

        public double averageHumanQwk() {
            return prompts.stream().filter(p -> p.hybrid() != null).mapToDouble(p -> p.hybrid().humanQwk()).average().orElse(0);
        }
    }

    /** Score range of each ASAP-AES prompt's resolved score (domain1_score). */
    public static final Map<Integer, int[]> ASAP_RANGES = Map.of(
            1, new int[] {2, 12}, 2, new int[] {1, 6}, 3, new int[] {0, 3}, 4, new int[] {0, 3},
            5, new int[] {0, 4}, 6, new int[] {0, 4}, 7, new int[] {0, 30}, 8, new int[] {0, 60});

    private EssayEvaluation() {
    }

    public static Result evaluate(List<AsapTsv.Essay> train, List<AsapTsv.Essay> test, Options options) {
        Map<Integer, List<AsapTsv.Essay>> trainBy = train.stream().collect(Collectors.groupingBy(AsapTsv.Essay::prompt,
                TreeMap::new, Collectors.toList()));
        Map<Integer, List<AsapTsv.Essay>> testBy = test.stream().collect(Collectors.groupingBy(AsapTsv.Essay::prompt,
                TreeMap::new, Collectors.toList()));
        List<PromptResult> results = new ArrayList<>();
        for (Map.Entry<Integer, List<AsapTsv.Essay>> entry : testBy.entrySet()) {
            int prompt = entry.getKey();
            List<AsapTsv.Essay> trainSet = trainBy.getOrDefault(prompt, List.of());
            if (trainSet.size() < EssayModel.MIN_EXEMPLARS) {
                continue;
            }
            results.add(evaluatePrompt(prompt, trainSet, entry.getValue(), options));
        }
        return new Result(results);
    }

    static PromptResult evaluatePrompt(int prompt, List<AsapTsv.Essay> trainSet, List<AsapTsv.Essay> testSet,
                                       Options options) {
        int[] range = range(prompt, trainSet);
        List<AsapTsv.Essay> sample = new ArrayList<>(trainSet);
        if (options.exemplars() > 0 && options.exemplars() < sample.size()) {
            Collections.shuffle(sample, new Random(options.seed() * 31 + prompt));
            sample = sample.subList(0, options.exemplars());
        }
        List<Exemplar> exemplars = sample.stream().map(e -> new Exemplar(e.text(), e.score())).toList();
        double share = Double.isNaN(options.hybridShare()) ? EssayAssessment.DEFAULT_AUTO_GRADE_SHARE : options.hybridShare();
        EssayAssessment assessment = new EssayAssessment("", "", range[0], range[1], share, List.of());
        long start = System.nanoTime();
        EssayModel model = EssayModel.train(assessment, exemplars, options.training());
        double trainSeconds = (System.nanoTime() - start) / 1e9;

        int n = testSet.size();
        int[] predicted = new int[n];
        int[] truth = new int[n];
        double[] confidence = new double[n];
        List<ValidityChecks.Checks> checks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            AsapTsv.Essay e = testSet.get(i);
            EssayText text = EssayText.analyze(e.text());
            EssayFeatures f = model.features(text);
            ScorePrediction p = model.predict(f).get(0);
            predicted[i] = p.score();
            confidence[i] = p.confidence();
            truth[i] = e.score();
            if (!Double.isNaN(options.hybridShare())) {
                checks.add(ValidityChecks.check(assessment, model, text, f));
            }
        }
        double qwk = Qwk.qwk(predicted, truth, range[0], range[1]);
        Hybrid hybrid = Double.isNaN(options.hybridShare()) ? null
                : hybrid(testSet, predicted, confidence, checks, options.hybridShare(), range, trainSet);
        return new PromptResult(prompt, range[0], range[1], exemplars.size(), n, qwk,
                Qwk.exactAgreement(predicted, truth), model.report().qwk(), trainSeconds, hybrid);
    }

    private static int[] range(int prompt, List<AsapTsv.Essay> essays) {
        int[] known = ASAP_RANGES.get(prompt);
        if (known != null) {
            return known.clone();
        }
        int min = essays.stream().mapToInt(AsapTsv.Essay::score).min().orElse(0);
        int max = essays.stream().mapToInt(AsapTsv.Essay::score).max().orElse(1);
        return new int[] {min, Math.max(max, min + 1)};
    }

    /**
     * The hybrid figure. Raters score on their own scale (for ASAP prompts 1, 7 and 8 the resolved score is the
     * sum of two raters), so rater scores are multiplied by the ratio of the resolved to the rater scale found
     * in the training data. The essays with the lowest confidence, and every essay a check routes, take rater
     * 2's score; auto-scored essays keep the model's; all are compared with rater 1.
     */
    private static Hybrid hybrid(List<AsapTsv.Essay> test, int[] predicted, double[] confidence,
                                 List<ValidityChecks.Checks> checks, double share, int[] range,
                                 List<AsapTsv.Essay> train) {
        double resolved = 0;
        double rater = 0;
        for (AsapTsv.Essay e : train) {
            if (e.rater1() >= 0) {
                resolved += e.score();
                rater += e.rater1();
            }
        }
        int factor = rater <= 0 ? 1 : (int) Math.max(1, Math.round(resolved / rater));
        List<Integer> usable = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            if (test.get(i).rater1() >= 0 && test.get(i).rater2() >= 0) {
                usable.add(i);
            }
        }
        int n = usable.size();
        int[] r1 = new int[n];
        int[] r2 = new int[n];
        int[] model = new int[n];
        int[] combined = new int[n];
        Integer[] byConfidence = new Integer[n];
        boolean[] flagged = new boolean[n];
        int routedByChecks = 0;
        for (int k = 0; k < n; k++) {
            int i = usable.get(k);
            r1[k] = test.get(i).rater1() * factor;
            r2[k] = test.get(i).rater2() * factor;
            model[k] = predicted[i];
            byConfidence[k] = k;
            flagged[k] = !checks.get(i).reasons().isEmpty();
            if (flagged[k]) {
                routedByChecks++;
            }
        }
        java.util.Arrays.sort(byConfidence, (a, b) -> Double.compare(confidence[usable.get(b)], confidence[usable.get(a)]));
        int autoTarget = (int) Math.round(share * n);
        boolean[] auto = new boolean[n];
        int autoCount = 0;
        for (int k = 0; k < n && autoCount < autoTarget; k++) {
            int idx = byConfidence[k];
            if (!flagged[idx]) {
                auto[idx] = true;
                autoCount++;
            }
        }
        List<Integer> autoIdx = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            combined[k] = auto[k] ? model[k] : r2[k];
            if (auto[k]) {
                autoIdx.add(k);
            }
        }
        int[] autoModel = autoIdx.stream().mapToInt(k -> model[k]).toArray();
        int[] autoR1 = autoIdx.stream().mapToInt(k -> r1[k]).toArray();
        return new Hybrid(n == 0 ? 0 : (double) autoCount / n, Qwk.qwk(combined, r1, range[0], range[1]),
                Qwk.qwk(r2, r1, range[0], range[1]), Qwk.qwk(model, r1, range[0], range[1]),
                Qwk.qwk(autoModel, autoR1, range[0], range[1]), routedByChecks);
    }
}
