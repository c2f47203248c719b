package io.rnnstreams.nn;

import org.ejml.data.DMatrixRMaj;

/**
 * Everything one {@link Network#forward} keeps for its backward: the window, the encoder output,
 * dropout masks, each layer's record and each head's record. Reuse one per training thread.
 */
public final class NetworkCache {
    Batch batch;
    int from;
    int to;
    int lossFrom;
    boolean labelLoss;
    final DMatrixRMaj vectors = new DMatrixRMaj(1, 1);
    final Dropout[] dropout;
    final LayerCache[] layers;
    final SoftmaxHead.Cache tag = new SoftmaxHead.Cache();
    final SoftmaxHead.Cache next = new SoftmaxHead.Cache();
    final SoftmaxHead.Cache label = new SoftmaxHead.Cache();
    final DMatrixRMaj labelInput = new DMatrixRMaj(1, 1);
    final DMatrixRMaj dTop = new DMatrixRMaj(1, 1);
    int[] tagTargets = new int[0];
    int[] nextTargets = new int[0];
    final Loss loss = new Loss();
    /** When set, backward fills stateGradNormSq[t] = ||dLoss/dstate at step t||^2. */
    boolean recordStateGradients;
    double[] stateGradNormSq = new double[0];

    public NetworkCache(ModelConfig config) {
        this.layers = new LayerCache[config.layers()];
        this.dropout = new Dropout[config.layers() + 1];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new LayerCache();
        }
        for (int i = 0; i < dropout.length; i++) {
            dropout[i] = new Dropout();
        }
    }

    public Loss loss() {
        return loss;
    }

    /**
     * Whether the next backward records ||dLoss/dstate|| per step, for
     * {@link Network#stateGradientNorms} (the trainer's vanishing-gradient diagnostic).
     */
    public void recordStateGradients(boolean on) {
        recordStateGradients = on;
    }
}
