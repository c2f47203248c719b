package io.rnnstreams.nn;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * One trunk layer over a window of steps, batched, double precision. The input projection of
 * all steps is one matrix product; only the recurrent product runs step by step. Padded rows
 * (mask 0) keep their state, so each sequence's final state is at the window's last step.
 */
final class RecurrentLayer {
    private final Cell cell;
    private final int gates;
    private final int hidden;
    private final int inputWidth;
    private final Param wIh;
    private final Param wHh;
    private final Param bIh;
    private final Param bHh;

    RecurrentLayer(Model model, int layer) {
        ModelConfig c = model.config();
        this.cell = c.cell().cell();
        this.gates = c.cell().gates();
        this.hidden = c.hidden();
        this.inputWidth = c.layerInput(layer);
        this.wIh = model.param(Model.weightIh(layer));
        this.wHh = model.param(Model.weightHh(layer));
        this.bIh = model.param(Model.biasIh(layer));
        this.bHh = model.param(Model.biasHh(layer));
    }

    /**
     * x [T*B, I] -> cache.output [T*B, H]; h0, c0 [B*H] start state (c0 ignored without cell
     * state); mask[maskOffset + t*B + b] says whether step t of row b is real.
     */
    void forward(DMatrixRMaj x, double[] mask, int maskOffset, int steps, int rows,
            double[] h0, double[] c0, LayerCache cache) {
        cache.reshape(steps, rows, inputWidth, hidden, gates);
        cache.input = x;
        cache.mask = mask;
        cache.maskOffset = maskOffset;
        int bh = rows * hidden;
        int gw = gates * hidden;
        System.arraycopy(h0, 0, cache.h[0].data, 0, bh);
        if (c0 != null) {
            System.arraycopy(c0, 0, cache.c[0].data, 0, bh);
        }
        MatrixProducts products = cache.products;
        cache.wIhRows = MatrixProducts.rows(wIh.value, cache.wIhRows);
        cache.wIhTransposedRows = MatrixProducts.transposedRows(wIh.value, cache.wIhTransposedRows);
        cache.wHhRows = MatrixProducts.rows(wHh.value, cache.wHhRows);
        cache.wHhTransposedRows = MatrixProducts.transposedRows(wHh.value, cache.wHhTransposedRows);
        products.multiply(x, cache.wIhTransposedRows, cache.gx, false);
        addRowVector(cache.gx, bIh.value.data);
        for (int t = 0; t < steps; t++) {
            StepCache s = cache.step[t];
            DMatrixRMaj hPrev = cache.h[t];
            s.hPrev = hPrev.data;
            s.cPrev = cache.c[t].data;
            products.multiply(hPrev, cache.wHhTransposedRows, s.gh, false);
            addRowVector(s.gh, bHh.value.data);
            cell.forward(rows, hidden, cache.gx.data, t * rows * gw, s);
            double[] hNext = cache.h[t + 1].data;
            double[] cNext = cache.c[t + 1].data;
            for (int b = 0; b < rows; b++) {
                boolean real = mask[maskOffset + t * rows + b] > 0;
                int o = b * hidden;
                System.arraycopy(real ? s.hNew : s.hPrev, o, hNext, o, hidden);
                System.arraycopy(real ? s.cNew : s.cPrev, o, cNext, o, hidden);
            }
            System.arraycopy(hNext, 0, cache.output.data, t * bh, bh);
        }
    }

    /**
     * dOut [T*B, H] (gradient w.r.t. every step's output) -> cache.dInput [T*B, I]; accumulates
     * parameter gradients. If stateGradNormSq is not null, adds ||dLoss/dh[t]||^2 of this layer
     * to stateGradNormSq[t] for t in [0, T): the gradient reaching the state read at step t.
     */
    DMatrixRMaj backward(DMatrixRMaj dOut, LayerCache cache, double[] stateGradNormSq) {
        int steps = cache.steps;
        int rows = cache.rows;
        int bh = rows * hidden;
        int gw = gates * hidden;
        double[] dh = cache.dh.data;
        double[] dc = cache.dc;
        Arrays.fill(dh, 0, bh, 0.0);
        Arrays.fill(dc, 0, bh, 0.0);
        for (int t = steps - 1; t >= 0; t--) {
            StepCache s = cache.step[t];
            for (int i = 0; i < bh; i++) {
                dh[i] += dOut.data[t * bh + i];
            }
            // Split the incoming gradient: real rows flow into the cell, padded rows carry over.
            for (int b = 0; b < rows; b++) {
                boolean real = cache.mask[cache.maskOffset + t * rows + b] > 0;
                for (int j = b * hidden; j < (b + 1) * hidden; j++) {
                    cache.dhCandidate[j] = real ? dh[j] : 0;
                    cache.dcCandidate[j] = real ? dc[j] : 0;
                }
            }
            cell.backward(rows, hidden, s, cache.dhCandidate, cache.dcCandidate,
                    cache.dgx.data, t * rows * gw, cache.dgh.data, cache.dhPrev.data, cache.dcPrev);
            cache.products.multiply(cache.dgh, cache.wHhRows, cache.dhPrev, true);
            double[] dhPrev = cache.dhPrev.data;
            for (int b = 0; b < rows; b++) {
                boolean real = cache.mask[cache.maskOffset + t * rows + b] > 0;
                for (int j = b * hidden; j < (b + 1) * hidden; j++) {
                    dh[j] = real ? dhPrev[j] : dh[j];
                    dc[j] = real ? cache.dcPrev[j] : dc[j];
                }
            }
            System.arraycopy(cache.dgh.data, 0, cache.dghAll.data, t * rows * gw, rows * gw);
            System.arraycopy(cache.h[t].data, 0, cache.hPrevAll.data, t * bh, bh);
            if (stateGradNormSq != null) {
                double sq = 0;
                for (int i = 0; i < bh; i++) {
                    sq += dh[i] * dh[i];
                }
                stateGradNormSq[t] += sq;
            }
        }
        cache.products.multiplyAddTransA(cache.dghAll, cache.hPrevAll, wHh.grad);
        addColumnSums(cache.dghAll, bHh.grad.data);
        cache.products.multiplyAddTransA(cache.dgx, cache.input, wIh.grad);
        addColumnSums(cache.dgx, bIh.grad.data);
        cache.products.multiply(cache.dgx, cache.wIhRows, cache.dInput, false);
        return cache.dInput;
    }

    /** Adds v to every row of m. */
    static void addRowVector(DMatrixRMaj m, double[] v) {
        int cols = m.numCols;
        double[] d = m.data;
        for (int r = 0; r < m.numRows; r++) {
            int o = r * cols;
            for (int j = 0; j < cols; j++) {
                d[o + j] += v[j];
            }
        }
    }

    /** sums[j] += sum over rows of m[r, j]. */
    static void addColumnSums(DMatrixRMaj m, double[] sums) {
        int cols = m.numCols;
        double[] d = m.data;
        for (int r = 0; r < m.numRows; r++) {
            int o = r * cols;
            for (int j = 0; j < cols; j++) {
                sums[j] += d[o + j];
            }
        }
    }
}
