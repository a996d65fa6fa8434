package dev.assay.graders.essay;

import dev.assay.graders.InvalidInputException;
import dev.assay.graders.Violation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A per-prompt scoring model learnt from staff-scored exemplars: ridge regression over standardised hand-crafted
 * features and hashed word and character n-grams, with rounding cut-points and a confidence model calibrated on
 * k-fold cross-validated predictions. Immutable and thread-safe once built; {@link EssayModelCodec} stores it.
 */
public final class EssayModel {

    /**
     * Version of the algorithm and of the stored form; part of the model id. 3: held-out training report, exemplar
     * copies; 4: confidence thresholds that count the essays the checks route ({@link AutoShare}); 5: the most key
     * terms in one exemplar sentence, for the keyword-list check. {@link EssayModelCodec} still reads versions 2 to 4
     * (2 and 3 take the share as it is; none of them has the keyword-list check).
     */
    public static final int FORMAT_VERSION = 5;
    /** Fewest exemplars a model can be trained on. */
    public static final int MIN_EXEMPLARS = 10;
    static final String HOLISTIC = "score";
    /** Scores from this share of the range up count as high (and need more evidence to be auto-accepted). */
    static final double HIGH_SHARE = 0.6;
    static final int MAX_ITERATIONS = 400;
    static final double TOLERANCE = 1e-4;
    /** Features whose exemplar distributions are kept for routing and feedback. */
    static final List<String> PROFILED = List.of("words", "topic_similarity", "bigram_coverage", "unknown_share",
            "repeated_5gram_share", "repeated_sentence_share", "coherence_adjacent", "coherence_ratio", "copy_share",
            "type_token_ratio", "long_word_share", "sentence_len_mean", "key_term_coverage", "distinct_words",
            "misplaced_markers", "shuffled_probability", "sim_top_band", "prompt_overlap", "order_rank", "anchor_coverage",
            "key_terms_in_one_sentence", "key_terms_in_a_list");

    final String id;
    final String assessmentFingerprint;
    final int minScore;
    final int maxScore;
    final TrainingOptions options;
    final PromptProfile profile;
    final double[] denseMean;
    final double[] denseSd;
    final List<TargetModel> targets;
    /** Feature name to its 101 percentiles over all exemplars ("name") and over the top band ("top:name"). */
    final Map<String, double[]> quantiles;
    final TrainingReport report;
    final OrderModel order;
    final TopicAnchors anchors;
    /** Median of the exemplars' (overall) scores: predictions above it are "high" and need more evidence. */
    final double medianScore;
    final ExemplarCopies exemplarCopies;
    /** See {@link AutoShare}; null for models stored before it, whose thresholds take the share as it is. */
    final double[] autoShareCurve;

    EssayModel(String id, String assessmentFingerprint, int minScore, int maxScore, TrainingOptions options,
               PromptProfile profile, double[] denseMean, double[] denseSd, List<TargetModel> targets,
               Map<String, double[]> quantiles, TrainingReport report, OrderModel order, TopicAnchors anchors,
               double medianScore, ExemplarCopies exemplarCopies, double[] autoShareCurve) {
        this.id = id;
        this.assessmentFingerprint = assessmentFingerprint;
        this.minScore = minScore;
        this.maxScore = maxScore;
        this.options = options;
        this.profile = profile;
        this.denseMean = denseMean;
        this.denseSd = denseSd;
        this.targets = List.copyOf(targets);
        this.quantiles = quantiles;
        this.report = report;
        this.order = order;
        this.anchors = anchors;
        this.medianScore = medianScore;
        this.exemplarCopies = exemplarCopies;
        this.autoShareCurve = autoShareCurve;
    }

    /** Model id: a fingerprint of the algorithm version, the assessment, the options and the exemplars. */
    public String id() {
        return id;
    }

    public String assessmentFingerprint() {
        return assessmentFingerprint;
    }

    public TrainingReport report() {
        return report;
    }

    public int exemplarCount() {
        return profile.exemplarCount;
    }

    /**
     * Whether the model can tell copies of its exemplars ({@link RouteReason#COPIES_EXEMPLAR}): models stored before
     * format 3 cannot; retrain them.
     */
    public boolean checksExemplarCopies() {
        return !exemplarCopies.isEmpty();
    }

    public static EssayModel train(EssayAssessment assessment, List<Exemplar> exemplars) {
        return train(assessment, exemplars, TrainingOptions.defaults());
    }

    /**
     * Trains a model. Exemplar scores must be whole points within the range (with a rubric: every criterion
     * scored within its own range); violations are reported as an {@link InvalidInputException} naming the
     * exemplar, e.g. {@code exemplars[3].score}.
     */
    public static EssayModel train(EssayAssessment assessment, List<Exemplar> exemplars, TrainingOptions options) {
        List<String> targetIds = new ArrayList<>();
        List<int[]> ranges = new ArrayList<>();
        if (assessment.hasRubric()) {
            for (Criterion c : assessment.criteria()) {
                targetIds.add(c.id());
                ranges.add(new int[] {c.minScore(), c.maxScore()});
            }
        } else {
            targetIds.add(HOLISTIC);
            ranges.add(new int[] {assessment.minScore(), assessment.maxScore()});
        }
        int n = exemplars.size();
        double[][] y = new double[targetIds.size()][n];
        double[] overall = new double[n];
        List<Violation> violations = new ArrayList<>();
        if (n < MIN_EXEMPLARS) {
            violations.add(new Violation("exemplars", "at least " + MIN_EXEMPLARS + " scored exemplars are needed, got " + n));
        }
        for (int e = 0; e < n; e++) {
            Exemplar ex = exemplars.get(e);
            if (ex.text().isBlank()) {
                violations.add(new Violation("exemplars[" + e + "].text", "must not be blank"));
            }
            for (int t = 0; t < targetIds.size(); t++) {
                double s;
                String field;
                if (assessment.hasRubric()) {
                    field = "exemplars[" + e + "].criterionScores." + targetIds.get(t);
                    Double v = ex.criterionScores().get(targetIds.get(t));
                    if (v == null) {
                        violations.add(new Violation(field, "missing"));
                        continue;
                    }
                    s = v;
                } else {
                    field = "exemplars[" + e + "].score";
                    s = ex.score();
                }
                int[] r = ranges.get(t);
                if (!(s >= r[0] && s <= r[1]) || s != Math.rint(s)) {
                    violations.add(new Violation(field, "must be a whole number from " + r[0] + " to " + r[1]));
                }
                y[t][e] = s;
                overall[e] += s;
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        for (int t = 0; t < targetIds.size(); t++) {
            double first = y[t][0];
            if (Arrays.stream(y[t]).allMatch(v -> v == first)) {
                throw new InvalidInputException(assessment.hasRubric() ? "exemplars[].criterionScores." + targetIds.get(t)
                        : "exemplars[].score", "exemplars must not all have the same score");
            }
        }

        List<EssayText> texts = new ArrayList<>(n);
        for (Exemplar ex : exemplars) {
            texts.add(EssayText.analyze(ex.text()));
        }
        PromptProfile profile = PromptProfile.build(assessment, texts, overall, options.blockWeights());
        EssayFeatures[] features = new EssayFeatures[n];
        for (int e = 0; e < n; e++) {
            features[e] = profile.features(texts.get(e), profile.band(overall[e]));
        }
        double[][] dense = new double[n][];
        for (int e = 0; e < n; e++) {
            dense[e] = features[e].dense;
        }
        double[][] standardisation = Design.meanAndSd(dense, null);
        double[] mean = standardisation[0];
        double[] sd = standardisation[1];
        Design design = Design.build(features, mean, sd, options.denseWeight());
        int[] folds = folds(overall, options.folds(), options.seed());
        OrderModel order = OrderModel.train(texts, options.seed());
        double median = median(overall);
        TopicAnchors anchors = TopicAnchors.build(texts, overall, median);
        for (int e = 0; e < n; e++) {
            features[e].shuffledProbability = order.trainingProbabilities[e];
            features[e].orderRank = order.trainingRanks[e];
            features[e].anchorCoverage = anchors.trainingCoverage[e];
        }
        Map<String, double[]> quantiles = quantiles(features, overall, profile, median);

        double[][] weights = new double[targetIds.size()][];
        for (int t = 0; t < targetIds.size(); t++) {
            weights[t] = TargetModel.solve(design, y[t], options);
        }
        SparseVector[] contents = new SparseVector[n];
        for (int e = 0; e < n; e++) {
            contents[e] = profile.contentVector(texts.get(e));
        }
        double[][] outOfFold = OutOfFold.predict(profile, EssayText.analyze(assessment.quotableText()), contents,
                features, overall, y, weights, folds, options);
        List<TargetModel> targetModels = new ArrayList<>();
        List<TargetModel.Fit> fits = new ArrayList<>();
        for (int t = 0; t < targetIds.size(); t++) {
            int[] r = ranges.get(t);
            TargetModel.Fit fit = TargetModel.fit(targetIds.get(t), r[0], r[1], design, weights[t], features, mean, sd,
                    y[t], outOfFold[t], folds, options.folds(), assessment.autoGradeShare());
            targetModels.add(fit.model());
            fits.add(fit);
        }
        String id = modelId(assessment, exemplars, options);
        EssayModel model = new EssayModel(id, assessment.fingerprint(), assessment.minScore(), assessment.maxScore(),
                options, profile, mean, sd, targetModels, quantiles,
                new TrainingReport(n, options.folds(), fits.stream().map(TargetModel.Fit::report).toList(), null),
                order, anchors, median, ExemplarCopies.build(profile.quotableShingles, exemplars, texts, overall), null);
        boolean[] passes = passesChecks(assessment, model, texts);
        double[][] confidences = new double[targetModels.size()][];
        for (int t = 0; t < confidences.length; t++) {
            confidences[t] = targetModels.get(t).trainingConfidences;
        }
        double[] curve = AutoShare.curve(passes, confidences, targetModels);
        double confidenceShare = AutoShare.confidenceShare(curve, assessment.autoGradeShare());
        int passing = 0;
        for (boolean p : passes) {
            passing += p ? 1 : 0;
        }
        TrainingReport report = new TrainingReport(n, options.folds(),
                fits.stream().map(f -> f.reportAt(confidenceShare)).toList(), TargetModel.round4((double) passing / n));
        return new EssayModel(id, assessment.fingerprint(), assessment.minScore(), assessment.maxScore(), options,
                profile, mean, sd, targetModels, quantiles, report, order, anchors, median, model.exemplarCopies, curve);
    }

    /** Whether the validity checks let each exemplar through, judged by the finished model as a new essay would be. */
    private static boolean[] passesChecks(EssayAssessment assessment, EssayModel model, List<EssayText> texts) {
        boolean[] passes = new boolean[texts.size()];
        for (int e = 0; e < passes.length; e++) {
            EssayText text = texts.get(e);
            passes[e] = ValidityChecks.check(assessment, model, text, model.features(text)).reasons().isEmpty();
        }
        return passes;
    }

    /** Stratified fold assignment: exemplars sorted by score (ties shuffled), dealt round-robin. */
    static int[] folds(double[] scores, int k, long seed) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        double[] jitter = new double[n];
        Random random = new Random(seed);
        for (int i = 0; i < n; i++) {
            order[i] = i;
            jitter[i] = random.nextDouble();
        }
        Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Double.compare(scores[a], scores[b])
                : Double.compare(jitter[a], jitter[b]));
        int[] fold = new int[n];
        for (int i = 0; i < n; i++) {
            fold[order[i]] = i % k;
        }
        return fold;
    }

    static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /**
     * Percentiles of each profiled feature over all exemplars ("name"), the top score band ("top:name") and the
     * exemplars scored above the median ("high:name").
     */
    private static Map<String, double[]> quantiles(EssayFeatures[] features, double[] overall, PromptProfile profile,
                                                   double median) {
        Map<String, double[]> out = new LinkedHashMap<>();
        int topBand = profile.bands() - 1;
        for (String name : PROFILED) {
            double[] all = new double[features.length];
            double[] top = new double[features.length];
            double[] high = new double[features.length];
            int topCount = 0;
            int highCount = 0;
            for (int e = 0; e < features.length; e++) {
                double v = profiledValue(features[e], name, profile.bands());
                all[e] = v;
                if (profile.band(overall[e]) == topBand) {
                    top[topCount++] = v;
                }
                if (overall[e] > median) {
                    high[highCount++] = v;
                }
            }
            out.put(name, percentiles(all));
            if (topCount > 0) {
                out.put("top:" + name, percentiles(Arrays.copyOf(top, topCount)));
            }
            if (highCount > 0) {
                out.put("high:" + name, percentiles(Arrays.copyOf(high, highCount)));
            }
        }
        return out;
    }

    static double profiledValue(EssayFeatures f, String name, int bands) {
        return switch (name) {
            case "words" -> f.wordCount;
            case "distinct_words" -> f.distinctWords;
            case "misplaced_markers" -> f.misplacedMarkers;
            case "shuffled_probability" -> f.shuffledProbability;
            case "order_rank" -> f.orderRank;
            case "anchor_coverage" -> f.anchorCoverage;
            case "key_terms_in_one_sentence" -> f.keyTermsInOneSentence;
            case "key_terms_in_a_list" -> f.keyTermsInAList;
            case "sim_top_band" -> f.dense[EssayFeatures.SIM_BAND_0 + Math.min(EssayFeatures.MAX_BANDS, bands) - 1];
            default -> f.get(name);
        };
    }

    static double[] percentiles(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] out = new double[101];
        for (int p = 0; p <= 100; p++) {
            double pos = p / 100.0 * (sorted.length - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(sorted.length - 1, lo + 1);
            out[p] = sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
        }
        return out;
    }

    /** The value at percentile p (0..100) of an exemplar feature distribution, or NaN if unknown. */
    double percentile(String name, int p) {
        double[] q = quantiles.get(name);
        return q == null ? Double.NaN : q[p];
    }

    private static String modelId(EssayAssessment assessment, List<Exemplar> exemplars, TrainingOptions options) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(("essay-model/" + FORMAT_VERSION + "/" + assessment.fingerprint() + "/" + options)
                    .getBytes(StandardCharsets.UTF_8));
            for (Exemplar e : exemplars) {
                byte[] text = e.text().getBytes(StandardCharsets.UTF_8);
                digest.update(Integer.toString(text.length).getBytes(StandardCharsets.UTF_8));
                digest.update(text);
                digest.update(("|" + e.score() + "|" + new java.util.TreeMap<>(e.criterionScores()))
                        .getBytes(StandardCharsets.UTF_8));
            }
            return "essay-v" + FORMAT_VERSION + "-" + HexFormat.of().formatHex(digest.digest()).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Features of a new essay under this model. */
    public EssayFeatures features(EssayText text) {
        return profile.features(text, -1);
    }

    public EssayFeatures features(String essay) {
        return features(EssayText.analyze(essay));
    }

    /** Scores of every target (the holistic score, or each rubric criterion in order). */
    public List<ScorePrediction> predict(EssayFeatures features) {
        List<ScorePrediction> out = new ArrayList<>(targets.size());
        for (TargetModel t : targets) {
            out.add(t.predict(features, denseMean, denseSd, options.denseWeight()));
        }
        return out;
    }

    public List<ScorePrediction> predict(String essay) {
        return predict(features(essay));
    }

    /**
     * The confidence at or above which an essay is auto-accepted so that about {@code share} of essays like the
     * exemplars are, counting the essays the validity checks route whatever their confidence (see {@link AutoShare}).
     */
    public double confidenceThreshold(double share) {
        return confidenceThreshold(0, share);
    }

    /**
     * The confidence threshold of a target for the assessment's auto-grade {@code share} of essays: set lower than
     * the plain quantile so that, after the validity checks and the other targets, about that share is auto-graded.
     */
    double confidenceThreshold(int target, double share) {
        return targets.get(target).confidenceThreshold(AutoShare.confidenceShare(autoShareCurve, share));
    }
}
