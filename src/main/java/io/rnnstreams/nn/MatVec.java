package io.rnnstreams.nn;

/**
 * Float32 matrix-vector products for the serving step. A matrix W [m, n] is stored transposed as
 * n row arrays (wT[j] = column j of W, length m), so the product is a sum of axpys over
 * contiguous rows, which the JIT turns into SIMD code; a dot-product loop would not vectorise
 * because float reductions must keep their order. Separate row arrays rather than one flat
 * array: Java 17's JIT does not vectorise a loop that writes out[i] while reading w[j*m + i],
 * since it cannot rule out that the two arrays overlap at that offset.
 */
final class MatVec {
    private MatVec() {}

    /**
     * out[0..m) = bias + W x, with W^T given as rows wT[0..n) of length m and
     * x = in[inOffset..inOffset+n). Four rows per pass over out: a quarter of the loads and
     * stores of out, and still a loop body small enough to vectorise.
     */
    static void multiply(float[][] wT, float[] in, int inOffset, float[] bias, float[] out) {
        int n = wT.length;
        int m = bias.length;
        System.arraycopy(bias, 0, out, 0, m);
        int j = 0;
        for (; j + 4 <= n; j += 4) {
            float x0 = in[inOffset + j];
            float x1 = in[inOffset + j + 1];
            float x2 = in[inOffset + j + 2];
            float x3 = in[inOffset + j + 3];
            float[] w0 = wT[j];
            float[] w1 = wT[j + 1];
            float[] w2 = wT[j + 2];
            float[] w3 = wT[j + 3];
            for (int i = 0; i < m; i++) {
                out[i] += (w0[i] * x0 + w1[i] * x1) + (w2[i] * x2 + w3[i] * x3);
            }
        }
        for (; j < n; j++) {
            addScaled(wT[j], in[inOffset + j], out, m);
        }
    }

    /** out[0..m) += row[0..m). */
    static void add(float[] row, float[] out, int m) {
        for (int i = 0; i < m; i++) {
            out[i] += row[i];
        }
    }

    /** out[0..m) += a * row[0..m). */
    private static void addScaled(float[] row, float a, float[] out, int m) {
        for (int i = 0; i < m; i++) {
            out[i] += row[i] * a;
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

    /** Transpose of a row-major [rows, cols] double matrix, as float rows [cols][rows]. */
    static float[][] transpose(double[] w, int rows, int cols) {
        float[][] t = new float[cols][rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c][r] = (float) w[r * cols + c];
            }
        }
        return t;
    }

    /** A row-major [rows, cols] double matrix as float rows [rows][cols]. */
    static float[][] rows(double[] w, int rows, int cols) {
        float[][] t = new float[rows][];
        for (int r = 0; r < rows; r++) {
            t[r] = toFloat(w, r * cols, cols);
        }
        return t;
    }

    static float[] toFloat(double[] v, int n) {
        return toFloat(v, 0, n);
    }

    private static float[] toFloat(double[] v, int offset, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) v[offset + i];
        }
        return f;
    }
}
