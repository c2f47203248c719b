package io.rnnstreams.data;

import io.rnnstreams.nn.Batch;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.TokenEncoder;
import io.rnnstreams.nn.Vocabulary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Turns examples into a padded {@link Batch} for a model. With a look-ahead delay D every
 * sequence gets D extra end-of-sequence steps and the tag of token t is the target at step
 * t + D, exactly as serving emits it. The next-token target of the last token is end of
 * sequence. Tags and labels outside the model's classes get no target (-1). For training, word
 * dropout reads a random share of the tokens as unknown words (their unknown bucket instead of their
 * vocabulary row, the features unchanged): rare words alone teach too few unknown-word cases.
 */
public final class ExampleEncoder {
    private final ModelConfig config;
    private final TokenEncoder tokens;
    private final Map<String, Integer> tagIndex = new HashMap<>();
    private final Map<String, Integer> labelIndex = new HashMap<>();

    public ExampleEncoder(ModelConfig config, Vocabulary vocabulary) {
        this.config = config;
        this.tokens = config.tokenInput() ? new TokenEncoder(config, vocabulary) : null;
        for (int i = 0; i < config.tagClasses().size(); i++) {
            tagIndex.put(config.tagClasses().get(i), i);
        }
        for (int i = 0; i < config.labelClasses().size(); i++) {
            labelIndex.put(config.labelClasses().get(i), i);
        }
    }

    /** Steps the model runs for an example: its length plus the look-ahead flush steps. */
    public int steps(Example e) {
        return e.length() + config.delay();
    }

    public Batch encode(List<Example> examples) {
        return encode(examples, 0, null);
    }

    /** As {@link #encode(List)}, each token read as unknown with probability wordDropout (rng draws it). */
    public Batch encode(List<Example> examples, double wordDropout, RandomGenerator rng) {
        int rows = examples.size();
        int steps = 0;
        for (Example e : examples) {
            checkInput(e);
            steps = Math.max(steps, steps(e));
        }
        int n = rows * steps;
        int delay = config.delay();
        int per = config.featuresPerToken();
        int width = config.inputWidth();
        double[] mask = new double[n];
        int[] words = tokens != null ? new int[n] : null;
        int[] features = tokens != null && per > 0 ? new int[n * per] : null;
        double[] vectors = tokens == null ? new double[n * width] : null;
        int[] tags = config.hasTagHead() && anyTags(examples) ? filled(n) : null;
        int[] next = config.nextHead() ? filled(n) : null;
        int[] labels = config.hasLabelHead() && anyLabels(examples) ? filled(rows) : null;
        if (features != null) {
            java.util.Arrays.fill(features, -1);
        }
        for (int b = 0; b < rows; b++) {
            Example e = examples.get(b);
            int len = e.length();
            for (int t = 0; t < len + delay; t++) {
                int i = t * rows + b;
                mask[i] = 1;
                if (t < len) {
                    if (tokens != null) {
                        String token = e.tokens()[t];
                        words[i] = wordDropout > 0 && rng.nextDouble() < wordDropout
                                ? tokens.unknownId(token) : tokens.wordId(token);
                        if (features != null) {
                            tokens.featureIds(token, features, i * per);
                        }
                    } else {
                        float[] v = e.vectors()[t];
                        for (int k = 0; k < width; k++) {
                            vectors[i * width + k] = v[k];
                        }
                    }
                    if (next != null) {
                        next[i] = t + 1 < len ? tokens.vocabularyId(e.tokens()[t + 1]) : Vocabulary.EOS;
                    }
                } else if (words != null) {
                    words[i] = Vocabulary.EOS;
                }
                if (tags != null && e.tags() != null && t >= delay) {
                    tags[i] = tagIndex.getOrDefault(e.tags()[t - delay], -1);
                }
            }
            if (labels != null && e.label() != null) {
                labels[b] = labelIndex.getOrDefault(e.label(), -1);
            }
        }
        return new Batch(rows, steps, words, features, vectors, mask, tags, next, labels);
    }

    private void checkInput(Example e) {
        if (e.hasTokens() != config.tokenInput()) {
            throw new IllegalArgumentException(config.tokenInput()
                    ? "the model reads tokens but an example has vectors"
                    : "the model reads vectors but an example has tokens");
        }
        if (!e.hasTokens()) {
            for (float[] v : e.vectors()) {
                if (v.length != config.inputWidth()) {
                    throw new IllegalArgumentException("an example has vectors of width " + v.length
                            + ", the model reads width " + config.inputWidth());
                }
            }
        }
    }

    private static boolean anyTags(List<Example> examples) {
        return examples.stream().anyMatch(e -> e.tags() != null);
    }

    private static boolean anyLabels(List<Example> examples) {
        return examples.stream().anyMatch(e -> e.label() != null);
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, -1);
        return a;
    }
}
