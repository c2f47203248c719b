package io.rnnstreams.train;

import io.rnnstreams.nn.Model;
import java.util.Map;

/**
 * The metadata keys the side trainer writes into every model it publishes (beside
 * {@link io.rnnstreams.nn.ModelFile#VERSION}); docs/trainer.md describes them.
 */
public final class ModelProvenance {
    /** The version this one was trained from (absent for the first). */
    public static final String PARENT_VERSION = "parent_version";
    /** Examples consumed into this model's history, trained on or held out, cumulative over versions. */
    public static final String EXAMPLES_SEEN = "examples_seen";
    /** The trained share of {@link #EXAMPLES_SEEN}. */
    public static final String EXAMPLES_TRAINED = "examples_trained";
    /** The number of the training window that produced this version, counted over the trainer's life. */
    public static final String WINDOW = "window";
    /** Held-out scores as JSON: examples and, per task, accuracy (perplexity for next). */
    public static final String VALIDATION = "validation";
    /** The training settings as JSON. */
    public static final String TRAINING_CONFIG = "training_config";
    /** When it was published, ISO-8601 UTC. */
    public static final String CREATED = "created";

    private ModelProvenance() {}

    /** A whole-number metadata value, or {@code fallback} when absent or not a number. */
    public static long number(Model model, String key, long fallback) {
        return number(model.metadata(), key, fallback);
    }

    /** The same for any metadata map (an ensemble's own). */
    public static long number(Map<String, String> metadata, String key, long fallback) {
        String v = metadata.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
