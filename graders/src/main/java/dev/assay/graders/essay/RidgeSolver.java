package dev.assay.graders.essay;

/**
 * Ridge regression over a sparse design matrix (rows in CSR form), solved by conjugate gradients on the normal
 * equations with a Jacobi preconditioner. The matrix is never formed, so the cost of an iteration is two passes
 * over the non-zeros of the selected rows.
 */
final class RidgeSolver {

    private final int[] rowPtr;
    private final int[] cols;
    private final float[] vals;
    private final int dim;

    RidgeSolver(int[] rowPtr, int[] cols, float[] vals, int dim) {
        this.rowPtr = rowPtr;
        this.cols = cols;
        this.vals = vals;
        this.dim = dim;
    }

    int dimension() {
        return dim;
    }

    double rowDot(int row, double[] w) {
        double s = 0;
        for (int k = rowPtr[row]; k < rowPtr[row + 1]; k++) {
            s += vals[k] * w[cols[k]];
        }
        return s;
    }

    /**
     * Weights minimising {@code sum over rows of (x·w - target)^2 + lambda |w|^2}.
     *
     * @param start initial guess (e.g. a solution over more rows), or null
     */
    double[] solve(int[] rows, double[] target, double lambda, double[] start, int maxIterations, double tolerance) {
        double[] diag = new double[dim];
        double[] b = new double[dim];
        for (int r = 0; r < rows.length; r++) {
            int row = rows[r];
            double y = target[r];
            for (int k = rowPtr[row]; k < rowPtr[row + 1]; k++) {
                double v = vals[k];
                diag[cols[k]] += v * v;
                b[cols[k]] += v * y;
            }
        }
        double[] w = start == null ? new double[dim] : start.clone();
        double[] residual = new double[dim];
        multiply(rows, w, lambda, residual);
        double bNorm = 0;
        for (int j = 0; j < dim; j++) {
            residual[j] = b[j] - residual[j];
            bNorm += b[j] * b[j];
            diag[j] += lambda;
        }
        bNorm = Math.sqrt(bNorm);
        if (bNorm == 0) {
            return new double[dim];
        }
        double[] z = new double[dim];
        double[] p = new double[dim];
        double rz = 0;
        for (int j = 0; j < dim; j++) {
            z[j] = residual[j] / diag[j];
            p[j] = z[j];
            rz += residual[j] * z[j];
        }
        double[] ap = new double[dim];
        for (int it = 0; it < maxIterations; it++) {
            multiply(rows, p, lambda, ap);
            double pap = 0;
            for (int j = 0; j < dim; j++) {
                pap += p[j] * ap[j];
            }
            if (pap <= 0) {
                break;
            }
            double alpha = rz / pap;
            double rNorm = 0;
            for (int j = 0; j < dim; j++) {
                w[j] += alpha * p[j];
                residual[j] -= alpha * ap[j];
                rNorm += residual[j] * residual[j];
            }
            if (Math.sqrt(rNorm) <= tolerance * bNorm) {
                break;
            }
            double rzNew = 0;
            for (int j = 0; j < dim; j++) {
                z[j] = residual[j] / diag[j];
                rzNew += residual[j] * z[j];
            }
            double beta = rzNew / rz;
            rz = rzNew;
            for (int j = 0; j < dim; j++) {
                p[j] = z[j] + beta * p[j];
            }
        }
        return w;
    }

    /** out = X_rows^T (X_rows v) + lambda v. */
    private void multiply(int[] rows, double[] v, double lambda, double[] out) {
        for (int j = 0; j < dim; j++) {
            out[j] = lambda * v[j];
        }
        for (int row : rows) {
            double s = 0;
            int end = rowPtr[row + 1];
            for (int k = rowPtr[row]; k < end; k++) {
                s += vals[k] * v[cols[k]];
            }
            for (int k = rowPtr[row]; k < end; k++) {
                out[cols[k]] += vals[k] * s;
            }
        }
    }
}
