package io.rnnstreams.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MatVecTest {

    /** The narrow form must give the very floats of the axpy form, remainders included. */
    @Test
    void narrowProductEqualsTheAxpyProductBitForBit() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int m : new int[] {1, 2, 3, 6, 15}) {
            for (int n : new int[] {1, 3, 4, 7, 64, 130}) {
                double[] w = new double[m * n];
                for (int k = 0; k < w.length; k++) {
                    w[k] = rng.nextDouble(-1, 1);
                }
                float[] bias = new float[m];
                for (int i = 0; i < m; i++) {
                    bias[i] = (float) rng.nextDouble(-1, 1);
                }
                int offset = 5;
                float[] in = new float[offset + n];
                for (int k = 0; k < in.length; k++) {
                    in[k] = (float) rng.nextDouble(-1, 1);
                }
                float[] axpy = new float[m];
                float[] narrow = new float[m];
                MatVec.multiply(MatVec.transpose(w, m, n), in, offset, bias, axpy);
                MatVec.multiplyNarrow(MatVec.toFloat(w, m * n), in, offset, bias, narrow);
                assertArrayEquals(axpy, narrow, "m=" + m + " n=" + n);
            }
        }
    }
}
