package io.rnnstreams.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * A model: architecture, vocabulary (token input), the parameter tensors under their PyTorch
 * state_dict names, and free-form provenance metadata (version, training history). Parameters
 * are double precision for training; {@link InferenceModel} is the float32 serving form.
 */
public final class Model {
    public static final String EMBEDDING = "encoder.embedding.weight";
    public static final String FEATURES = "encoder.features.weight";

    private final ModelConfig config;
    private final Vocabulary vocabulary;
    private final Map<String, Param> params = new LinkedHashMap<>();
    private final Map<String, String> metadata;

    private Model(ModelConfig config, Vocabulary vocabulary, Map<String, String> metadata) {
        if (config.tokenInput() != (vocabulary != null)) {
            throw new IllegalArgumentException(config.tokenInput()
                    ? "a token model needs a vocabulary" : "a vector model has no vocabulary");
        }
        this.config = config;
        this.vocabulary = vocabulary;
        this.metadata = new LinkedHashMap<>(metadata);
        int h = config.hidden();
        if (config.tokenInput()) {
            add(EMBEDDING, vocabulary.size() + config.unknownBuckets(), config.embed());
            if (config.featureBuckets() > 0) {
                add(FEATURES, config.featureBuckets(), config.embed());
            }
        }
        int g = config.cell().gates();
        for (int l = 0; l < config.layers(); l++) {
            add(weightIh(l), g * h, config.layerInput(l));
            add(weightHh(l), g * h, h);
            add(biasIh(l), g * h);
            add(biasHh(l), g * h);
        }
        if (config.hasTagHead()) {
            add("tag.weight", config.tagClasses().size(), h);
            add("tag.bias", config.tagClasses().size());
        }
        if (config.hasLabelHead()) {
            add("label.weight", config.labelClasses().size(), h);
            add("label.bias", config.labelClasses().size());
        }
        if (config.nextHead()) {
            add("next.weight", vocabulary.size(), h);
            add("next.bias", vocabulary.size());
        }
    }

    /** All-zero parameters of the right shapes (to be filled from a file). */
    public static Model empty(ModelConfig config, Vocabulary vocabulary, Map<String, String> metadata) {
        return new Model(config, vocabulary, metadata);
    }

    /** A freshly initialised model (Xavier input weights, orthogonal recurrent weights). */
    public static Model create(ModelConfig config, Vocabulary vocabulary, RandomGenerator rng) {
        Model m = new Model(config, vocabulary, Map.of());
        WeightInit.initialize(m, rng);
        return m;
    }

    public static String weightIh(int layer) {
        return "trunk.weight_ih_l" + layer;
    }

    public static String weightHh(int layer) {
        return "trunk.weight_hh_l" + layer;
    }

    public static String biasIh(int layer) {
        return "trunk.bias_ih_l" + layer;
    }

    public static String biasHh(int layer) {
        return "trunk.bias_hh_l" + layer;
    }

    private void add(String name, int... shape) {
        params.put(name, new Param(name, shape));
    }

    public ModelConfig config() {
        return config;
    }

    /** The vocabulary, or null for dense-vector input. */
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** An encoder of token strings for this model (token input only). */
    public TokenEncoder tokenEncoder() {
        return new TokenEncoder(config, vocabulary);
    }

    /** Parameters in file order. */
    public List<Param> params() {
        return new ArrayList<>(params.values());
    }

    public Param param(String name) {
        Param p = params.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return p;
    }

    public boolean hasParam(String name) {
        return params.containsKey(name);
    }

    /** Provenance metadata (version, parent, training history), in insertion order. */
    public Map<String, String> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    public void putMetadata(String key, String value) {
        metadata.put(key, value);
    }

    public long parameterCount() {
        long n = 0;
        for (Param p : params.values()) {
            n += p.size();
        }
        return n;
    }

    public void zeroGrad() {
        for (Param p : params.values()) {
            p.zeroGrad();
        }
    }

    /** A deep copy of values and metadata (gradients zero). */
    public Model copy() {
        Model m = new Model(config, vocabulary, metadata);
        for (Param p : params.values()) {
            System.arraycopy(p.values(), 0, m.param(p.name()).values(), 0, p.size());
        }
        return m;
    }

    /** True when every parameter value is finite. */
    public boolean isFinite() {
        for (Param p : params.values()) {
            double[] v = p.values();
            for (int i = 0; i < p.size(); i++) {
                if (!Double.isFinite(v[i])) {
                    return false;
                }
            }
        }
        return true;
    }
}
