package io.rnnstreams.bench;

import static io.rnnstreams.bench.TrainingShape.EMBED;
import static io.rnnstreams.bench.TrainingShape.GATES;
import static io.rnnstreams.bench.TrainingShape.HIDDEN;
import static io.rnnstreams.bench.TrainingShape.ROWS;
import static io.rnnstreams.bench.TrainingShape.TAGS;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Every matrix product one BPTT window of {@link TrainingShape} makes, with the EJML call and
 * operand shapes the training code uses (T = steps of the window, B = 32, so BT = B*T rows).
 * Per-step products run T times per window, the others once.
 */
public enum TrainingProduct {
    /** gx = x W_ih^T: [BT, E] x [E, 3H]. */
    INPUT_PROJECTION(false) {
        DMatrixRMaj[] operands(int steps) {
            return shapes(ROWS * steps, EMBED, GATES * HIDDEN, EMBED, ROWS * steps, GATES * HIDDEN);
        }

        void run(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
            CommonOps_DDRM.multTransB(a, b, c);
        }
    },
    /** gh = h W_hh^T, once per step: [B, H] x [H, 3H]. */
    RECURRENT_PROJECTION(true) {
        DMatrixRMaj[] operands(int steps) {
            return shapes(ROWS, HIDDEN, GATES * HIDDEN, HIDDEN, ROWS, GATES * HIDDEN);
        }

        void run(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
            CommonOps_DDRM.multTransB(a, b, c);
        }
    },
    /** dh_prev += dgh W_hh, once per step: [B, 3H] x [3H, H]. */
    RECURRENT_BACKWARD(true) {
        DMatrixRMaj[] operands(int steps) {
            return shapes(ROWS, GATES * HIDDEN, GATES * HIDDEN, HIDDEN, ROWS, HIDDEN);
        }

        void run(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
            CommonOps_DDRM.multAdd(a, b, c);
        }
    },
    /** dW_hh += dgh^T h_prev over the window: [3H, BT] x [BT, H]. */
    RECURRENT_WEIGHT_GRADIENT(false) {
        DMatrixRMaj[] operands(int steps) {
            return shapes(ROWS * steps, GATES * HIDDEN, ROWS * steps, HIDDEN, GATES * HIDDEN, HIDDEN);
        }

        void run(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
            CommonOps_DDRM.multAddTransA(a, b, c);
        }
    },
    /** dW_ih += dgx^T x: [3H, BT] x [BT, E]. */
    INPUT_WEIGHT_GRADIENT(false) {
        DMatrixRMaj[] operands(int steps) {
            return shapes(ROWS * steps, GATES * HIDDEN, ROWS * steps, EMBED, GATES * HIDDEN, EMBED);
        }

        void run(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
            CommonOps_DDRM.multAddTransA(a, b, c);
        }
    },
    /** dx = dgx W_ih: [BT, 3H] x [3H, E]. */
    INPUT_BACKWARD(false) {
        DMatrixRMaj[] operands(int steps) {
            return shapes(ROWS * steps, GATES * HIDDEN, GATES * HIDDEN, EMBED, ROWS * steps, EMBED);
        }

        void run(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
            CommonOps_DDRM.mult(a, b, c);
        }
    },
    /** Tag logits = h W_tag^T: [BT, H] x [H, C]. */
    TAG_LOGITS(false) {
        DMatrixRMaj[] operands(int steps) {
            return shapes(ROWS * steps, HIDDEN, TAGS, HIDDEN, ROWS * steps, TAGS);
        }

        void run(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
            CommonOps_DDRM.multTransB(a, b, c);
        }
    },
    /** dW_tag += dlogits^T h: [C, BT] x [BT, H]. */
    TAG_WEIGHT_GRADIENT(false) {
        DMatrixRMaj[] operands(int steps) {
            return shapes(ROWS * steps, TAGS, ROWS * steps, HIDDEN, TAGS, HIDDEN);
        }

        void run(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
            CommonOps_DDRM.multAddTransA(a, b, c);
        }
    },
    /** dh = dlogits W_tag: [BT, C] x [C, H]. */
    TAG_BACKWARD(false) {
        DMatrixRMaj[] operands(int steps) {
            return shapes(ROWS * steps, TAGS, TAGS, HIDDEN, ROWS * steps, HIDDEN);
        }

        void run(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
            CommonOps_DDRM.mult(a, b, c);
        }
    };

    private final boolean perStep;

    TrainingProduct(boolean perStep) {
        this.perStep = perStep;
    }

    /** The operands a, b and the result c, for a window of {@code steps} steps. */
    abstract DMatrixRMaj[] operands(int steps);

    /** The EJML call the training code makes for this product. */
    abstract void run(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c);

    int callsPerWindow(int steps) {
        return perStep ? steps : 1;
    }

    /**
     * 2 x (inner dimension) x (result size) floating-point operations per call; whether a is
     * transposed or not, its size is (result rows) x (inner dimension).
     */
    long flopsPerCall(int steps) {
        DMatrixRMaj[] o = operands(steps);
        long inner = o[0].getNumElements() / o[2].numRows;
        return 2L * inner * o[2].getNumElements();
    }

    private static DMatrixRMaj[] shapes(int ar, int ac, int br, int bc, int cr, int cc) {
        return new DMatrixRMaj[] {new DMatrixRMaj(ar, ac), new DMatrixRMaj(br, bc), new DMatrixRMaj(cr, cc)};
    }
}
