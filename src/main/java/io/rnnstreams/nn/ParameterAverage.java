package io.rnnstreams.nn;

import java.util.List;

/**
 * A running average of a model's parameters over its training updates, whose weights are what
 * gets evaluated and saved (Polyak averaging): the last updates of a run jitter around a minimum,
 * and their average usually lies closer to it than any one of them.
 *
 * <p>After update t the average is a_t = d_t * a_(t-1) + (1 - d_t) * w_t with
 * d_t = min(decay, (t - 1) / t). The first 1 / (1 - decay) updates therefore get the plain mean
 * (a_1 = w_1, so the random initial weights never enter it), later ones an exponential average
 * reaching back about 1 / (1 - decay) updates.
 */
public final class ParameterAverage {
    private final Model model;
    private final double decay;
    private final List<Param> params;
    private final double[][] averages;
    private long updates;

    public ParameterAverage(Model model, double decay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("average decay must be in (0, 1), got " + decay);
        }
        this.model = model;
        this.decay = decay;
        this.params = model.params();
        this.averages = new double[params.size()][];
        for (int i = 0; i < averages.length; i++) {
            averages[i] = new double[params.get(i).size()];
        }
    }

    /** Folds the model's current weights into the average (Training: after each batch that updated them). */
    public void update() {
        updates++;
        double keep = Math.min(decay, (updates - 1) / (double) updates);
        double take = 1 - keep;
        for (int p = 0; p < averages.length; p++) {
            double[] a = averages[p];
            double[] w = params.get(p).values();
            for (int i = 0; i < a.length; i++) {
                a[i] += take * (w[i] - a[i]);
            }
        }
    }

    /** Updates folded in so far. */
    public long updates() {
        return updates;
    }

    /** A copy of the model (config, vocabulary, metadata) carrying the averaged weights. */
    public Model averagedModel() {
        if (updates == 0) {
            throw new IllegalStateException("nothing averaged yet");
        }
        Model copy = model.copy();
        List<Param> target = copy.params();
        for (int p = 0; p < averages.length; p++) {
            System.arraycopy(averages[p], 0, target.get(p).values(), 0, averages[p].length);
        }
        return copy;
    }
}
