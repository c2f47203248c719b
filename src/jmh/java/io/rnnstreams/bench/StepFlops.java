package io.rnnstreams.bench;

import io.rnnstreams.nn.CellType;

/**
 * The analytic floating-point operation count of one single-layer serving step with the
 * precomputed input projection, used to turn ns/token into GFLOP/s.
 *
 * <p>Counted: the recurrent matrix-vector product W_hh h, 2 * G*H * H (one multiply and one add
 * per weight; the bias is the accumulator's starting value, so it adds nothing), plus the cell's
 * element-wise arithmetic per hidden unit, where each sigmoid or tanh counts as ONE operation
 * (it costs far more, so this undercounts the work rather than flattering it):
 * <ul>
 *   <li>RNN: gx + gh, tanh: 2</li>
 *   <li>LSTM: 4 gate sums, 4 activations, c' = f*c + i*g (3), h' = o * tanh(c') (2): 13</li>
 *   <li>GRU: 2 gate sums for r, z, 2 activations, n = tanh(gx_n + r*gh_n) (3),
 *       h' = (1 - z)*n + z*h (4): 11</li>
 * </ul>
 * Not counted: the input side (a table-row copy, no arithmetic), the vocabulary lookup, and
 * the heads (the step benchmark runs none).
 */
final class StepFlops {
    private StepFlops() {}

    static long perToken(CellType cell, int hidden) {
        long h = hidden;
        long recurrent = 2L * cell.gates() * h * h;
        int elementWise = switch (cell) {
            case RNN -> 2;
            case LSTM -> 13;
            case GRU -> 11;
        };
        return recurrent + elementWise * h;
    }
}
