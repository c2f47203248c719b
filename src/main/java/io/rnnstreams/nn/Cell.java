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
     * Serving step for one sequence, float32: gx[g] and gh[g] are gate g's input and recurrent
     * pre-activations [H] (overwritten: they are the step's scratch); h and c [H] are the layer's
     * state, updated in place (c is unused without cell state).
     *
     * <p>Implementations are written as several small loops in which every array is indexed by
     * the loop variable alone: that is the shape Java 17's JIT vectorises. One fused loop over the
     * gates is too large for it to unroll, and a loop that reads one gate block at j + H while
     * writing another at j is not vectorised because the arrays might alias.
     */
    void step(int hidden, float[][] gx, float[][] gh, float[] h, float[] c);

    static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }
}
