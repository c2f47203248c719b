package io.rnnstreams.nn;

/**
 * Cross-entropy statistics of one forward pass, per head: rows with a target, summed loss and
 * argmax hits. The training objective is the sum over heads of the mean loss.
 */
public final class Loss {
    public static final int TAG = 0;
    public static final int LABEL = 1;
    public static final int NEXT = 2;

    final int[] count = new int[3];
    final double[] sum = new double[3];
    final int[] correct = new int[3];

    void set(int head, SoftmaxHead.Cache c) {
        count[head] = c.count;
        sum[head] = c.lossSum;
        correct[head] = c.correct;
    }

    void clear() {
        java.util.Arrays.fill(count, 0);
        java.util.Arrays.fill(sum, 0);
        java.util.Arrays.fill(correct, 0);
    }

    /** Sum over heads of the mean cross-entropy: what backward differentiates. */
    public double objective() {
        double total = 0;
        for (int h = 0; h < 3; h++) {
            if (count[h] > 0) {
                total += sum[h] / count[h];
            }
        }
        return total;
    }

    public int count(int head) {
        return count[head];
    }

    public double sum(int head) {
        return sum[head];
    }

    public int correct(int head) {
        return correct[head];
    }

    /** Adds another pass's statistics (for epoch totals). */
    public void add(Loss other) {
        for (int h = 0; h < 3; h++) {
            count[h] += other.count[h];
            sum[h] += other.sum[h];
            correct[h] += other.correct[h];
        }
    }

    public boolean isFinite() {
        return Double.isFinite(objective());
    }
}
