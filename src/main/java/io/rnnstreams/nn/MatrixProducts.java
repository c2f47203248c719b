package io.rnnstreams.nn;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * The double-precision matrix products of training, written so that Java 17's JIT vectorises
 * their inner loops (3-8x EJML's row-major kernels on the training shapes, see
 * docs/performance.md). The JIT only vectorises a loop whose arrays are all indexed by the same
 * expression: EJML's loops read b[offset + j] while writing c[otherOffset + j] in arrays that
 * might overlap, which it does not vectorise. Here every inner loop runs over whole row arrays:
 * the right operand comes as separate row arrays ({@link #rows}, {@link #transposedRows}), the
 * result row is accumulated in a scratch row, and four terms are summed per pass to save loads
 * and stores.
 *
 * <p>Holds its scratch rows, so one instance serves one thread. Public for the benchmarks, which
 * compare it with EJML on the same shapes.
 */
public final class MatrixProducts {
    private double[] row = new double[0];
    private double[][] resultRows = new double[0][];
    private final double[][] rightRows = new double[4][0];

    /**
     * c = a b, or c += a b when {@code accumulate}: a [m, k], b as k row arrays of length n,
     * c [m, n] (reshaped unless accumulating).
     */
    public void multiply(DMatrixRMaj a, double[][] b, DMatrixRMaj c, boolean accumulate) {
        int m = a.numRows;
        int k = a.numCols;
        int n = b[0].length;
        if (b.length != k || (accumulate && (c.numRows != m || c.numCols != n))) {
            throw new IllegalArgumentException("shapes do not match");
        }
        if (!accumulate) {
            c.reshape(m, n);
        }
        row = fit(row, n);
        double[] r = row;
        double[] ad = a.data;
        double[] cd = c.data;
        for (int i = 0; i < m; i++) {
            if (accumulate) {
                System.arraycopy(cd, i * n, r, 0, n);
            } else {
                Arrays.fill(r, 0, n, 0.0);
            }
            int ai = i * k;
            int p = 0;
            for (; p + 4 <= k; p += 4) {
                double a0 = ad[ai + p];
                double a1 = ad[ai + p + 1];
                double a2 = ad[ai + p + 2];
                double a3 = ad[ai + p + 3];
                double[] b0 = b[p];
                double[] b1 = b[p + 1];
                double[] b2 = b[p + 2];
                double[] b3 = b[p + 3];
                for (int j = 0; j < n; j++) {
                    r[j] += (a0 * b0[j] + a1 * b1[j]) + (a2 * b2[j] + a3 * b3[j]);
                }
            }
            for (; p < k; p++) {
                addScaled(b[p], ad[ai + p], r, n);
            }
            System.arraycopy(r, 0, cd, i * n, n);
        }
    }

    /** c += a^T b: a [K, m], b [K, n], c [m, n]. */
    public void multiplyAddTransA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        int rows = a.numRows;
        int m = a.numCols;
        int n = b.numCols;
        if (b.numRows != rows || c.numRows != m || c.numCols != n) {
            throw new IllegalArgumentException("shapes do not match");
        }
        double[][] cr = resultRows(m, n);
        double[] ad = a.data;
        double[] bd = b.data;
        int p = 0;
        for (; p + 4 <= rows; p += 4) {
            // Four rows of b as arrays of their own; each copy serves all m result rows.
            for (int q = 0; q < 4; q++) {
                rightRows[q] = fit(rightRows[q], n);
                System.arraycopy(bd, (p + q) * n, rightRows[q], 0, n);
            }
            double[] b0 = rightRows[0];
            double[] b1 = rightRows[1];
            double[] b2 = rightRows[2];
            double[] b3 = rightRows[3];
            for (int i = 0; i < m; i++) {
                double a0 = ad[p * m + i];
                double a1 = ad[(p + 1) * m + i];
                double a2 = ad[(p + 2) * m + i];
                double a3 = ad[(p + 3) * m + i];
                double[] ci = cr[i];
                for (int j = 0; j < n; j++) {
                    ci[j] += (a0 * b0[j] + a1 * b1[j]) + (a2 * b2[j] + a3 * b3[j]);
                }
            }
        }
        for (; p < rows; p++) {
            rightRows[0] = fit(rightRows[0], n);
            System.arraycopy(bd, p * n, rightRows[0], 0, n);
            for (int i = 0; i < m; i++) {
                addScaled(rightRows[0], ad[p * m + i], cr[i], n);
            }
        }
        double[] cd = c.data;
        for (int i = 0; i < m; i++) {
            double[] ci = cr[i];
            for (int j = 0; j < n; j++) {
                cd[i * n + j] += ci[j];
            }
        }
    }

    /** The rows of m [r, c] as r arrays of length c ({@code reuse} when it has that shape). */
    public static double[][] rows(DMatrixRMaj m, double[][] reuse) {
        double[][] out = shaped(reuse, m.numRows, m.numCols);
        for (int r = 0; r < m.numRows; r++) {
            System.arraycopy(m.data, r * m.numCols, out[r], 0, m.numCols);
        }
        return out;
    }

    /** The rows of m^T for m [r, c]: c arrays of length r ({@code reuse} when it has that shape). */
    public static double[][] transposedRows(DMatrixRMaj m, double[][] reuse) {
        double[][] out = shaped(reuse, m.numCols, m.numRows);
        for (int r = 0; r < m.numRows; r++) {
            for (int c = 0; c < m.numCols; c++) {
                out[c][r] = m.data[r * m.numCols + c];
            }
        }
        return out;
    }

    private static double[][] shaped(double[][] reuse, int rows, int cols) {
        if (reuse != null && reuse.length == rows && (rows == 0 || reuse[0].length == cols)) {
            return reuse;
        }
        return new double[rows][cols];
    }

    /** At least m scratch rows of at least n values, the first n of the first m zeroed. */
    private double[][] resultRows(int m, int n) {
        int width = resultRows.length == 0 ? 0 : resultRows[0].length;
        if (resultRows.length < m || width < n) {
            resultRows = new double[Math.max(m, resultRows.length)][Math.max(n, width)];
        }
        for (int i = 0; i < m; i++) {
            Arrays.fill(resultRows[i], 0, n, 0.0);
        }
        return resultRows;
    }

    private static void addScaled(double[] x, double s, double[] y, int n) {
        for (int j = 0; j < n; j++) {
            y[j] += s * x[j];
        }
    }

    private static double[] fit(double[] a, int n) {
        return a.length >= n ? a : new double[n];
    }
}
