package dev.assay.graders.essay;

import java.util.Arrays;

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

    record Fit(TargetModel model, TrainingReport.TargetReport report, double[] outOfFold, int[] levels,
               double[] confidences) {
    }

    static Fit fit(String target, int min, int max, Design design, EssayFeatures[] features,
                   double[] mean, double[] sd, double[] y, int[] folds, TrainingOptions options, double autoShare) {
        int n = y.length;
        RidgeSolver solver = new RidgeSolver(design.rowPtr, design.cols, design.vals, design.columns.length);
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        double yMean = Arrays.stream(y).average().orElse(0);
        double[] centred = new double[n];
        for (int i = 0; i < n; i++) {
            centred[i] = y[i] - yMean;
        }
        double[] full = solver.solve(all, centred, options.lambda(), null, EssayModel.MAX_ITERATIONS, EssayModel.TOLERANCE);

        double[] oof = new double[n];
        for (int f = 0; f < options.folds(); f++) {
            int trainCount = 0;
            for (int i = 0; i < n; i++) {
                if (folds[i] != f) {
                    trainCount++;
                }
            }
            if (trainCount == n) {
                continue;
            }
            int[] rows = new int[trainCount];
            double foldMean = 0;
            int at = 0;
            for (int i = 0; i < n; i++) {
                if (folds[i] != f) {
                    rows[at++] = i;
                    foldMean += y[i];
                }
            }
            foldMean /= trainCount;
            double[] target2 = new double[trainCount];
            for (int r = 0; r < trainCount; r++) {
                target2[r] = y[rows[r]] - foldMean;
            }
            double[] w = solver.solve(rows, target2, options.lambda(), full, EssayModel.MAX_ITERATIONS, EssayModel.TOLERANCE);
            for (int i = 0; i < n; i++) {
                if (folds[i] == f) {
                    oof[i] = foldMean + solver.rowDot(i, w);
                }
            }
        }

        // Rounding: stretch the (shrunk) predictions to the spread of the scores, then tune cut-points for QWK.
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = (int) Math.round(y[i]);
        }
        double oofMean = Arrays.stream(oof).average().orElse(0);
        double oofSd = sd(oof, oofMean);
        double ySd = sd(y, yMean);
        double scale = oofSd > 1e-9 ? Math.max(1, Math.min(2.5, ySd / oofSd)) : 1;
        double shift = yMean - scale * oofMean;
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            z[i] = scale * oof[i] + shift;
        }
        double[] cuts = optimiseCuts(z, truth, min, max);
        int[] levels = new int[n];
        for (int i = 0; i < n; i++) {
            levels[i] = level(z[i], cuts, min);
        }
        int tolerance = toleranceFor(min, max);

        // Confidence: logistic regression of "within tolerance" on where the prediction falls and how typical
        // the essay is, fitted on the out-of-fold predictions.
        double[][] g = new double[n][];
        double[] agree = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = confidenceFeatures(z[i], cuts, min, max, features[i], mean, sd);
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
        TargetModel model = new TargetModel(target, min, max, yMean, weights, scale, shift, cuts, tolerance,
                calibration, confidencePercentiles);
        double threshold = model.confidenceThreshold(autoShare);
        int accepted = 0;
        int acceptedRight = 0;
        for (int i = 0; i < n; i++) {
            if (confidences[i] >= threshold) {
                accepted++;
                acceptedRight += agree[i] > 0 ? 1 : 0;
            }
        }
        TrainingReport.TargetReport report = new TrainingReport.TargetReport(target, min, max,
                round4(Qwk.qwk(levels, truth, min, max)), round4(Qwk.exactAgreement(levels, truth)),
                round4(Qwk.withinAgreement(levels, truth, 1)), tolerance,
                round4(Qwk.withinAgreement(levels, truth, tolerance)),
                accepted == 0 ? 0 : round4((double) acceptedRight / accepted));
        return new Fit(model, report, oof, levels, confidences);
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
        if (share >= 1) {
            return 0;
        }
        if (share <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double pos = (1 - share) * 100;
        int lo = (int) Math.floor(pos);
        int hi = Math.min(100, lo + 1);
        return confidencePercentiles[lo] + (confidencePercentiles[hi] - confidencePercentiles[lo]) * (pos - lo);
    }
}
