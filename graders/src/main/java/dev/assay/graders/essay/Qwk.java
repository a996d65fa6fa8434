package dev.assay.graders.essay;

/** Quadratic weighted kappa and simple agreement figures between two integer ratings of the same items. */
public final class Qwk {

    private Qwk() {
    }

    /**
     * Cohen's kappa with quadratic weights over the rating scale {@code min..max}. Returns 1 when both raters
     * give one and the same rating to every item (no disagreement is possible) and 0 for empty input.
     */
    public static double qwk(int[] a, int[] b, int min, int max) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("rating arrays differ in length: " + a.length + " vs " + b.length);
        }
        int n = a.length;
        if (n == 0) {
            return 0;
        }
        int levels = max - min + 1;
        if (levels <= 1) {
            return 1;
        }
        double[][] observed = new double[levels][levels];
        double[] histA = new double[levels];
        double[] histB = new double[levels];
        for (int i = 0; i < n; i++) {
            int x = clamp(a[i], min, max) - min;
            int y = clamp(b[i], min, max) - min;
            observed[x][y]++;
            histA[x]++;
            histB[y]++;
        }
        double num = 0;
        double den = 0;
        double denomLevels = (double) (levels - 1) * (levels - 1);
        for (int i = 0; i < levels; i++) {
            for (int j = 0; j < levels; j++) {
                double w = (i - j) * (i - j) / denomLevels;
                num += w * observed[i][j];
                den += w * histA[i] * histB[j] / n;
            }
        }
        if (den == 0) {
            return num == 0 ? 1 : 0;
        }
        return 1 - num / den;
    }

    /** Share of items where the two ratings are equal. */
    public static double exactAgreement(int[] a, int[] b) {
        return withinAgreement(a, b, 0);
    }

    /** Share of items where the two ratings differ by at most {@code tolerance}. */
    public static double withinAgreement(int[] a, int[] b, int tolerance) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("rating arrays differ in length");
        }
        if (a.length == 0) {
            return 0;
        }
        int hits = 0;
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) <= tolerance) {
                hits++;
            }
        }
        return (double) hits / a.length;
    }

    static int clamp(int v, int min, int max) {
        return Math.max(min, Math.min(max, v));
    }
}
