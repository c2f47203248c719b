package io.rnnstreams.nn;

import org.ejml.data.DMatrixRMaj;

/**
 * A classification head: logits = x W^T + b, softmax, cross-entropy averaged over the rows
 * that have a target (target -1 = no loss for that row).
 */
final class SoftmaxHead {
    private final Param weight;
    private final Param bias;

    SoftmaxHead(Model model, String name) {
        this.weight = model.param(name + ".weight");
        this.bias = model.param(name + ".bias");
    }

    /** The forward record of one head call, kept for backward. */
    static final class Cache {
        DMatrixRMaj input;
        int[] targets;
        int targetOffset;
        final DMatrixRMaj probs = new DMatrixRMaj(1, 1);
        final DMatrixRMaj dLogits = new DMatrixRMaj(1, 1);
        final DMatrixRMaj dInput = new DMatrixRMaj(1, 1);
        /** The weight as row arrays for {@link MatrixProducts}, taken at the start of forward. */
        double[][] weightRows;
        double[][] weightTransposedRows;
        final MatrixProducts products = new MatrixProducts();
        /** Rows with a target, summed cross-entropy over them, and how many argmax hit. */
        int count;
        double lossSum;
        int correct;
    }

    /**
     * x [N, H]; targets[targetOffset + r] is row r's class or -1 -> cache.probs [N, C], and the
     * loss statistics of the rows with a target.
     */
    void forward(DMatrixRMaj x, int[] targets, int targetOffset, Cache cache) {
        cache.input = x;
        cache.targets = targets;
        cache.targetOffset = targetOffset;
        cache.weightRows = MatrixProducts.rows(weight.value, cache.weightRows);
        cache.weightTransposedRows = MatrixProducts.transposedRows(weight.value, cache.weightTransposedRows);
        cache.products.multiply(x, cache.weightTransposedRows, cache.probs, false);
        RecurrentLayer.addRowVector(cache.probs, bias.value.data);
        int classes = cache.probs.numCols;
        double[] p = cache.probs.data;
        cache.count = 0;
        cache.lossSum = 0;
        cache.correct = 0;
        for (int r = 0; r < x.numRows; r++) {
            int o = r * classes;
            double max = Double.NEGATIVE_INFINITY;
            int argmax = 0;
            for (int k = 0; k < classes; k++) {
                if (p[o + k] > max) {
                    max = p[o + k];
                    argmax = k;
                }
            }
            double sum = 0;
            for (int k = 0; k < classes; k++) {
                p[o + k] = Math.exp(p[o + k] - max);
                sum += p[o + k];
            }
            for (int k = 0; k < classes; k++) {
                p[o + k] /= sum;
            }
            int target = targets[targetOffset + r];
            if (target >= 0) {
                cache.count++;
                cache.lossSum -= Math.log(Math.max(p[o + target], Double.MIN_NORMAL));
                cache.correct += argmax == target ? 1 : 0;
            }
        }
    }

    /**
     * Backward of the mean cross-entropy scaled by {@code scale}; accumulates W and b gradients
     * and returns dx [N, H].
     */
    DMatrixRMaj backward(Cache cache, double scale) {
        DMatrixRMaj dl = cache.dLogits;
        dl.reshape(cache.probs.numRows, cache.probs.numCols);
        int classes = dl.numCols;
        double per = cache.count == 0 ? 0 : scale / cache.count;
        for (int r = 0; r < dl.numRows; r++) {
            int o = r * classes;
            int target = cache.targets[cache.targetOffset + r];
            for (int k = 0; k < classes; k++) {
                dl.data[o + k] = target < 0 ? 0 : per * (cache.probs.data[o + k] - (k == target ? 1 : 0));
            }
        }
        cache.products.multiplyAddTransA(dl, cache.input, weight.grad);
        RecurrentLayer.addColumnSums(dl, bias.grad.data);
        cache.products.multiply(dl, cache.weightRows, cache.dInput, false);
        return cache.dInput;
    }
}
