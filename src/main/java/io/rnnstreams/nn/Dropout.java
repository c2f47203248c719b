package io.rnnstreams.nn;

import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;

/**
 * Inverted dropout: in training each element is zeroed with probability p and the rest scaled
 * by 1 / (1 - p), so inference needs no change. The mask is this object's cache for backward.
 */
final class Dropout {
    private double[] mask = new double[0];
    final DMatrixRMaj out = new DMatrixRMaj(1, 1);
    final DMatrixRMaj dIn = new DMatrixRMaj(1, 1);
    private boolean active;

    /** x -> out; with p == 0 out is x itself (no copy). */
    DMatrixRMaj forward(DMatrixRMaj x, double p, RandomGenerator rng) {
        active = p > 0;
        if (!active) {
            return x;
        }
        int n = x.getNumElements();
        out.reshape(x.numRows, x.numCols);
        mask = StepCache.fit(mask, n);
        double keep = 1.0 / (1.0 - p);
        for (int i = 0; i < n; i++) {
            mask[i] = rng.nextDouble() < p ? 0.0 : keep;
            out.data[i] = x.data[i] * mask[i];
        }
        return out;
    }

    DMatrixRMaj backward(DMatrixRMaj dOut) {
        if (!active) {
            return dOut;
        }
        int n = dOut.getNumElements();
        dIn.reshape(dOut.numRows, dOut.numCols);
        for (int i = 0; i < n; i++) {
            dIn.data[i] = dOut.data[i] * mask[i];
        }
        return dIn;
    }
}
