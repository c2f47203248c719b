package io.rnnstreams.nn;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;

/**
 * The model as a batched, differentiable function: encoder -> dropout -> [layer -> dropout] x N
 * -> heads, over a window of steps of a {@link Batch}. Full BPTT is one window over the whole
 * batch; truncated BPTT runs shorter windows from a carried state ({@link Bptt}).
 */
public final class Network {
    private final Model model;
    private final ModelConfig config;
    private final Embedding embedding;
    private final RecurrentLayer[] layers;
    private final SoftmaxHead tag;
    private final SoftmaxHead label;
    private final SoftmaxHead next;

    public Network(Model model) {
        this.model = model;
        this.config = model.config();
        this.embedding = config.tokenInput() ? new Embedding(model) : null;
        this.layers = new RecurrentLayer[config.layers()];
        for (int l = 0; l < layers.length; l++) {
            layers[l] = new RecurrentLayer(model, l);
        }
        this.tag = config.hasTagHead() ? new SoftmaxHead(model, "tag") : null;
        this.label = config.hasLabelHead() ? new SoftmaxHead(model, "label") : null;
        this.next = config.nextHead() ? new SoftmaxHead(model, "next") : null;
    }

    public Model model() {
        return model;
    }

    /**
     * Runs steps [from, to) of the batch from {@code start} (null = zeros). Tag and next-token
     * targets count from step lossFrom on; the label counts when the window reaches the batch's
     * last step. Returns the loss statistics (also in the cache).
     */
    public Loss forward(Batch batch, int from, int to, int lossFrom, BatchState start,
            double dropout, RandomGenerator rng, NetworkCache cache) {
        if (from < 0 || to > batch.steps() || from >= to || lossFrom < from || lossFrom > to) {
            throw new IllegalArgumentException("bad window [" + from + ", " + to + ") loss from " + lossFrom);
        }
        int rows = batch.rows();
        int steps = to - from;
        int n = steps * rows;
        cache.batch = batch;
        cache.from = from;
        cache.to = to;
        cache.lossFrom = lossFrom;
        cache.labelLoss = label != null && to == batch.steps() && batch.labelTargets() != null;
        cache.loss.clear();

        DMatrixRMaj x = cache.vectors;
        if (embedding != null) {
            embedding.forward(batch, from * rows, n, x);
        } else {
            int width = config.inputWidth();
            x.reshape(n, width);
            System.arraycopy(batch.vectors(), from * rows * width, x.data, 0, n * width);
        }
        x = cache.dropout[0].forward(x, dropout, rng);
        BatchState s = start != null ? start : BatchState.zeros(config, rows);
        for (int l = 0; l < layers.length; l++) {
            layers[l].forward(x, batch.mask(), from * rows, steps, rows, s.h[l], s.c[l], cache.layers[l]);
            x = cache.dropout[l + 1].forward(cache.layers[l].output, dropout, rng);
        }

        if (tag != null && batch.tagTargets() != null) {
            cache.tagTargets = windowTargets(batch.tagTargets(), cache.tagTargets, from, lossFrom, to, rows);
            tag.forward(x, cache.tagTargets, 0, cache.tag);
            cache.loss.set(Loss.TAG, cache.tag);
        }
        if (next != null && batch.nextTargets() != null) {
            cache.nextTargets = windowTargets(batch.nextTargets(), cache.nextTargets, from, lossFrom, to, rows);
            next.forward(x, cache.nextTargets, 0, cache.next);
            cache.loss.set(Loss.NEXT, cache.next);
        }
        if (cache.labelLoss) {
            // The final state of every row sits at the window's last step (padding carries it).
            int h = config.hidden();
            cache.labelInput.reshape(rows, h);
            System.arraycopy(x.data, (steps - 1) * rows * h, cache.labelInput.data, 0, rows * h);
            label.forward(cache.labelInput, batch.labelTargets(), 0, cache.label);
            cache.loss.set(Loss.LABEL, cache.label);
        }
        return cache.loss;
    }

    /** Backward of the last forward on this cache: accumulates every parameter's gradient. */
    public void backward(NetworkCache cache) {
        Batch batch = cache.batch;
        int rows = batch.rows();
        int steps = cache.to - cache.from;
        int h = config.hidden();
        DMatrixRMaj dTop = cache.dTop;
        dTop.reshape(steps * rows, h);
        Arrays.fill(dTop.data, 0, steps * rows * h, 0.0);
        if (tag != null && batch.tagTargets() != null && cache.tag.count > 0) {
            addInto(dTop, tag.backward(cache.tag, 1.0), 0);
        }
        if (next != null && batch.nextTargets() != null && cache.next.count > 0) {
            addInto(dTop, next.backward(cache.next, 1.0), 0);
        }
        if (cache.labelLoss && cache.label.count > 0) {
            addInto(dTop, label.backward(cache.label, 1.0), (steps - 1) * rows * h);
        }
        if (cache.recordStateGradients) {
            cache.stateGradNormSq = StepCache.fit(cache.stateGradNormSq, steps);
            Arrays.fill(cache.stateGradNormSq, 0, steps, 0.0);
        }
        double[] norms = cache.recordStateGradients ? cache.stateGradNormSq : null;
        DMatrixRMaj d = dTop;
        for (int l = layers.length - 1; l >= 0; l--) {
            d = cache.dropout[l + 1].backward(d);
            d = layers[l].backward(d, cache.layers[l], norms);
        }
        d = cache.dropout[0].backward(d);
        if (embedding != null) {
            embedding.backward(batch, cache.from * rows, d);
        }
    }

    /** The state after the first {@code k} steps of the cached window (k in [0, to - from]). */
    public BatchState stateAt(NetworkCache cache, int k) {
        BatchState s = BatchState.zeros(config, cache.batch.rows());
        int bh = cache.batch.rows() * config.hidden();
        for (int l = 0; l < layers.length; l++) {
            System.arraycopy(cache.layers[l].h[k].data, 0, s.h[l], 0, bh);
            System.arraycopy(cache.layers[l].c[k].data, 0, s.c[l], 0, bh);
        }
        return s;
    }

    /** ||dLoss / dstate|| at each step of the last backward (needs recordStateGradients). */
    public static double[] stateGradientNorms(NetworkCache cache) {
        int steps = cache.to - cache.from;
        double[] out = new double[steps];
        for (int t = 0; t < steps; t++) {
            out[t] = Math.sqrt(cache.stateGradNormSq[t]);
        }
        return out;
    }

    private static int[] windowTargets(int[] all, int[] buffer, int from, int lossFrom, int to, int rows) {
        int n = (to - from) * rows;
        int[] w = buffer.length >= n ? buffer : new int[n];
        for (int t = from; t < to; t++) {
            for (int b = 0; b < rows; b++) {
                w[(t - from) * rows + b] = t >= lossFrom ? all[t * rows + b] : -1;
            }
        }
        return w;
    }

    private static void addInto(DMatrixRMaj target, DMatrixRMaj source, int offset) {
        int n = source.getNumElements();
        for (int i = 0; i < n; i++) {
            target.data[offset + i] += source.data[i];
        }
    }
}
