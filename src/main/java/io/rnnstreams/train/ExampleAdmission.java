package io.rnnstreams.train;

import io.rnnstreams.data.Example;
import io.rnnstreams.nn.ModelConfig;
import java.util.HashSet;
import java.util.Set;

/**
 * Whether a well-formed example fits a model: its input kind and width, and a target one of the
 * model's heads can learn from with classes the head knows. An example that does not fit goes to
 * the training DLQ rather than being trained on with its targets silently dropped. The reasons
 * are short fixed codes: the DLQ {@code error} header and the metric label.
 */
final class ExampleAdmission {
    static final String VECTORS_FOR_TOKEN_MODEL = "vectors for a token model";
    static final String TOKENS_FOR_VECTOR_MODEL = "tokens for a vector model";
    static final String WRONG_WIDTH = "wrong vector width";
    static final String NO_TARGET = "no target for the model's heads";
    static final String UNKNOWN_TAG = "unknown tag";
    static final String UNKNOWN_LABEL = "unknown label";

    private final ModelConfig config;
    private final Set<String> tags;
    private final Set<String> labels;

    ExampleAdmission(ModelConfig config) {
        this.config = config;
        this.tags = new HashSet<>(config.tagClasses());
        this.labels = new HashSet<>(config.labelClasses());
    }

    /** Why the example cannot train this model, or null when it can. */
    String rejection(Example e) {
        if (config.tokenInput() != e.hasTokens()) {
            return e.hasTokens() ? TOKENS_FOR_VECTOR_MODEL : VECTORS_FOR_TOKEN_MODEL;
        }
        if (!e.hasTokens() && e.vectors()[0].length != config.inputWidth()) {
            return WRONG_WIDTH;
        }
        boolean tagTarget = config.hasTagHead() && e.tags() != null;
        boolean labelTarget = config.hasLabelHead() && e.label() != null;
        if (!tagTarget && !labelTarget && !config.nextHead()) {
            return NO_TARGET;
        }
        if (tagTarget) {
            for (String t : e.tags()) {
                if (!tags.contains(t)) {
                    return UNKNOWN_TAG;
                }
            }
        }
        if (labelTarget && !labels.contains(e.label())) {
            return UNKNOWN_LABEL;
        }
        return null;
    }
}
