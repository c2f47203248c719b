package io.rnnstreams.nn;

import java.util.List;
import java.util.SplittableRandom;

/** Small random models and masked batches for the math tests. */
final class TinyBatches {
    private TinyBatches() {}

    static ModelConfig tokenConfig(CellType cell, int layers) {
        return ModelConfig.builder()
                .cell(cell).layers(layers).hidden(4).embed(3).unknownBuckets(3)
                .features(java.util.EnumSet.allOf(TokenFeature.class), 5)
                .tagClasses(List.of("A", "B", "C"))
                .labelClasses(List.of("x", "y"))
                .nextHead(true)
                .build();
    }

    static ModelConfig vectorConfig(CellType cell, int layers) {
        return ModelConfig.builder()
                .cell(cell).layers(layers).hidden(4).vectorInput(3)
                .tagClasses(List.of("A", "B", "C"))
                .labelClasses(List.of("x", "y", "z"))
                .build();
    }

    static Vocabulary vocabulary() {
        return Vocabulary.of(List.of("the", "cat", "sat", "on"));
    }

    /** A model whose every parameter (biases included) is random, so no gradient is trivially 0. */
    static Model randomModel(ModelConfig config, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Model m = Model.create(config, config.tokenInput() ? vocabulary() : null, rng);
        for (Param p : m.params()) {
            double[] v = p.values();
            for (int i = 0; i < v.length; i++) {
                v[i] += rng.nextGaussian() * 0.3;
            }
        }
        return m;
    }

    /** Rows of different lengths (so padding and masking are exercised), random inputs and targets. */
    static Batch batch(Model model, int[] lengths, long seed) {
        ModelConfig c = model.config();
        SplittableRandom rng = new SplittableRandom(seed);
        int rows = lengths.length;
        int steps = 0;
        for (int len : lengths) {
            steps = Math.max(steps, len);
        }
        int n = rows * steps;
        double[] mask = new double[n];
        int[] tags = c.hasTagHead() ? new int[n] : null;
        int[] next = c.nextHead() ? new int[n] : null;
        int[] labels = c.hasLabelHead() ? new int[rows] : null;
        int[] words = c.tokenInput() ? new int[n] : null;
        int per = c.featuresPerToken();
        int[] features = c.tokenInput() && per > 0 ? new int[n * per] : null;
        double[] vectors = c.tokenInput() ? null : new double[n * c.inputWidth()];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < rows; b++) {
                int i = t * rows + b;
                boolean real = t < lengths[b];
                mask[i] = real ? 1 : 0;
                if (tags != null) {
                    tags[i] = real ? rng.nextInt(c.tagClasses().size()) : -1;
                }
                if (next != null) {
                    next[i] = real ? rng.nextInt(model.vocabulary().size()) : -1;
                }
                if (words != null) {
                    words[i] = real ? rng.nextInt(model.vocabulary().size() + c.unknownBuckets()) : 0;
                    for (int k = 0; k < per; k++) {
                        features[i * per + k] = real && rng.nextInt(5) > 0 ? rng.nextInt(c.featureBuckets()) : -1;
                    }
                }
                if (vectors != null) {
                    for (int k = 0; k < c.inputWidth(); k++) {
                        vectors[i * c.inputWidth() + k] = real ? rng.nextGaussian() : 0;
                    }
                }
            }
        }
        if (labels != null) {
            for (int b = 0; b < rows; b++) {
                labels[b] = rng.nextInt(c.labelClasses().size());
            }
        }
        return new Batch(rows, steps, words, features, vectors, mask, tags, next, labels);
    }
}
