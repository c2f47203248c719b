package io.rnnstreams.train;

import java.util.Locale;

/** What a model is trained and evaluated for: one of its heads. */
public enum Task {
    /** many-to-many: a tag per token. */
    TAG,
    /** many-to-one: a label per sequence. */
    LABEL,
    /** next-token language model (one-to-many generation). */
    NEXT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Task parse(String s) {
        for (Task t : values()) {
            if (t.id().equals(s.trim())) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown task '" + s + "' (expected tag, label or next)");
    }
}
