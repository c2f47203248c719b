package io.rnnstreams.nn;

/**
 * Scratch buffers for {@link InferenceModel} steps, one per thread, so a step allocates
 * nothing. Sized for one model; {@link InferenceModel#workspace(StepWorkspace)} reuses or
 * replaces it after a model swap.
 */
public final class StepWorkspace {
    final float[] gx;
    final float[] gh;
    final float[] x;
    final int[] featureIds;
    final float[] tagProbabilities;
    final float[] labelProbabilities;
    final float[] nextProbabilities;

    StepWorkspace(int gateWidth, int inputWidth, int features, int tags, int labels, int vocabulary) {
        gx = new float[gateWidth];
        gh = new float[gateWidth];
        x = new float[inputWidth];
        featureIds = new int[features];
        tagProbabilities = new float[tags];
        labelProbabilities = new float[labels];
        nextProbabilities = new float[vocabulary];
    }

    boolean fits(int gateWidth, int inputWidth, int features, int tags, int labels, int vocabulary) {
        return gx.length == gateWidth && x.length == inputWidth && featureIds.length == features
                && tagProbabilities.length == tags && labelProbabilities.length == labels
                && nextProbabilities.length == vocabulary;
    }
}
