package io.rnnstreams.nn;

import org.ejml.data.DMatrixRMaj;

/**
 * What one layer keeps from one forward step for its backward: the previous state it read, the
 * recurrent pre-activation, the gate activations and the candidate new state (before masking).
 * Arrays are sized for the largest batch seen and reused across batches.
 */
final class StepCache {
    /** [B, H] state read by this step (the layer's state array at t; not a copy). */
    double[] hPrev;
    double[] cPrev;
    /** [B, G*H] W_hh h + b_hh. */
    final DMatrixRMaj gh = new DMatrixRMaj(1, 1);
    /** [B, G*H] gate activations (RNN: h'; LSTM: i, f, g, o; GRU: r, z, n). */
    double[] acts = new double[0];
    /** [B, H] LSTM: tanh(c'). */
    double[] aux = new double[0];
    /** [B, H] candidate state, before the mask keeps padded rows unchanged. */
    double[] hNew = new double[0];
    double[] cNew = new double[0];

    void reshape(int rows, int hidden, int gates) {
        gh.reshape(rows, gates * hidden);
        acts = fit(acts, rows * gates * hidden);
        aux = fit(aux, rows * hidden);
        hNew = fit(hNew, rows * hidden);
        cNew = fit(cNew, rows * hidden);
    }

    static double[] fit(double[] a, int n) {
        return a.length >= n ? a : new double[n];
    }
}
