package io.rnnstreams.nn;

/** The recurrent state of a batch of B sequences: h (and c for LSTM) per layer, each [B*H]. */
public final class BatchState {
    final double[][] h;
    final double[][] c;
    final int rows;

    BatchState(int layers, int rows, int hidden) {
        this.rows = rows;
        this.h = new double[layers][rows * hidden];
        this.c = new double[layers][rows * hidden];
    }

    /** The all-zero start state. */
    public static BatchState zeros(ModelConfig config, int rows) {
        return new BatchState(config.layers(), rows, config.hidden());
    }

    public int rows() {
        return rows;
    }

    /** h of layer l, [B*H] row-major (b, j). */
    public double[] h(int layer) {
        return h[layer];
    }

    /** c of layer l (LSTM), [B*H]. */
    public double[] c(int layer) {
        return c[layer];
    }
}
