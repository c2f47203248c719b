package io.rnnstreams.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One sequence for training or evaluation: either tokens or dense vectors as input, with optional
 * per-step tags and an optional sequence label. An example with neither tags nor label is a
 * language-model (next-token) example.
 *
 * <p>Arrays are owned by the example and never modified after construction.
 */
public final class Example {
    private final String[] tokens;
    private final float[][] vectors;
    private final String[] tags;
    private final String label;

    private Example(String[] tokens, float[][] vectors, String[] tags, String label) {
        if ((tokens == null) == (vectors == null)) {
            throw new IllegalArgumentException("an example has either tokens or vectors");
        }
        int length = tokens != null ? tokens.length : vectors.length;
        if (length == 0) {
            throw new IllegalArgumentException("an example has at least one step");
        }
        if (tags != null && tags.length != length) {
            throw new IllegalArgumentException(
                    "tags has " + tags.length + " entries for " + length + " steps");
        }
        this.tokens = tokens;
        this.vectors = vectors;
        this.tags = tags;
        this.label = label;
    }

    public static Example tokens(String[] tokens, String[] tags, String label) {
        return new Example(Objects.requireNonNull(tokens), null, tags, label);
    }

    public static Example vectors(float[][] vectors, String[] tags, String label) {
        return new Example(null, Objects.requireNonNull(vectors), tags, label);
    }

    public int length() {
        return tokens != null ? tokens.length : vectors.length;
    }

    public boolean hasTokens() {
        return tokens != null;
    }

    /** Token strings, or null for a dense-vector example. */
    public String[] tokens() {
        return tokens;
    }

    /** Per-step input vectors, or null for a token example. */
    public float[][] vectors() {
        return vectors;
    }

    /** Per-step tags, or null. */
    public String[] tags() {
        return tags;
    }

    /** The sequence label, or null. */
    public String label() {
        return label;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Example e
                && Arrays.equals(tokens, e.tokens)
                && Arrays.deepEquals(vectors, e.vectors)
                && Arrays.equals(tags, e.tags)
                && Objects.equals(label, e.label);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(tokens), Arrays.deepHashCode(vectors),
                Arrays.hashCode(tags), label);
    }

    @Override
    public String toString() {
        return "Example{" + (tokens != null ? "tokens=" + Arrays.toString(tokens)
                : "vectors=" + vectors.length + "x" + vectors[0].length)
                + (tags != null ? ", tags=" + Arrays.toString(tags) : "")
                + (label != null ? ", label=" + label : "") + "}";
    }
}
