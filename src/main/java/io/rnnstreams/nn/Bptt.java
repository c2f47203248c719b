package io.rnnstreams.nn;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Backpropagation through time over one batch. Full BPTT: one forward/backward over all steps
 * and one update. Truncated BPTT(k1, k2): every k1 steps, backpropagate through the last k2
 * steps (k2 >= k1) from the state carried at their start, and update; the losses of each
 * window are those of its last k1 steps, so every target counts exactly once.
 */
public final class Bptt {
    private final Network network;
    private final Optimizer optimizer;
    private final NetworkCache cache;
    private final List<Param> params;
    private final int k1;
    private final int k2;
    private final double clipNorm;
    private final double dropout;

    /** The outcome of training on one batch. */
    public record Result(Loss loss, double gradientNorm, int updates, int skipped) {}

    /** k1 = k2 = 0 means full BPTT. */
    public Bptt(Network network, Optimizer optimizer, int k1, int k2, double clipNorm, double dropout) {
        if (k1 < 0 || k2 < k1 || (k1 == 0) != (k2 == 0)) {
            throw new IllegalArgumentException("truncated BPTT needs 0 < k1 <= k2, got " + k1 + "," + k2);
        }
        this.network = network;
        this.optimizer = optimizer;
        this.cache = new NetworkCache(network.model().config());
        this.params = network.model().params();
        this.k1 = k1;
        this.k2 = k2;
        this.clipNorm = clipNorm;
        this.dropout = dropout;
    }

    public static Bptt full(Network network, Optimizer optimizer, double clipNorm, double dropout) {
        return new Bptt(network, optimizer, 0, 0, clipNorm, dropout);
    }

    public Result train(Batch batch, RandomGenerator rng) {
        int steps = batch.steps();
        int stride = k1 == 0 ? steps : k1;
        int back = k1 == 0 ? steps : k2;
        Loss total = new Loss();
        double maxNorm = 0;
        int updates = 0;
        int skipped = 0;
        BatchState carried = null;
        int carriedAt = 0;
        for (int end = Math.min(stride, steps), lossFrom = 0; ; ) {
            int start = Math.max(0, end - back);
            BatchState startState = start == 0 ? null : carried;
            if (start != carriedAt && start != 0) {
                throw new IllegalStateException("state not carried to step " + start);
            }
            network.model().zeroGrad();
            Loss loss = network.forward(batch, start, end, lossFrom, startState, dropout, rng, cache);
            network.backward(cache);
            double norm = GradientNorm.clip(params, clipNorm);
            if (loss.isFinite() && Double.isFinite(norm)) {
                optimizer.step(params);
                total.add(loss);
                maxNorm = Math.max(maxNorm, norm);
                updates++;
            } else {
                skipped++;
            }
            if (end == steps) {
                break;
            }
            int nextEnd = Math.min(end + stride, steps);
            int nextStart = Math.max(0, nextEnd - back);
            carried = network.stateAt(cache, nextStart - start);
            carriedAt = nextStart;
            lossFrom = end;
            end = nextEnd;
        }
        return new Result(total, maxNorm, updates, skipped);
    }
}
