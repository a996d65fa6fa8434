package dev.assay.graders.essay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The design matrix of the exemplars: hashed n-grams, standardised features and a bias column. */
final class Design {

    final int[] rowPtr;
    final int[] cols;
    final float[] vals;
    /** Global column (n-gram index, then dense features, then bias) of each compact column. */
    final int[] columns;

    private Design(int[] rowPtr, int[] cols, float[] vals, int[] columns) {
        this.rowPtr = rowPtr;
        this.cols = cols;
        this.vals = vals;
        this.columns = columns;
    }

    static int globalDimension() {
        return NgramVectorizer.DIMENSION + EssayFeatures.NAMES.size() + 1;
    }

    static Design build(EssayFeatures[] features, double[] mean, double[] sd, double denseWeight) {
        SparseVector[] ngrams = new SparseVector[features.length];
        double[][] dense = new double[features.length][];
        for (int e = 0; e < features.length; e++) {
            ngrams[e] = features[e].ngrams;
            dense[e] = features[e].dense;
        }
        return build(ngrams, dense, mean, sd, denseWeight);
    }

    /**
     * Rows of n-grams and hand-crafted features. Every row has every dense column, so designs of the same n-grams
     * number their columns alike (a solution over one is a starting point over another).
     */
    static Design build(SparseVector[] ngrams, double[][] dense, double[] mean, double[] sd, double denseWeight) {
        int n = ngrams.length;
        int nd = mean.length;
        int[] compact = new int[globalDimension()];
        Arrays.fill(compact, -1);
        int total = 0;
        for (SparseVector x : ngrams) {
            total += x.size() + nd + 1;
        }
        int[] rowPtr = new int[n + 1];
        int[] cols = new int[total];
        float[] vals = new float[total];
        List<Integer> columns = new ArrayList<>();
        int at = 0;
        for (int e = 0; e < n; e++) {
            rowPtr[e] = at;
            SparseVector x = ngrams[e];
            for (int k = 0; k < x.size(); k++) {
                at = put(compact, columns, cols, vals, at, x.indices()[k], x.values()[k]);
            }
            for (int j = 0; j < nd; j++) {
                float v = (float) standardised(dense[e][j], mean[j], sd[j], denseWeight);
                at = put(compact, columns, cols, vals, at, NgramVectorizer.DIMENSION + j, v);
            }
            at = put(compact, columns, cols, vals, at, NgramVectorizer.DIMENSION + nd, 1f);
        }
        rowPtr[n] = at;
        return new Design(rowPtr, Arrays.copyOf(cols, at), Arrays.copyOf(vals, at),
                columns.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Mean and standard deviation of each hand-crafted feature over the rows in use (null: all); a feature that does
     * not vary gets a deviation of 0 (and is left out by {@link #standardised}).
     */
    static double[][] meanAndSd(double[][] dense, boolean[] use) {
        int nd = EssayFeatures.NAMES.size();
        double[] mean = new double[nd];
        double[] sd = new double[nd];
        int n = 0;
        for (int e = 0; e < dense.length; e++) {
            if (use == null || use[e]) {
                n++;
                for (int j = 0; j < nd; j++) {
                    mean[j] += dense[e][j];
                }
            }
        }
        for (int j = 0; j < nd; j++) {
            mean[j] /= n;
        }
        for (int e = 0; e < dense.length; e++) {
            if (use == null || use[e]) {
                for (int j = 0; j < nd; j++) {
                    sd[j] += (dense[e][j] - mean[j]) * (dense[e][j] - mean[j]);
                }
            }
        }
        for (int j = 0; j < nd; j++) {
            sd[j] = Math.sqrt(sd[j] / n);
            if (sd[j] < 1e-9) {
                sd[j] = 0;
            }
        }
        return new double[][] {mean, sd};
    }

    private static int put(int[] compact, List<Integer> columns, int[] cols, float[] vals, int at, int global, float v) {
        int c = compact[global];
        if (c < 0) {
            c = columns.size();
            compact[global] = c;
            columns.add(global);
        }
        cols[at] = c;
        vals[at] = v;
        return at + 1;
    }

    /** A feature z-scored against the exemplars, clipped at ±6 so that no outlier dominates, times its block weight. */
    static double standardised(double value, double mean, double sd, double weight) {
        if (sd == 0) {
            return 0;
        }
        double z = (value - mean) / sd;
        z = Math.max(-6, Math.min(6, z));
        return z * weight;
    }
}
