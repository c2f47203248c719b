package io.rnnstreams.train;

import io.rnnstreams.data.Example;
import io.rnnstreams.data.ExampleEncoder;
import io.rnnstreams.nn.Batch;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.Network;
import io.rnnstreams.nn.NetworkCache;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The vanishing-gradient picture of a model: on a few sequences, a forward and backward pass with
 * the loss at the last step only, and the norm of dLoss/dstate k steps before that step, averaged
 * over the sequences long enough to reach back k. For a vanilla RNN it collapses within a few
 * dozen steps; LSTM and GRU cells carry it much further. Gradients are zeroed again afterwards,
 * so measuring never changes training.
 */
final class GradientProbe {
    /** Sequences probed per measurement. */
    static final int SEQUENCES = 4;
    /** Preferred length: enough to reach the longest published distance. */
    static final int LONG = 100;

    private GradientProbe() {}

    /**
     * Norms at each distance (NaN where no probed sequence is that long). Uses sequences of
     * length >= {@link #LONG} when there are any, else the longest; only sequences with a target.
     */
    static double[] measure(Model model, List<Example> candidates, List<Integer> distances) {
        double[] out = new double[distances.size()];
        Arrays.fill(out, Double.NaN);
        ExampleEncoder encoder = new ExampleEncoder(model.config(), model.vocabulary());
        List<Example> chosen = choose(candidates, model);
        if (chosen.isEmpty()) {
            return out;
        }
        Network network = new Network(model);
        NetworkCache cache = new NetworkCache(model.config());
        cache.recordStateGradients(true);
        double[] sums = new double[distances.size()];
        int[] counts = new int[distances.size()];
        SplittableRandom unused = new SplittableRandom(0);
        for (Example e : chosen) {
            Batch batch = lastStepOnly(encoder.encode(List.of(e)));
            model.zeroGrad();
            network.forward(batch, 0, batch.steps(), 0, null, 0.0, unused, cache);
            network.backward(cache);
            double[] norms = Network.stateGradientNorms(cache);
            for (int i = 0; i < distances.size(); i++) {
                int k = distances.get(i);
                if (k <= norms.length && Double.isFinite(norms[norms.length - k])) {
                    sums[i] += norms[norms.length - k];
                    counts[i]++;
                }
            }
        }
        model.zeroGrad();
        for (int i = 0; i < out.length; i++) {
            if (counts[i] > 0) {
                out[i] = sums[i] / counts[i];
            }
        }
        return out;
    }

    private static List<Example> choose(List<Example> candidates, Model model) {
        List<Example> usable = new ArrayList<>();
        for (Example e : candidates) {
            boolean target = (model.config().hasTagHead() && e.tags() != null)
                    || (model.config().hasLabelHead() && e.label() != null)
                    || model.config().nextHead();
            if (target) {
                usable.add(e);
            }
        }
        List<Example> longOnes = usable.stream().filter(e -> e.length() >= LONG).limit(SEQUENCES).toList();
        if (!longOnes.isEmpty()) {
            return longOnes;
        }
        return usable.stream().sorted(Comparator.comparingInt(Example::length).reversed()).limit(SEQUENCES).toList();
    }

    /** The batch with every per-step target removed except the last step's. */
    private static Batch lastStepOnly(Batch b) {
        return new Batch(b.rows(), b.steps(), b.wordIds(), b.featureIds(), b.vectors(), b.mask(),
                lastOnly(b.tagTargets(), b.steps()), lastOnly(b.nextTargets(), b.steps()), b.labelTargets());
    }

    private static int[] lastOnly(int[] targets, int steps) {
        if (targets == null) {
            return null;
        }
        int[] out = new int[targets.length];
        Arrays.fill(out, -1);
        out[steps - 1] = targets[steps - 1];
        return out;
    }
}
