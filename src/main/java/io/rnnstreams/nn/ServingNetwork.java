package io.rnnstreams.nn;

/**
 * One network's serving form: a {@link Model}'s float32 weights laid out for the one-token
 * step, with the first layer's input projection precomputed per embedding row where memory allows
 * (W_ih E[w] + b_ih for every word row, W_ih F[f] for every feature row), so a token step costs
 * a few row additions plus the recurrent products. Immutable and thread-safe; per-thread
 * buffers live in a {@link StepWorkspace}. {@link InferenceModel} runs one or several of these.
 *
 * <p>State layout (float[stateSize] from an offset): for each layer l, h at [l*S, l*S + H) and,
 * for LSTM, c at [l*S + H, l*S + 2H), where S = H (2H for LSTM).
 */
final class ServingNetwork {
    static final int TAG = 0;
    static final int LABEL = 1;
    static final int NEXT = 2;

    private final ModelConfig config;
    private final TokenEncoder encoder;
    private final Cell cell;
    private final int gates;
    private final int hidden;
    private final int gateWidth;
    private final int layerStride;
    private final boolean cellState;
    private final int featuresPerToken;

    /** Table rows as separate arrays (see {@link MatVec} for why not one flat array). */
    private final float[][] wordProjection;
    private final float[][] featureProjection;
    private final float[][] embedding;
    private final float[][] features;
    private final float[][][] wIhT;
    private final float[][][] wHhT;
    private final float[][] bIh;
    private final float[][] bHh;
    private final Head tag;
    private final Head label;
    private final Head next;

    /**
     * A head's bias [C] and weights: row-major [C*H] when the head is narrow (see
     * {@link MatVec#multiplyNarrow}), else transposed [H][C]; the other form is null.
     */
    private record Head(float[][] wT, float[] w, float[] bias, int classes) {
        static Head of(Model m, String name, int hidden) {
            Param w = m.param(name + ".weight");
            int classes = w.shape()[0];
            float[] bias = MatVec.toFloat(m.param(name + ".bias").values(), classes);
            if (classes < MatVec.NARROW) {
                return new Head(null, MatVec.toFloat(w.values(), classes * hidden), bias, classes);
            }
            return new Head(MatVec.transpose(w.values(), classes, hidden), null, bias, classes);
        }

        void logits(float[] in, int inOffset, float[] out) {
            if (w != null) {
                MatVec.multiplyNarrow(w, in, inOffset, bias, out);
            } else {
                MatVec.multiply(wT, in, inOffset, bias, out);
            }
        }
    }

    ServingNetwork(Model model, long maxProjectionBytes) {
        this.config = model.config();
        this.encoder = config.tokenInput() ? model.tokenEncoder() : null;
        this.cell = config.cell().cell();
        this.gates = config.cell().gates();
        this.hidden = config.hidden();
        this.gateWidth = gates * hidden;
        this.cellState = config.cell().hasCellState();
        this.layerStride = cellState ? 2 * hidden : hidden;
        this.featuresPerToken = config.featuresPerToken();
        int layers = config.layers();
        wIhT = new float[layers][][];
        wHhT = new float[layers][][];
        bIh = new float[layers][];
        bHh = new float[layers][];
        for (int l = 0; l < layers; l++) {
            wIhT[l] = MatVec.transpose(model.param(Model.weightIh(l)).values(), gateWidth, config.layerInput(l));
            wHhT[l] = MatVec.transpose(model.param(Model.weightHh(l)).values(), gateWidth, hidden);
            bIh[l] = MatVec.toFloat(model.param(Model.biasIh(l)).values(), gateWidth);
            bHh[l] = MatVec.toFloat(model.param(Model.biasHh(l)).values(), gateWidth);
        }
        if (config.tokenInput()) {
            int e = config.embed();
            Param words = model.param(Model.EMBEDDING);
            Param feats = model.hasParam(Model.FEATURES) ? model.param(Model.FEATURES) : null;
            long rows = words.shape()[0] + (feats == null ? 0 : feats.shape()[0]);
            boolean precompute = rows * gateWidth * 4L <= maxProjectionBytes;
            if (precompute) {
                wordProjection = project(words.values(), words.shape()[0], e, model,
                        model.param(Model.biasIh(0)).values());
                featureProjection = feats == null ? null : project(feats.values(), feats.shape()[0], e, model, null);
                embedding = null;
                features = null;
            } else {
                wordProjection = null;
                featureProjection = null;
                embedding = MatVec.rows(words.values(), words.shape()[0], e);
                features = feats == null ? null : MatVec.rows(feats.values(), feats.shape()[0], e);
            }
        } else {
            wordProjection = null;
            featureProjection = null;
            embedding = null;
            features = null;
        }
        tag = config.hasTagHead() ? Head.of(model, "tag", hidden) : null;
        label = config.hasLabelHead() ? Head.of(model, "label", hidden) : null;
        next = config.nextHead() ? Head.of(model, "next", hidden) : null;
    }

    /** Rows of a table times W_ih0^T (+ bias), computed in double, stored float [rows][G*H]. */
    private float[][] project(double[] table, int rows, int e, Model model, double[] bias) {
        double[] w = model.param(Model.weightIh(0)).values();
        float[][] out = new float[rows][gateWidth];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < gateWidth; i++) {
                double s = bias == null ? 0 : bias[i];
                for (int k = 0; k < e; k++) {
                    s += w[i * e + k] * table[r * e + k];
                }
                out[r][i] = (float) s;
            }
        }
        return out;
    }

    ModelConfig config() {
        return config;
    }

    boolean projectionPrecomputed() {
        return wordProjection != null;
    }

    int featuresPerToken() {
        return featuresPerToken;
    }

    /** Advances the state at {@code base} by one token. */
    void step(float[] state, int base, String token, StepWorkspace ws) {
        int word = encoder.wordId(token);
        encoder.featureIds(token, ws.featureIds, 0);
        stepIds(state, base, word, ws.featureIds, featuresPerToken, ws);
    }

    /** Advances the state at {@code base} by the {@code <eos>} token (token input only). */
    void stepEndOfSequence(float[] state, int base, StepWorkspace ws) {
        stepIds(state, base, Vocabulary.EOS, ws.featureIds, 0, ws);
    }

    /** Advances the state at {@code base} by one dense input vector of the model's input width. */
    void step(float[] state, int base, float[] x, StepWorkspace ws) {
        MatVec.multiply(wIhT[0], x, 0, bIh[0], ws.gx);
        runTrunk(state, base, ws);
    }

    private void stepIds(float[] state, int base, int word, int[] featureIds, int featureCount, StepWorkspace ws) {
        float[] gx = ws.gx;
        if (wordProjection != null) {
            System.arraycopy(wordProjection[word], 0, gx, 0, gateWidth);
            for (int k = 0; k < featureCount; k++) {
                MatVec.add(featureProjection[featureIds[k]], gx, gateWidth);
            }
        } else {
            int e = config.embed();
            System.arraycopy(embedding[word], 0, ws.x, 0, e);
            for (int k = 0; k < featureCount; k++) {
                MatVec.add(features[featureIds[k]], ws.x, e);
            }
            MatVec.multiply(wIhT[0], ws.x, 0, bIh[0], gx);
        }
        runTrunk(state, base, ws);
    }

    /**
     * Layer 0's gx is in ws.gx; runs every layer's products and cell update. The cell works on
     * one array per gate block and on copies of h and c (see {@link Cell#step}); the copies
     * cost a few tens of ns, vectorising the cell saves microseconds.
     */
    private void runTrunk(float[] state, int base, StepWorkspace ws) {
        for (int l = 0; l < config.layers(); l++) {
            int hOffset = base + l * layerStride;
            int cOffset = hOffset + hidden;
            if (l > 0) {
                MatVec.multiply(wIhT[l], state, base + (l - 1) * layerStride, bIh[l], ws.gx);
            }
            MatVec.multiply(wHhT[l], state, hOffset, bHh[l], ws.gh);
            ws.splitGates(hidden);
            System.arraycopy(state, hOffset, ws.h, 0, hidden);
            if (cellState) {
                System.arraycopy(state, cOffset, ws.c, 0, hidden);
            }
            cell.step(hidden, ws.gateX, ws.gateH, ws.h, ws.c);
            System.arraycopy(ws.h, 0, state, hOffset, hidden);
            if (cellState) {
                System.arraycopy(ws.c, 0, state, cOffset, hidden);
            }
        }
    }

    /** Softmax of head {@link #TAG}, {@link #LABEL} or {@link #NEXT} at the state at {@code base} into {@code out}. */
    void probabilities(int head, float[] state, int base, float[] out) {
        Head h = head == TAG ? tag : head == LABEL ? label : next;
        h.logits(state, base + (config.layers() - 1) * layerStride, out);
        MatVec.softmax(out, h.classes);
    }
}
