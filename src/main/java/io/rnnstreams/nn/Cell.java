package io.rnnstreams.nn;

/**
 * The element-wise part of one recurrent step; the matrix products around it live in
 * {@link RecurrentLayer} (batched, double) and {@link InferenceModel} (one sequence, float32).
 * Gate pre-activations arrive split in PyTorch's way: gx = W_ih x + b_ih and gh = W_hh h + b_hh,
 * each [rows, G*H] with the G gate blocks side by side in each row.
 */
interface Cell {

    /** Training forward of one step for {@code rows} sequences; fills the cache's candidates. */
    void forward(int rows, int hidden, double[] gx, int gxOffset, StepCache cache);

    /**
     * Backward of {@link #forward}. Given dh, dc [rows, H] (gradient w.r.t. the candidate h and
     * c; dc is ignored without cell state), writes dgx at dgxOffset and dgh [rows, G*H], and
     * sets dhPrev / dcPrev [rows, H] to the gradient reaching h / c of the previous step
     * directly (not through W_hh, which the layer adds).
     */
    void backward(int rows, int hidden, StepCache cache, double[] dh, double[] dc,
            double[] dgx, int dgxOffset, double[] dgh, double[] dhPrev, double[] dcPrev);

    /**
     * Serving step for one sequence, float32, in place: gx and gh are [G*H]; h is
     * state[hOffset, hOffset + H) and, with cell state, c is state[cOffset, cOffset + H).
     */
    void step(int hidden, float[] gx, float[] gh, float[] state, int hOffset, int cOffset);

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    static float tanh(float x) {
        return (float) Math.tanh(x);
    }
}
