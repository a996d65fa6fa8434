package dev.assay.graders.essay;

/** A small L2-regularised logistic regression fitted by Newton's method (for confidence calibration). */
final class Logistic {

    private Logistic() {
    }

    static double probability(double[] w, double[] x) {
        double s = 0;
        for (int j = 0; j < w.length; j++) {
            s += w[j] * x[j];
        }
        return 1 / (1 + Math.exp(-Math.max(-30, Math.min(30, s))));
    }

    static double[] fit(double[][] x, double[] y, double l2) {
        int d = x[0].length;
        double[] w = new double[d];
        for (int it = 0; it < 30; it++) {
            double[] grad = new double[d];
            double[][] hess = new double[d][d];
            for (int i = 0; i < x.length; i++) {
                double p = probability(w, x[i]);
                double r = y[i] - p;
                double v = Math.max(1e-6, p * (1 - p));
                for (int a = 0; a < d; a++) {
                    grad[a] += r * x[i][a];
                    for (int b = 0; b < d; b++) {
                        hess[a][b] += v * x[i][a] * x[i][b];
                    }
                }
            }
            for (int a = 1; a < d; a++) {
                grad[a] -= l2 * x.length * w[a] / 100;
                hess[a][a] += l2 * x.length / 100;
            }
            hess[0][0] += 1e-9;
            double[] step = solve(hess, grad);
            double change = 0;
            for (int a = 0; a < d; a++) {
                w[a] += step[a];
                change = Math.max(change, Math.abs(step[a]));
            }
            if (change < 1e-6) {
                break;
            }
        }
        return w;
    }

    /** Gaussian elimination with partial pivoting. */
    static double[] solve(double[][] a, double[] b) {
        int n = b.length;
        double[][] m = new double[n][n + 1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n] = b[i];
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] tmp = m[c];
            m[c] = m[pivot];
            m[pivot] = tmp;
            if (Math.abs(m[c][c]) < 1e-12) {
                continue;
            }
            for (int r = c + 1; r < n; r++) {
                double f = m[r][c] / m[c][c];
                for (int k = c; k <= n; k++) {
                    m[r][k] -= f * m[c][k];
                }
            }
        }
        double[] x = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = m[r][n];
            for (int k = r + 1; k < n; k++) {
                s -= m[r][k] * x[k];
            }
            x[r] = Math.abs(m[r][r]) < 1e-12 ? 0 : s / m[r][r];
        }
        return x;
    }
}
