package dev.assay.graders.essay;

/**
 * Cross-validated predictions of the exemplars, from which a model learns its rounding and confidence and its
 * training report is computed. A held-out exemplar's prediction must owe nothing to its own score, so each fold
 * rebuilds whatever depends on scores from the other folds: the profile's score bands, band centroids and key terms
 * ({@link PromptProfile#withScoresOf}; the held-out essays get the score-dependent features of new essays against
 * it, the training essays leave themselves out of their band as in the final model), the standardisation and the
 * ridge fit. What needs no score (vocabulary, document frequencies, n-gram weights) is shared by all folds.
 *
 * <p>Why it matters: key terms are the terms that go with high scores, so an exemplar that helped pick them
 * covers them because of its own score. Scored against the profile of all exemplars, 100 ASAP essays with shuffled
 * scores cross-validated at a QWK of 0.44; rebuilt per fold, at about 0.
 */
final class OutOfFold {

    private OutOfFold() {
    }

    /**
     * @param contents each exemplar's {@link PromptProfile#contentVector}
     * @param overall  the scores the profile's bands are built from
     * @param targets  per target (the holistic score, or each criterion), each exemplar's score
     * @param warm     per target, the weights fitted on all exemplars: each fold's solve starts from them
     * @return per target, each exemplar's prediction by the model of the folds that hold it out
     */
    static double[][] predict(PromptProfile profile, EssayText quotable, SparseVector[] contents,
                              EssayFeatures[] features, double[] overall, double[][] targets, double[][] warm,
                              int[] folds, TrainingOptions options) {
        int n = features.length;
        double[][] out = new double[targets.length][n];
        SparseVector[] ngrams = new SparseVector[n];
        for (int i = 0; i < n; i++) {
            ngrams[i] = features[i].ngrams;
        }
        for (int f = 0; f < options.folds(); f++) {
            boolean[] train = new boolean[n];
            int trainCount = 0;
            for (int i = 0; i < n; i++) {
                train[i] = folds[i] != f;
                trainCount += train[i] ? 1 : 0;
            }
            if (trainCount == n) {
                continue;
            }
            int[] rows = new int[trainCount];
            for (int i = 0, k = 0; i < n; i++) {
                if (train[i]) {
                    rows[k++] = i;
                }
            }
            PromptProfile fold = profile.withScoresOf(quotable, contents, overall, train);
            double[][] dense = new double[n][];
            for (int i = 0; i < n; i++) {
                dense[i] = features[i].dense.clone();
                FeatureExtractor.scoreFeatures(fold, contents[i], train[i] ? fold.band(overall[i]) : -1, dense[i]);
            }
            double[][] standardisation = Design.meanAndSd(dense, train);
            Design design = Design.build(ngrams, dense, standardisation[0], standardisation[1], options.denseWeight());
            RidgeSolver solver = new RidgeSolver(design.rowPtr, design.cols, design.vals, design.columns.length);
            for (int t = 0; t < targets.length; t++) {
                double[] y = targets[t];
                double mean = 0;
                for (int r : rows) {
                    mean += y[r];
                }
                mean /= trainCount;
                double[] centred = new double[trainCount];
                for (int k = 0; k < trainCount; k++) {
                    centred[k] = y[rows[k]] - mean;
                }
                double[] start = warm[t].length == design.columns.length ? warm[t] : null;
                double[] w = solver.solve(rows, centred, options.lambda(), start, EssayModel.MAX_ITERATIONS,
                        EssayModel.TOLERANCE);
                for (int i = 0; i < n; i++) {
                    if (!train[i]) {
                        out[t][i] = mean + solver.rowDot(i, w);
                    }
                }
            }
        }
        return out;
    }
}
