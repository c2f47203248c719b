package io.rnnstreams.nn;

/**
 * A padded, time-major batch of B sequences over T steps: the entry for step t of sequence b is
 * at index t * B + b, so one step's rows are contiguous. Sequences shorter than T are masked
 * after their end: their state carries through the padding unchanged, so the state at T - 1 is
 * each sequence's final state. Exactly one of wordIds / vectors is set. Targets of -1 are
 * ignored (padding, or no target at that step).
 *
 * @param rows         B
 * @param steps        T
 * @param wordIds      [T*B] embedding rows, or null for vector input
 * @param featureIds   [T*B*F] feature rows (-1 = none), or null
 * @param vectors      [T*B*width] dense inputs, or null for token input
 * @param mask         [T*B] 1 for a real step, 0 for padding
 * @param tagTargets   [T*B] tag class per step, or null
 * @param nextTargets  [T*B] next-token class per step, or null
 * @param labelTargets [B] label class per sequence, or null
 */
public record Batch(
        int rows,
        int steps,
        int[] wordIds,
        int[] featureIds,
        double[] vectors,
        double[] mask,
        int[] tagTargets,
        int[] nextTargets,
        int[] labelTargets) {

    public Batch {
        if (rows < 1 || steps < 1) {
            throw new IllegalArgumentException("empty batch");
        }
        if ((wordIds == null) == (vectors == null)) {
            throw new IllegalArgumentException("a batch has either word ids or vectors");
        }
        int n = rows * steps;
        check(wordIds, n, "wordIds");
        check(mask, n, "mask");
        check(tagTargets, n, "tagTargets");
        check(nextTargets, n, "nextTargets");
        check(labelTargets, rows, "labelTargets");
        if (vectors != null && vectors.length % n != 0) {
            throw new IllegalArgumentException("vectors length is not a multiple of T*B");
        }
        if (featureIds != null && featureIds.length % n != 0) {
            throw new IllegalArgumentException("featureIds length is not a multiple of T*B");
        }
    }

    private static void check(Object array, int expected, String name) {
        if (array == null) {
            return;
        }
        int length = array instanceof int[] a ? a.length : ((double[]) array).length;
        if (length != expected) {
            throw new IllegalArgumentException(name + " has " + length + " entries, expected " + expected);
        }
    }

    /** Real (unmasked) steps of sequence b. */
    public int length(int b) {
        int n = 0;
        for (int t = 0; t < steps; t++) {
            n += mask[t * rows + b] > 0 ? 1 : 0;
        }
        return n;
    }

    /** Real steps over all sequences. */
    public int tokens() {
        int n = 0;
        for (double m : mask) {
            n += m > 0 ? 1 : 0;
        }
        return n;
    }
}
