package io.rnnstreams.nn;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The architecture of a model: input encoder -> recurrent trunk -> heads. Everything needed to
 * lay out the parameter tensors; the token vocabulary is kept beside it in {@link Model}.
 *
 * @param cell           recurrent cell of every trunk layer
 * @param layers         stacked trunk layers (1..16)
 * @param hidden         H, the hidden width of every layer
 * @param inputWidth     width of dense input vectors; 0 for token input
 * @param embed          token embedding width E (token input only)
 * @param unknownBuckets embedding rows that unknown tokens hash into (token input only)
 * @param featureBuckets rows of the token-feature embedding (0 = no features)
 * @param features       token features summed into the input (token input only)
 * @param tagClasses     classes of the per-step tag head, empty = no tag head
 * @param labelClasses   classes of the per-sequence label head, empty = no label head
 * @param nextHead       whether the model has the next-token head (token input only)
 * @param delay          look-ahead D: the tag of step t is emitted at step t + D
 */
public record ModelConfig(
        CellType cell,
        int layers,
        int hidden,
        int inputWidth,
        int embed,
        int unknownBuckets,
        int featureBuckets,
        Set<TokenFeature> features,
        List<String> tagClasses,
        List<String> labelClasses,
        boolean nextHead,
        int delay) {

    public ModelConfig {
        features = features.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(features));
        tagClasses = List.copyOf(tagClasses);
        labelClasses = List.copyOf(labelClasses);
        require(cell != null, "cell is required");
        require(layers >= 1 && layers <= 16, "layers must be 1..16, got " + layers);
        require(hidden >= 1 && hidden <= 8192, "hidden must be 1..8192, got " + hidden);
        require(inputWidth >= 0, "input width must be >= 0");
        require(delay >= 0 && delay <= 16, "delay must be 0..16, got " + delay);
        require(!tagClasses.isEmpty() || !labelClasses.isEmpty() || nextHead,
                "a model needs at least one head (tag, label or next)");
        require(tagClasses.size() != 1 && labelClasses.size() != 1,
                "a classification head needs at least 2 classes");
        require(delay == 0 || !tagClasses.isEmpty(), "a look-ahead delay needs a tag head");
        require(tagClasses.stream().distinct().count() == tagClasses.size(), "duplicate tag class");
        require(labelClasses.stream().distinct().count() == labelClasses.size(), "duplicate label class");
        if (inputWidth == 0) {
            require(embed >= 1, "token input needs embed >= 1");
            require(unknownBuckets >= 1, "token input needs unknown buckets >= 1");
            require(features.isEmpty() == (featureBuckets == 0),
                    "token features and feature buckets go together");
        } else {
            require(embed == 0 && unknownBuckets == 0 && featureBuckets == 0 && features.isEmpty(),
                    "dense vector input has no embedding");
            require(!nextHead, "the next-token head needs token input");
        }
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public boolean tokenInput() {
        return inputWidth == 0;
    }

    /** Width of the trunk's first-layer input: E for tokens, the vector width otherwise. */
    public int trunkInput() {
        return tokenInput() ? embed : inputWidth;
    }

    /** Input width of trunk layer {@code l}. */
    public int layerInput(int l) {
        return l == 0 ? trunkInput() : hidden;
    }

    public int featuresPerToken() {
        int n = 0;
        for (TokenFeature f : features) {
            n += f.count();
        }
        return n;
    }

    public boolean hasTagHead() {
        return !tagClasses.isEmpty();
    }

    public boolean hasLabelHead() {
        return !labelClasses.isEmpty();
    }

    /** Floats of one sequence's recurrent state: h per layer, plus c per layer for LSTM. */
    public int stateSize() {
        return layers * hidden * (cell.hasCellState() ? 2 : 1);
    }

    /** Whether a state saved under {@code other} can continue under this model. */
    public boolean stateCompatibleWith(ModelConfig other) {
        return cell == other.cell && layers == other.layers && hidden == other.hidden;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent construction with the defaults a new user would pick. */
    public static final class Builder {
        private CellType cell = CellType.GRU;
        private int layers = 1;
        private int hidden = 64;
        private int inputWidth = 0;
        private int embed = 32;
        private int unknownBuckets = 64;
        private int featureBuckets = 0;
        private Set<TokenFeature> features = Set.of();
        private List<String> tagClasses = List.of();
        private List<String> labelClasses = List.of();
        private boolean nextHead = false;
        private int delay = 0;

        public Builder cell(CellType v) { cell = v; return this; }
        public Builder layers(int v) { layers = v; return this; }
        public Builder hidden(int v) { hidden = v; return this; }
        public Builder embed(int v) { embed = v; return this; }
        public Builder unknownBuckets(int v) { unknownBuckets = v; return this; }
        public Builder tagClasses(List<String> v) { tagClasses = v; return this; }
        public Builder labelClasses(List<String> v) { labelClasses = v; return this; }
        public Builder nextHead(boolean v) { nextHead = v; return this; }
        public Builder delay(int v) { delay = v; return this; }

        /** Token features hashed into {@code buckets} rows. */
        public Builder features(Set<TokenFeature> set, int buckets) {
            features = set;
            featureBuckets = set.isEmpty() ? 0 : buckets;
            return this;
        }

        /** Dense vector input of this width instead of tokens. */
        public Builder vectorInput(int width) {
            inputWidth = width;
            embed = 0;
            unknownBuckets = 0;
            featureBuckets = 0;
            features = Set.of();
            return this;
        }

        public ModelConfig build() {
            return new ModelConfig(cell, layers, hidden, inputWidth, embed, unknownBuckets,
                    featureBuckets, features, tagClasses, labelClasses, nextHead, delay);
        }
    }
}
