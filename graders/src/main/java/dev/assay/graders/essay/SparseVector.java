package dev.assay.graders.essay;

import java.util.Arrays;

/** A sparse vector: strictly increasing indices and their values. */
record SparseVector(int[] indices, float[] values) {

    static final SparseVector EMPTY = new SparseVector(new int[0], new float[0]);

    int size() {
        return indices.length;
    }

    double dot(double[] dense) {
        double s = 0;
        for (int i = 0; i < indices.length; i++) {
            s += values[i] * dense[indices[i]];
        }
        return s;
    }

    double dotFloat(float[] dense) {
        double s = 0;
        for (int i = 0; i < indices.length; i++) {
            s += values[i] * dense[indices[i]];
        }
        return s;
    }

    double dot(SparseVector other) {
        double s = 0;
        int i = 0;
        int j = 0;
        int[] a = indices;
        int[] b = other.indices;
        while (i < a.length && j < b.length) {
            if (a[i] == b[j]) {
                s += (double) values[i++] * other.values[j++];
            } else if (a[i] < b[j]) {
                i++;
            } else {
                j++;
            }
        }
        return s;
    }

    double norm() {
        double s = 0;
        for (float v : values) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    /** Builds a vector from unsorted (index, value) pairs, summing repeated indices. */
    static SparseVector fromUnsorted(int[] idx, float[] val, int n) {
        if (n == 0) {
            return EMPTY;
        }
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            packed[i] = ((long) idx[i] << 32) | i;
        }
        Arrays.sort(packed);
        int[] outIdx = new int[n];
        float[] outVal = new float[n];
        int m = 0;
        for (int k = 0; k < n; k++) {
            int index = (int) (packed[k] >>> 32);
            float v = val[(int) packed[k]];
            if (m > 0 && outIdx[m - 1] == index) {
                outVal[m - 1] += v;
            } else {
                outIdx[m] = index;
                outVal[m] = v;
                m++;
            }
        }
        return new SparseVector(Arrays.copyOf(outIdx, m), Arrays.copyOf(outVal, m));
    }
}
