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
        int n = features.length;
        int nd = mean.length;
        int[] compact = new int[globalDimension()];
        Arrays.fill(compact, -1);
        int total = 0;
        for (EssayFeatures f : features) {
            total += f.ngrams.size() + nd + 1;
        }
        int[] rowPtr = new int[n + 1];
        int[] cols = new int[total];
        float[] vals = new float[total];
        List<Integer> columns = new ArrayList<>();
        int at = 0;
        for (int e = 0; e < n; e++) {
            rowPtr[e] = at;
            SparseVector x = features[e].ngrams;
            for (int k = 0; k < x.size(); k++) {
                at = put(compact, columns, cols, vals, at, x.indices()[k], x.values()[k]);
            }
            for (int j = 0; j < nd; j++) {
                float v = (float) standardised(features[e].dense[j], mean[j], sd[j], denseWeight);
                at = put(compact, columns, cols, vals, at, NgramVectorizer.DIMENSION + j, v);
            }
            at = put(compact, columns, cols, vals, at, NgramVectorizer.DIMENSION + nd, 1f);
        }
        rowPtr[n] = at;
        return new Design(rowPtr, Arrays.copyOf(cols, at), Arrays.copyOf(vals, at),
                columns.stream().mapToInt(Integer::intValue).toArray());
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
