package io.rnnstreams.nn;

/**
 * Float32 matrix-vector products for the serving step. Weights are stored transposed
 * ([in, out], one contiguous row per input element) so the inner loop is an axpy over
 * contiguous memory, which the JIT turns into SIMD code; a dot-product loop would not vectorise
 * because float reductions must keep their order.
 */
final class MatVec {
    private MatVec() {}

    /** out[0..m) = bias + W x, with wT = W^T laid out [n, m] and x = in[inOffset..inOffset+n). */
    static void multiply(float[] wT, int n, int m, float[] in, int inOffset, float[] bias, float[] out) {
        if (bias != null) {
            System.arraycopy(bias, 0, out, 0, m);
        } else {
            java.util.Arrays.fill(out, 0, m, 0f);
        }
        for (int j = 0; j < n; j++) {
            float xj = in[inOffset + j];
            if (xj == 0f) {
                continue;
            }
            int row = j * m;
            for (int i = 0; i < m; i++) {
                out[i] += wT[row + i] * xj;
            }
        }
    }

    /** out[0..m) += table row r, a table of rows of length m. */
    static void addRow(float[] table, int r, int m, float[] out) {
        int o = r * m;
        for (int i = 0; i < m; i++) {
            out[i] += table[o + i];
        }
    }

    /** In-place softmax of v[0..n). */
    static void softmax(float[] v, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, v[i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(v[i] - max);
            v[i] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        for (int i = 0; i < n; i++) {
            v[i] *= inv;
        }
    }

    /** Transpose of a row-major [rows, cols] double matrix, as float [cols, rows]. */
    static float[] transpose(double[] w, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = (float) w[r * cols + c];
            }
        }
        return t;
    }

    static float[] toFloat(double[] v, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
