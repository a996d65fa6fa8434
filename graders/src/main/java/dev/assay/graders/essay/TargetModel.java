package dev.assay.graders.essay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The regression, rounding and confidence model of one target (the holistic score or a rubric criterion). */
final class TargetModel {

    static final int CONFIDENCE_FEATURES = 8;

    final String target;
    final int min;
    final int max;
    final double intercept;
    /** Weight of each global column (n-gram indices, standardised dense features, bias). */
    final float[] weights;
    /** Affine map of the regression output before rounding. */
    final double scale;
    final double shift;
    /** Cut-points between consecutive levels (max - min of them). */
    final double[] cuts;
    final int tolerance;
    /** Logistic model of agreement within tolerance. */
    final double[] calibration;
    /** 101 percentiles of the exemplars' cross-validated confidences. */
    final double[] confidencePercentiles;
    /** For the texts it was trained on: their cross-validated confidences (not stored). */
    double[] trainingConfidences = new double[0];

    TargetModel(String target, int min, int max, double intercept, float[] weights, double scale, double shift,
                double[] cuts, int tolerance, double[] calibration, double[] confidencePercentiles) {
        this.target = target;
        this.min = min;
        this.max = max;
        this.intercept = intercept;
        this.weights = weights;
        this.scale = scale;
        this.shift = shift;
        this.cuts = cuts;
        this.tolerance = tolerance;
        this.calibration = calibration;
        this.confidencePercentiles = confidencePercentiles;
    }

    static int toleranceFor(int min, int max) {
        return (max - min) / 10;
    }

    /**
     * @param accuracyAt the report's held-out accuracy at another confidence share (the one that auto-grades the
     *                   assessment's share once the checks are counted, known only when the model is complete)
     */
    record Fit(TargetModel model, TrainingReport.TargetReport report, java.util.function.DoubleUnaryOperator accuracyAt) {

        TrainingReport.TargetReport reportAt(double confidenceShare) {
            TrainingReport.TargetReport r = report;
            return new TrainingReport.TargetReport(r.target(), r.minScore(), r.maxScore(), r.qwk(), r.exactAgreement(),
                    r.adjacentAgreement(), r.tolerance(), r.withinTolerance(), accuracyAt.applyAsDouble(confidenceShare));
        }
    }

    /** Ridge weights (one per column of the design) over all exemplars, for scores {@code y} centred on their mean. */
    static double[] solve(Design design, double[] y, TrainingOptions options) {
        int n = y.length;
        RidgeSolver solver = new RidgeSolver(design.rowPtr, design.cols, design.vals, design.columns.length);
        int[] all = new int[n];
        double yMean = Arrays.stream(y).average().orElse(0);
        double[] centred = new double[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
            centred[i] = y[i] - yMean;
        }
        return solver.solve(all, centred, options.lambda(), null, EssayModel.MAX_ITERATIONS, EssayModel.TOLERANCE);
    }

    /**
     * The target's model from its ridge weights and the exemplars' out-of-fold predictions ({@link OutOfFold}).
     * Rounding and confidence are learnt from the out-of-fold predictions, and so is the report, which must not
     * grade them with rules tuned on the very predictions it grades: each fold's predictions are rounded with a
     * stretch and cut-points learnt from the other folds, and the report's agreement figures, the confidence model
     * and the report's accuracy at the auto-grade share are computed from those held-out levels (the latter with a
     * confidence model and threshold fitted on the other folds too). The model itself rounds with a stretch and
     * cut-points learnt from all out-of-fold predictions.
     */
    static Fit fit(String target, int min, int max, Design design, double[] full, EssayFeatures[] features,
                   double[] mean, double[] sd, double[] y, double[] oof, int[] folds, int foldCount, double autoShare) {
        int n = y.length;
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = (int) Math.round(y[i]);
        }
        double yMean = Arrays.stream(y).average().orElse(0);
        Rounding rounding = Rounding.learn(oof, y, truth, null, min, max);

        // Held-out levels: each fold rounded by what the other folds learnt.
        double[] z = new double[n];
        int[] levels = new int[n];
        double[][] cutsUsed = new double[n][];
        for (int f = 0; f < foldCount; f++) {
            boolean[] others = new boolean[n];
            boolean any = false;
            for (int i = 0; i < n; i++) {
                others[i] = folds[i] != f;
                any |= !others[i];
            }
            if (!any) {
                continue;
            }
            Rounding fold = Rounding.learn(oof, y, truth, others, min, max);
            for (int i = 0; i < n; i++) {
                if (!others[i]) {
                    z[i] = fold.stretch(oof[i]);
                    levels[i] = level(z[i], fold.cuts(), min);
                    cutsUsed[i] = fold.cuts();
                }
            }
        }
        int tolerance = toleranceFor(min, max);

        // Confidence: logistic regression of "within tolerance" on where the prediction falls and how typical
        // the essay is, fitted on the held-out levels.
        double[][] g = new double[n][];
        double[] agree = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = confidenceFeatures(z[i], cutsUsed[i], min, max, features[i], mean, sd);
            agree[i] = Math.abs(levels[i] - truth[i]) <= tolerance ? 1 : 0;
        }
        double[] calibration = Logistic.fit(g, agree, 1e-2);
        double[] confidences = new double[n];
        for (int i = 0; i < n; i++) {
            confidences[i] = Logistic.probability(calibration, g[i]);
        }
        double[] confidencePercentiles = EssayModel.percentiles(confidences);

        float[] weights = new float[Design.globalDimension()];
        for (int c = 0; c < full.length; c++) {
            weights[design.columns[c]] = (float) full[c];
        }
        TargetModel model = new TargetModel(target, min, max, yMean, weights, rounding.scale(), rounding.shift(),
                rounding.cuts(), tolerance, calibration, confidencePercentiles);
        model.trainingConfidences = confidences;
        TrainingReport.TargetReport report = new TrainingReport.TargetReport(target, min, max,
                round4(Qwk.qwk(levels, truth, min, max)), round4(Qwk.exactAgreement(levels, truth)),
                round4(Qwk.withinAgreement(levels, truth, 1)), tolerance,
                round4(Qwk.withinAgreement(levels, truth, tolerance)),
                round4(heldOutAutoShareAccuracy(g, agree, folds, foldCount, autoShare)));
        return new Fit(model, report, share -> round4(heldOutAutoShareAccuracy(g, agree, folds, foldCount, share)));
    }

    /**
     * Share within tolerance among the exemplars that would be auto-accepted at {@code share}, each fold judged by a
     * confidence model and threshold fitted on the other folds (0 when none would be).
     */
    private static double heldOutAutoShareAccuracy(double[][] g, double[] agree, int[] folds, int foldCount,
                                                   double share) {
        int accepted = 0;
        int acceptedRight = 0;
        for (int f = 0; f < foldCount; f++) {
            List<double[]> trainG = new ArrayList<>();
            List<Double> trainAgree = new ArrayList<>();
            for (int i = 0; i < g.length; i++) {
                if (folds[i] != f) {
                    trainG.add(g[i]);
                    trainAgree.add(agree[i]);
                }
            }
            if (trainG.size() == g.length || trainG.isEmpty()) {
                continue;
            }
            double[] calibration = Logistic.fit(trainG.toArray(double[][]::new),
                    trainAgree.stream().mapToDouble(Double::doubleValue).toArray(), 1e-2);
            double[] trainConfidence = new double[trainG.size()];
            for (int k = 0; k < trainConfidence.length; k++) {
                trainConfidence[k] = Logistic.probability(calibration, trainG.get(k));
            }
            double threshold = threshold(EssayModel.percentiles(trainConfidence), share);
            for (int i = 0; i < g.length; i++) {
                if (folds[i] == f && Logistic.probability(calibration, g[i]) >= threshold) {
                    accepted++;
                    acceptedRight += agree[i] > 0 ? 1 : 0;
                }
            }
        }
        return accepted == 0 ? 0 : (double) acceptedRight / accepted;
    }

    static double round4(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static double sd(double[] v, double mean) {
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return Math.sqrt(s / Math.max(1, v.length));
    }

    static int level(double z, double[] cuts, int min) {
        int l = 0;
        while (l < cuts.length && z >= cuts[l]) {
            l++;
        }
        return min + l;
    }

    /**
     * How raw regression output becomes a level: stretched ({@code scale * raw + shift}) from the shrunk spread of
     * ridge predictions to the spread of the scores, then cut at QWK-optimised points.
     */
    record Rounding(double scale, double shift, double[] cuts) {

        /** Learnt from the out-of-fold predictions {@code oof} of the exemplars in use (null: all). */
        static Rounding learn(double[] oof, double[] y, int[] truth, boolean[] use, int min, int max) {
            int m = 0;
            for (int i = 0; i < oof.length; i++) {
                m += use == null || use[i] ? 1 : 0;
            }
            double[] o = new double[m];
            double[] s = new double[m];
            int[] t = new int[m];
            for (int i = 0, k = 0; i < oof.length; i++) {
                if (use == null || use[i]) {
                    o[k] = oof[i];
                    s[k] = y[i];
                    t[k++] = truth[i];
                }
            }
            double oofMean = Arrays.stream(o).average().orElse(0);
            double yMean = Arrays.stream(s).average().orElse(0);
            double oofSd = sd(o, oofMean);
            double scale = oofSd > 1e-9 ? Math.max(1, Math.min(2.5, sd(s, yMean) / oofSd)) : 1;
            double shift = yMean - scale * oofMean;
            double[] z = new double[m];
            for (int i = 0; i < m; i++) {
                z[i] = scale * o[i] + shift;
            }
            return new Rounding(scale, shift, optimiseCuts(z, t, min, max));
        }

        double stretch(double raw) {
            return scale * raw + shift;
        }
    }

    /**
     * Cut-points that maximise QWK of the rounded predictions against the truth: half-way points to start with,
     * then each moved (by coordinate search, within 0.6 of its starting place and keeping the order) while that
     * helps. Sparse levels are left where they are.
     */
    static double[] optimiseCuts(double[] z, int[] truth, int min, int max) {
        int k = max - min;
        double[] cuts = new double[k];
        for (int i = 0; i < k; i++) {
            cuts[i] = min + i + 0.5;
        }
        int[] levels = new int[z.length];
        double best = qwkWith(z, truth, cuts, min, max, levels);
        for (int pass = 0; pass < 3; pass++) {
            boolean improved = false;
            for (int c = 0; c < k; c++) {
                double lo = Math.max(min + c + 0.5 - 0.6, c > 0 ? cuts[c - 1] + 0.05 : Double.NEGATIVE_INFINITY);
                double hi = Math.min(min + c + 0.5 + 0.6, c + 1 < k ? cuts[c + 1] - 0.05 : Double.POSITIVE_INFINITY);
                if (!(hi > lo)) {
                    continue;
                }
                double keep = cuts[c];
                double bestAt = keep;
                for (int step = 0; step <= 24; step++) {
                    cuts[c] = lo + (hi - lo) * step / 24.0;
                    double q = qwkWith(z, truth, cuts, min, max, levels);
                    if (q > best + 1e-6) {
                        best = q;
                        bestAt = cuts[c];
                        improved = true;
                    }
                }
                cuts[c] = bestAt;
            }
            if (!improved) {
                break;
            }
        }
        return cuts;
    }

    private static double qwkWith(double[] z, int[] truth, double[] cuts, int min, int max, int[] levels) {
        for (int i = 0; i < z.length; i++) {
            levels[i] = level(z[i], cuts, min);
        }
        return Qwk.qwk(levels, truth, min, max);
    }

    static double[] confidenceFeatures(double z, double[] cuts, int min, int max, EssayFeatures f,
                                       double[] mean, double[] sd) {
        double nearest = Double.POSITIVE_INFINITY;
        for (double c : cuts) {
            nearest = Math.min(nearest, Math.abs(z - c));
        }
        double pos = Math.max(0, Math.min(1, (z - min) / Math.max(1, max - min)));
        return new double[] {
            1,
            Math.min(1, nearest),
            pos,
            pos * pos,
            Math.min(4, Math.abs(zScore(f, EssayFeatures.WORDS_LOG, mean, sd))),
            clip(zScore(f, EssayFeatures.TOPIC_SIMILARITY, mean, sd)),
            clip(zScore(f, EssayFeatures.BIGRAM_COVERAGE, mean, sd)),
            clip(zScore(f, EssayFeatures.UNKNOWN_SHARE, mean, sd)),
        };
    }

    private static double clip(double v) {
        return Math.max(-4, Math.min(4, v));
    }

    private static double zScore(EssayFeatures f, int j, double[] mean, double[] sd) {
        return sd[j] == 0 ? 0 : (f.dense[j] - mean[j]) / sd[j];
    }

    double raw(EssayFeatures f, double[] mean, double[] sd, double denseWeight) {
        double s = intercept + f.ngrams.dotFloat(weights);
        int base = NgramVectorizer.DIMENSION;
        int nd = mean.length;
        for (int j = 0; j < nd; j++) {
            s += weights[base + j] * Design.standardised(f.dense[j], mean[j], sd[j], denseWeight);
        }
        return s + weights[base + nd];
    }

    ScorePrediction predict(EssayFeatures f, double[] mean, double[] sd, double denseWeight) {
        double raw = raw(f, mean, sd, denseWeight);
        double z = scale * raw + shift;
        int level = level(z, cuts, min);
        double confidence = Logistic.probability(calibration, confidenceFeatures(z, cuts, min, max, f, mean, sd));
        return new ScorePrediction(target, level, round4(Math.max(min - 1, Math.min(max + 1, z))),
                round4(confidence), tolerance);
    }

    double confidenceThreshold(double share) {
        return threshold(confidencePercentiles, share);
    }

    /** The confidence that about {@code share} of essays reach, from 101 percentiles of confidences. */
    static double threshold(double[] percentiles, double share) {
        if (share >= 1) {
            return 0;
        }
        if (share <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double pos = (1 - share) * 100;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(100, lo + 1);
        return percentiles[lo] + (percentiles[hi] - percentiles[lo]) * (pos - lo);
    }
}
