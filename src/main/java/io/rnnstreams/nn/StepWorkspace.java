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

    StepWorkspace(int gates, int hidden, int inputWidth, int features, int tags, int labels, int vocabulary,
            int memberClasses) {
        gx = new float[gates * hidden];
        gh = new float[gates * hidden];
        gateX = new float[gates][hidden];
        gateH = new float[gates][hidden];
        h = new float[hidden];
        c = new float[hidden];
        x = new float[inputWidth];
        featureIds = new int[features];
        tagProbabilities = new float[tags];
        labelProbabilities = new float[labels];
        nextProbabilities = new float[vocabulary];
        memberProbabilities = new float[memberClasses];
    }

    boolean fits(int gates, int hidden, int inputWidth, int features, int tags, int labels, int vocabulary,
            int memberClasses) {
        return gateX.length == gates && h.length == hidden && x.length == inputWidth
                && featureIds.length == features && tagProbabilities.length == tags
                && labelProbabilities.length == labels && nextProbabilities.length == vocabulary
                && memberProbabilities.length == memberClasses;
    }

    /** Copies gate block g of gx and gh into gateX[g] and gateH[g]. */
    void splitGates(int hidden) {
        for (int g = 0; g < gateX.length; g++) {
            System.arraycopy(gx, g * hidden, gateX[g], 0, hidden);
            System.arraycopy(gh, g * hidden, gateH[g], 0, hidden);
        }
    }
}
