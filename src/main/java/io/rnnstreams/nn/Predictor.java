package io.rnnstreams.nn;

/**
 * Runs whole sequences through the serving step, exactly as the stream does: tags are read D
 * steps late for a look-ahead model, the last D come from end-of-sequence flush steps, and the
 * label is read from the final state after the flush.
 */
public final class Predictor {
    private final InferenceModel model;
    private final StepWorkspace ws;

    /** Predictions for one sequence; arrays are null for heads the model lacks. */
    public record Prediction(int[] tags, float[][] tagProbabilities, int label, float[] labelProbabilities,
            float[][] runningLabelProbabilities) {}

    public Predictor(InferenceModel model) {
        this.model = model;
        this.ws = model.workspace(null);
    }

    public InferenceModel model() {
        return model;
    }

    /**
     * @param running also record the label distribution after every input step (how early the
     *                label becomes confident); needs a label head
     */
    public Prediction tokens(String[] tokens, boolean running) {
        return run(tokens.length, tokens, null, running);
    }

    public Prediction vectors(float[][] vectors, boolean running) {
        return run(vectors.length, null, vectors, running);
    }

    private Prediction run(int length, String[] tokens, float[][] vectors, boolean running) {
        ModelConfig c = model.config();
        int delay = c.delay();
        float[] state = new float[model.stateSize()];
        int[] tags = c.hasTagHead() ? new int[length] : null;
        float[][] tagP = c.hasTagHead() ? new float[length][] : null;
        float[][] runningP = running && c.hasLabelHead() ? new float[length][] : null;
        for (int t = 0; t < length + delay; t++) {
            if (t >= length) {
                model.stepEndOfSequence(state, ws);
            } else if (tokens != null) {
                model.step(state, tokens[t], ws);
            } else {
                model.step(state, vectors[t], ws);
            }
            if (tags != null && t >= delay) {
                float[] p = model.tagProbabilities(state, ws).clone();
                tagP[t - delay] = p;
                tags[t - delay] = argmax(p);
            }
            if (runningP != null && t < length) {
                runningP[t] = model.labelProbabilities(state, ws).clone();
            }
        }
        float[] labelP = c.hasLabelHead() ? model.labelProbabilities(state, ws).clone() : null;
        return new Prediction(tags, tagP, labelP == null ? -1 : argmax(labelP), labelP, runningP);
    }

    public static int argmax(float[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return best;
    }
}
