package io.rnnstreams.ops;

/** A {@code k1,k2} configuration value, such as the truncated-BPTT window. */
public record IntPair(int first, int second) {
    @Override
    public String toString() {
        return first + "," + second;
    }
}
