package io.rnnstreams.nn;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * One named parameter tensor (PyTorch state_dict name and shape) with its gradient. Training
 * math is double precision; files and serving are float32. A 1-D tensor of n values is held as
 * a 1 x n matrix.
 */
public final class Param {
    private final String name;
    private final int[] shape;
    final DMatrixRMaj value;
    final DMatrixRMaj grad;

    Param(String name, int... shape) {
        if (shape.length < 1 || shape.length > 2) {
            throw new IllegalArgumentException(name + ": only 1-D and 2-D tensors");
        }
        this.name = name;
        this.shape = shape.clone();
        int rows = shape.length == 1 ? 1 : shape[0];
        int cols = shape.length == 1 ? shape[0] : shape[1];
        this.value = new DMatrixRMaj(rows, cols);
        this.grad = new DMatrixRMaj(rows, cols);
    }

    public String name() {
        return name;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        return value.getNumElements();
    }

    /** Row-major values; writes go straight into the model. */
    public double[] values() {
        return value.data;
    }

    /** Row-major gradient accumulated by backward; zeroed by {@link #zeroGrad()}. */
    public double[] gradient() {
        return grad.data;
    }

    public void zeroGrad() {
        Arrays.fill(grad.data, 0, grad.getNumElements(), 0.0);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
