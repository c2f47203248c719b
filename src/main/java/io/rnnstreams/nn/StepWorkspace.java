package io.rnnstreams.nn;

/**
 * Scratch buffers for {@link InferenceModel} steps, one per thread, so a step allocates nothing
 * (an ensemble's members use them in turn). Sized for one model;
 * {@link InferenceModel#workspace(StepWorkspace)} reuses or replaces it after a model swap.
 */
public final class StepWorkspace {
    /** [G*H] input and recurrent pre-activations, gate blocks side by side (products' output). */
    final float[] gx;
    final float[] gh;
    /** The same, one array per gate block [G][H], and the layer's h and c [H], for the cell. */
    final float[][] gateX;
    final float[][] gateH;
    final float[] h;
    final float[] c;
    final float[] x;
    final int[] featureIds;
    final float[] tagProbabilities;
    final float[] labelProbabilities;
    final float[] nextProbabilities;
    /** One ensemble member's distribution before it is added to the mean; empty for one model. */
    final float[] memberProbabilities;
    /** The sizes above, so a model can tell whether this workspace fits it. */
    final Shape shape;

    /** The buffer sizes a model needs, worked out once per model. */
    record Shape(int gates, int hidden, int inputWidth, int features, int tags, int labels, int vocabulary,
            int memberClasses) {}

    StepWorkspace(Shape s) {
        shape = s;
        gx = new float[s.gates() * s.hidden()];
        gh = new float[s.gates() * s.hidden()];
        gateX = new float[s.gates()][s.hidden()];
        gateH = new float[s.gates()][s.hidden()];
        h = new float[s.hidden()];
        c = new float[s.hidden()];
        x = new float[s.inputWidth()];
        featureIds = new int[s.features()];
        tagProbabilities = new float[s.tags()];
        labelProbabilities = new float[s.labels()];
        nextProbabilities = new float[s.vocabulary()];
        memberProbabilities = new float[s.memberClasses()];
    }

    /** Copies gate block g of gx and gh into gateX[g] and gateH[g]. */
    void splitGates(int hidden) {
        for (int g = 0; g < gateX.length; g++) {
            System.arraycopy(gx, g * hidden, gateX[g], 0, hidden);
            System.arraycopy(gh, g * hidden, gateH[g], 0, hidden);
        }
    }
}
