package io.rnnstreams.bench;

import static io.rnnstreams.bench.TrainingShape.EMBED;
import static io.rnnstreams.bench.TrainingShape.GATES;
import static io.rnnstreams.bench.TrainingShape.HIDDEN;
import static io.rnnstreams.bench.TrainingShape.ROWS;
import static io.rnnstreams.bench.TrainingShape.TAGS;

import io.rnnstreams.nn.MatrixProducts;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Every matrix product one BPTT window of {@link TrainingShape} makes (T = steps of the window,
 * B = 32, BT = B*T rows), with its operand shapes, its EJML call, and the call the training code
 * makes ({@link MatrixProducts}). Per-step products run T times per window, the others once.
 */
public enum TrainingProduct {
    /** gx = x W_ih^T: [BT, E] x [E, 3H]. */
    INPUT_PROJECTION(false, Form.TIMES_TRANSPOSED, Dim.BT, EMBED, GATES * HIDDEN),
    /** gh = h W_hh^T, once per step: [B, H] x [H, 3H]. */
    RECURRENT_PROJECTION(true, Form.TIMES_TRANSPOSED, Dim.B, HIDDEN, GATES * HIDDEN),
    /** dh_prev += dgh W_hh, once per step: [B, 3H] x [3H, H]. */
    RECURRENT_BACKWARD(true, Form.PLUS_TIMES, Dim.B, GATES * HIDDEN, HIDDEN),
    /** dW_hh += dgh^T h_prev over the window: [3H, BT] x [BT, H]. */
    RECURRENT_WEIGHT_GRADIENT(false, Form.PLUS_TRANSPOSED_TIMES, Dim.BT, GATES * HIDDEN, HIDDEN),
    /** dW_ih += dgx^T x: [3H, BT] x [BT, E]. */
    INPUT_WEIGHT_GRADIENT(false, Form.PLUS_TRANSPOSED_TIMES, Dim.BT, GATES * HIDDEN, EMBED),
    /** dx = dgx W_ih: [BT, 3H] x [3H, E]. */
    INPUT_BACKWARD(false, Form.TIMES, Dim.BT, GATES * HIDDEN, EMBED),
    /** Tag logits = h W_tag^T: [BT, H] x [H, C]. */
    TAG_LOGITS(false, Form.TIMES_TRANSPOSED, Dim.BT, HIDDEN, TAGS),
    /** dW_tag += dlogits^T h: [C, BT] x [BT, H]. */
    TAG_WEIGHT_GRADIENT(false, Form.PLUS_TRANSPOSED_TIMES, Dim.BT, TAGS, HIDDEN),
    /** dh = dlogits W_tag: [BT, C] x [C, H]. */
    TAG_BACKWARD(false, Form.TIMES, Dim.BT, TAGS, HIDDEN);

    /** The rows dimension of the operands: the batch, or the batch times the window's steps. */
    private enum Dim { B, BT }

    /** The four product forms training uses, each with EJML's call and the project's. */
    enum Form {
        /** c = a b^T, b [n, k] (a weight, stored as PyTorch does). */
        TIMES_TRANSPOSED {
            void ejml(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
                CommonOps_DDRM.multTransB(a, b, c);
            }

            void rows(MatrixProducts p, DMatrixRMaj a, DMatrixRMaj b, double[][] bRows, DMatrixRMaj c) {
                p.multiply(a, bRows, c, false);
            }

            double[][] prepare(DMatrixRMaj b) {
                return MatrixProducts.transposedRows(b, null);
            }
        },
        /** c = a b. */
        TIMES {
            void ejml(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
                CommonOps_DDRM.mult(a, b, c);
            }

            void rows(MatrixProducts p, DMatrixRMaj a, DMatrixRMaj b, double[][] bRows, DMatrixRMaj c) {
                p.multiply(a, bRows, c, false);
            }
        },
        /** c += a b. */
        PLUS_TIMES {
            void ejml(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
                CommonOps_DDRM.multAdd(a, b, c);
            }

            void rows(MatrixProducts p, DMatrixRMaj a, DMatrixRMaj b, double[][] bRows, DMatrixRMaj c) {
                p.multiply(a, bRows, c, true);
            }
        },
        /** c += a^T b, a [K, m]: the weight gradients. */
        PLUS_TRANSPOSED_TIMES {
            void ejml(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
                CommonOps_DDRM.multAddTransA(a, b, c);
            }

            void rows(MatrixProducts p, DMatrixRMaj a, DMatrixRMaj b, double[][] bRows, DMatrixRMaj c) {
                p.multiplyAddTransA(a, b, c);
            }

            double[][] prepare(DMatrixRMaj b) {
                return null;
            }
        };

        abstract void ejml(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c);

        abstract void rows(MatrixProducts p, DMatrixRMaj a, DMatrixRMaj b, double[][] bRows, DMatrixRMaj c);

        /**
         * The right operand as the row arrays training keeps of its weights (taken once per
         * window, so not part of the product's time); null where b is used as it is.
         */
        double[][] prepare(DMatrixRMaj b) {
            return MatrixProducts.rows(b, null);
        }
    }

    private final boolean perStep;
    final Form form;
    private final Dim dim;
    private final int second;
    private final int third;

    /**
     * The operands' dimensions: for TIMES forms a [rows, second], b's product dimension third;
     * for PLUS_TRANSPOSED_TIMES a [rows, second], b [rows, third].
     */
    TrainingProduct(boolean perStep, Form form, Dim dim, int second, int third) {
        this.perStep = perStep;
        this.form = form;
        this.dim = dim;
        this.second = second;
        this.third = third;
    }

    /** The operands a, b and the result c, for a window of {@code steps} steps. */
    DMatrixRMaj[] operands(int steps) {
        int rows = dim == Dim.B ? ROWS : ROWS * steps;
        DMatrixRMaj a = new DMatrixRMaj(rows, second);
        return switch (form) {
            case TIMES_TRANSPOSED -> new DMatrixRMaj[] {a, new DMatrixRMaj(third, second), new DMatrixRMaj(rows, third)};
            case TIMES, PLUS_TIMES -> new DMatrixRMaj[] {a, new DMatrixRMaj(second, third), new DMatrixRMaj(rows, third)};
            case PLUS_TRANSPOSED_TIMES -> new DMatrixRMaj[] {a, new DMatrixRMaj(rows, third), new DMatrixRMaj(second, third)};
        };
    }

    int callsPerWindow(int steps) {
        return perStep ? steps : 1;
    }

    /** 2 x rows x second x third floating-point operations per call. */
    long flopsPerCall(int steps) {
        long rows = dim == Dim.B ? ROWS : (long) ROWS * steps;
        return 2L * rows * second * third;
    }
}
