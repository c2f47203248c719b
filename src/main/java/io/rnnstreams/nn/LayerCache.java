package io.rnnstreams.nn;

import org.ejml.data.DMatrixRMaj;

/**
 * One trunk layer's forward record over a window of T steps of a batch of B rows, kept for its
 * backward, plus the backward's scratch. Reused across batches (arrays grow, never shrink).
 */
final class LayerCache {
    int steps;
    int rows;
    /** [T*B] mask of the window (1 = real step), a view into the batch. */
    double[] mask;
    int maskOffset;
    /** [T*B, I] the layer input (a reference, not a copy). */
    DMatrixRMaj input;
    /** [T*B, G*H] W_ih x + b_ih for every step. */
    final DMatrixRMaj gx = new DMatrixRMaj(1, 1);
    /** States h[0..T] and c[0..T], each [B, H]; h[0] is the start state. */
    DMatrixRMaj[] h = new DMatrixRMaj[0];
    DMatrixRMaj[] c = new DMatrixRMaj[0];
    StepCache[] step = new StepCache[0];
    /** [T*B, H] h[1..T] stacked: the layer output. */
    final DMatrixRMaj output = new DMatrixRMaj(1, 1);

    /** The weights as row arrays for {@link MatrixProducts}, taken at the start of forward. */
    double[][] wIhRows;
    double[][] wIhTransposedRows;
    double[][] wHhRows;
    double[][] wHhTransposedRows;
    final MatrixProducts products = new MatrixProducts();

    // Backward scratch.
    final DMatrixRMaj dgx = new DMatrixRMaj(1, 1);
    final DMatrixRMaj dghAll = new DMatrixRMaj(1, 1);
    final DMatrixRMaj hPrevAll = new DMatrixRMaj(1, 1);
    final DMatrixRMaj dgh = new DMatrixRMaj(1, 1);
    final DMatrixRMaj dh = new DMatrixRMaj(1, 1);
    final DMatrixRMaj dhPrev = new DMatrixRMaj(1, 1);
    final DMatrixRMaj dInput = new DMatrixRMaj(1, 1);
    double[] dhCandidate = new double[0];
    double[] dc = new double[0];
    double[] dcCandidate = new double[0];
    double[] dcPrev = new double[0];

    void reshape(int steps, int rows, int input, int hidden, int gates) {
        this.steps = steps;
        this.rows = rows;
        gx.reshape(steps * rows, gates * hidden);
        if (h.length < steps + 1) {
            h = grow(h, steps + 1);
            c = grow(c, steps + 1);
            StepCache[] s = new StepCache[steps];
            System.arraycopy(step, 0, s, 0, step.length);
            for (int t = step.length; t < steps; t++) {
                s[t] = new StepCache();
            }
            step = s;
        }
        for (int t = 0; t <= steps; t++) {
            h[t].reshape(rows, hidden);
            c[t].reshape(rows, hidden);
        }
        for (int t = 0; t < steps; t++) {
            step[t].reshape(rows, hidden, gates);
        }
        output.reshape(steps * rows, hidden);
        dgx.reshape(steps * rows, gates * hidden);
        dghAll.reshape(steps * rows, gates * hidden);
        hPrevAll.reshape(steps * rows, hidden);
        dgh.reshape(rows, gates * hidden);
        dh.reshape(rows, hidden);
        dhPrev.reshape(rows, hidden);
        dInput.reshape(steps * rows, input);
        int bh = rows * hidden;
        dhCandidate = StepCache.fit(dhCandidate, bh);
        dc = StepCache.fit(dc, bh);
        dcCandidate = StepCache.fit(dcCandidate, bh);
        dcPrev = StepCache.fit(dcPrev, bh);
    }

    private static DMatrixRMaj[] grow(DMatrixRMaj[] a, int n) {
        DMatrixRMaj[] g = new DMatrixRMaj[n];
        System.arraycopy(a, 0, g, 0, a.length);
        for (int i = a.length; i < n; i++) {
            g[i] = new DMatrixRMaj(1, 1);
        }
        return g;
    }
}
