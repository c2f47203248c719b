package io.rnnstreams.nn;

import java.util.Arrays;
import java.util.Map;

/**
 * What serving runs: the float32 step of one model, or of every member of an {@link Ensemble}
 * with their distributions averaged. Immutable and thread-safe; per-thread buffers live in a
 * {@link StepWorkspace}.
 *
 * <p>State layout (float[stateSize]): member k's state at [k*S, (k+1)*S), S = one member's
 * {@link ModelConfig#stateSize()}; within it, for each layer l, h then (LSTM) c. A single model
 * is the case k = 0 only, and gives exactly the floats of its own step and heads.
 */
public final class InferenceModel {
    /** Precomputed input projections larger than this fall back to embedding + product. */
    public static final long DEFAULT_MAX_PROJECTION_BYTES = 256L << 20;

    private final ModelConfig config;
    private final Vocabulary vocabulary;
    private final Map<String, String> metadata;
    private final ServingNetwork[] members;
    private final int memberState;
    private final int stateSize;
    private final StepWorkspace.Shape workspaceShape;

    public InferenceModel(Model model) {
        this(Ensemble.of(model), DEFAULT_MAX_PROJECTION_BYTES);
    }

    public InferenceModel(Model model, long maxProjectionBytes) {
        this(Ensemble.of(model), maxProjectionBytes);
    }

    public InferenceModel(Ensemble ensemble) {
        this(ensemble, DEFAULT_MAX_PROJECTION_BYTES);
    }

    /**
     * @param maxProjectionBytes the limit of the precomputed input projections of all members
     *                           together (each gets an equal share), so an ensemble needs no
     *                           more memory for them than one model
     */
    public InferenceModel(Ensemble ensemble, long maxProjectionBytes) {
        this.config = ensemble.config();
        this.vocabulary = ensemble.members().get(0).vocabulary();
        this.metadata = ensemble.metadata();
        this.members = new ServingNetwork[ensemble.members().size()];
        for (int k = 0; k < members.length; k++) {
            members[k] = new ServingNetwork(ensemble.members().get(k), maxProjectionBytes / members.length);
        }
        this.memberState = config.stateSize();
        this.stateSize = ensemble.stateSize();
        this.workspaceShape = workspaceShape();
    }

    /**
     * The architecture callers see: member 0's, which every member shares in cell, layers, H,
     * input, heads and delay (see {@link Ensemble}).
     */
    public ModelConfig config() {
        return config;
    }

    /** Member 0's vocabulary (the next head's, shared by all members), or null for vector input. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** The model version from the metadata ("version"), 0 when absent. */
    public long version() {
        String v = metadata.get(ModelFile.VERSION);
        return v == null ? 0 : Long.parseLong(v);
    }

    /** 1 for a single model. */
    public int members() {
        return members.length;
    }

    public int stateSize() {
        return stateSize;
    }

    /** Whether every member's first-layer input projection is precomputed (the fast token path). */
    public boolean projectionPrecomputed() {
        for (ServingNetwork m : members) {
            if (!m.projectionPrecomputed()) {
                return false;
            }
        }
        return true;
    }

    /** A workspace for this model: {@code reuse} if it fits, else a new one. */
    public StepWorkspace workspace(StepWorkspace reuse) {
        return reuse != null && reuse.shape.equals(workspaceShape) ? reuse : new StepWorkspace(workspaceShape);
    }

    private StepWorkspace.Shape workspaceShape() {
        int in = Math.max(config.trunkInput(), 1);
        int features = 0;
        for (ServingNetwork m : members) {
            in = Math.max(in, m.config().trunkInput());
            features = Math.max(features, m.featuresPerToken());
        }
        int tags = config.tagClasses().size();
        int labels = config.labelClasses().size();
        int vocab = config.nextHead() ? vocabulary.size() : 0;
        int memberClasses = members.length == 1 ? 0 : Math.max(tags, Math.max(labels, vocab));
        return new StepWorkspace.Shape(config.cell().gates(), config.hidden(), in, features, tags, labels, vocab,
                memberClasses);
    }

    /** Advances the state by one token. */
    public void step(float[] state, String token, StepWorkspace ws) {
        for (int k = 0; k < members.length; k++) {
            members[k].step(state, k * memberState, token, ws);
        }
    }

    /**
     * Advances the state by one end-of-sequence step (the {@code <eos>} token, or a zero vector
     * for vector input): the input of look-ahead flush steps.
     */
    public void stepEndOfSequence(float[] state, StepWorkspace ws) {
        if (config.tokenInput()) {
            for (int k = 0; k < members.length; k++) {
                members[k].stepEndOfSequence(state, k * memberState, ws);
            }
        } else {
            Arrays.fill(ws.x, 0f);
            step(state, ws.x, ws);
        }
    }

    /** Advances the state by one dense input vector of the model's input width. */
    public void step(float[] state, float[] x, StepWorkspace ws) {
        if (config.tokenInput() || x.length < config.inputWidth()) {
            throw new IllegalArgumentException("expected a vector of width " + config.inputWidth());
        }
        for (int k = 0; k < members.length; k++) {
            members[k].step(state, k * memberState, x, ws);
        }
    }

    /** Tag distribution of the current step (class order of the config); a workspace buffer. */
    public float[] tagProbabilities(float[] state, StepWorkspace ws) {
        require(config.hasTagHead(), "tag");
        return average(ServingNetwork.TAG, state, ws.tagProbabilities, ws);
    }

    /** Label distribution given the sequence so far; a workspace buffer. */
    public float[] labelProbabilities(float[] state, StepWorkspace ws) {
        require(config.hasLabelHead(), "label");
        return average(ServingNetwork.LABEL, state, ws.labelProbabilities, ws);
    }

    /** Next-token distribution over the vocabulary; a workspace buffer. */
    public float[] nextProbabilities(float[] state, StepWorkspace ws) {
        require(config.nextHead(), "next");
        return average(ServingNetwork.NEXT, state, ws.nextProbabilities, ws);
    }

    /** The members' mean distribution of one head into {@code out}; one member's is its own. */
    private float[] average(int head, float[] state, float[] out, StepWorkspace ws) {
        members[0].probabilities(head, state, 0, out);
        if (members.length == 1) {
            return out;
        }
        for (int k = 1; k < members.length; k++) {
            members[k].probabilities(head, state, k * memberState, ws.memberProbabilities);
            MatVec.add(ws.memberProbabilities, out, out.length);
        }
        float scale = 1f / members.length;
        for (int i = 0; i < out.length; i++) {
            out[i] *= scale;
        }
        return out;
    }

    private static void require(boolean head, String name) {
        if (!head) {
            throw new IllegalStateException("the model has no " + name + " head");
        }
    }
}
