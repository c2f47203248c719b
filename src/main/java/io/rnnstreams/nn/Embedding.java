package io.rnnstreams.nn;

import org.ejml.data.DMatrixRMaj;

/**
 * Token input encoder: x = E_word[wordId] + sum over features of E_feature[featureId]
 * (an EmbeddingBag with mode "sum" in PyTorch terms). Feature ids of -1 are absent.
 */
final class Embedding {
    private final Param words;
    private final Param features;
    private final int width;
    private final int featuresPerToken;

    Embedding(Model model) {
        this.words = model.param(Model.EMBEDDING);
        this.features = model.hasParam(Model.FEATURES) ? model.param(Model.FEATURES) : null;
        this.width = model.config().embed();
        this.featuresPerToken = model.config().featuresPerToken();
    }

    /** Rows [from, from + n) of the batch's ids -> out [n, E]. */
    void forward(Batch batch, int from, int n, DMatrixRMaj out) {
        out.reshape(n, width);
        double[] o = out.data;
        double[] w = words.value.data;
        for (int r = 0; r < n; r++) {
            int word = batch.wordIds()[from + r];
            System.arraycopy(w, word * width, o, r * width, width);
            if (features != null) {
                double[] f = features.value.data;
                for (int k = 0; k < featuresPerToken; k++) {
                    int id = batch.featureIds()[(from + r) * featuresPerToken + k];
                    if (id >= 0) {
                        for (int j = 0; j < width; j++) {
                            o[r * width + j] += f[id * width + j];
                        }
                    }
                }
            }
        }
    }

    /** dOut [n, E] for rows [from, from + n) scattered into the embedding gradients. */
    void backward(Batch batch, int from, DMatrixRMaj dOut) {
        int n = dOut.numRows;
        double[] d = dOut.data;
        double[] gw = words.grad.data;
        for (int r = 0; r < n; r++) {
            int word = batch.wordIds()[from + r];
            for (int j = 0; j < width; j++) {
                gw[word * width + j] += d[r * width + j];
            }
            if (features != null) {
                double[] gf = features.grad.data;
                for (int k = 0; k < featuresPerToken; k++) {
                    int id = batch.featureIds()[(from + r) * featuresPerToken + k];
                    if (id >= 0) {
                        for (int j = 0; j < width; j++) {
                            gf[id * width + j] += d[r * width + j];
                        }
                    }
                }
            }
        }
    }
}
