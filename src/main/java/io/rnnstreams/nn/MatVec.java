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
    /** Outputs below which {@link #multiplyNarrow} beats {@link #multiply}: one AVX-512 vector. */
    static final int NARROW = 16;

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

    /**
     * {@link #multiply} for few outputs (a tag or label head: m of 2 to 15 against n = H in the
     * hundreds), with W row-major [m, n] in w. The axpy form would run n/4 passes of an m-long
     * loop, too short to vectorise and mostly loop overhead; here each output is a dot product
     * kept in a register, two outputs at a time so that one's additions fill the latency of the
     * other's. The terms are grouped and added exactly as in {@link #multiply}, so the two give
     * the same floats.
     */
    static void multiplyNarrow(float[] w, float[] in, int inOffset, float[] bias, float[] out) {
        int m = bias.length;
        int n = w.length / m;
        int i = 0;
        for (; i + 2 <= m; i += 2) {
            int a = i * n;
            int b = a + n;
            float accA = bias[i];
            float accB = bias[i + 1];
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                int x = inOffset + j;
                float x0 = in[x];
                float x1 = in[x + 1];
                float x2 = in[x + 2];
                float x3 = in[x + 3];
                accA += (w[a + j] * x0 + w[a + j + 1] * x1) + (w[a + j + 2] * x2 + w[a + j + 3] * x3);
                accB += (w[b + j] * x0 + w[b + j + 1] * x1) + (w[b + j + 2] * x2 + w[b + j + 3] * x3);
            }
            for (; j < n; j++) {
                accA += w[a + j] * in[inOffset + j];
                accB += w[b + j] * in[inOffset + j];
            }
            out[i] = accA;
            out[i + 1] = accB;
        }
        if (i < m) {
            int a = i * n;
            float acc = bias[i];
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                int x = inOffset + j;
                acc += (w[a + j] * in[x] + w[a + j + 1] * in[x + 1])
                        + (w[a + j + 2] * in[x + 2] + w[a + j + 3] * in[x + 3]);
            }
            for (; j < n; j++) {
                acc += w[a + j] * in[inOffset + j];
            }
            out[i] = acc;
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
