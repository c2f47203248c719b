package io.rnnstreams.train;

import io.rnnstreams.data.Example;
import io.rnnstreams.data.ExampleEncoder;
import io.rnnstreams.data.LengthBatches;
import io.rnnstreams.nn.Adam;
import io.rnnstreams.nn.Batch;
import io.rnnstreams.nn.Bptt;
import io.rnnstreams.nn.Loss;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.Network;
import io.rnnstreams.nn.Optimizer;
import io.rnnstreams.nn.ParameterAverage;
import io.rnnstreams.nn.Sgd;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains one model in passes over lists of examples: length-bucketed batches, BPTT (full or
 * truncated), clipping, the optimizer and the learning-rate schedule. Shared by the offline
 * {@code fit} and the side trainer; evaluation and model selection live with the callers.
 */
public final class Training {
    private final Model model;
    private final TrainingSettings settings;
    private final Optimizer optimizer;
    private final Bptt bptt;
    private final ExampleEncoder encoder;
    private final SplittableRandom rng;
    private final ParameterAverage average;
    private long plannedUpdates;
    private long updates;

    /** What one pass did. */
    public record PassStats(Loss loss, int examples, long tokens, int batches, int skipped, double maxGradientNorm,
            double seconds) {
        public double examplesPerSecond() {
            return seconds > 0 ? examples / seconds : 0;
        }

        public double tokensPerSecond() {
            return seconds > 0 ? tokens / seconds : 0;
        }
    }

    /** Called after every batch, for progress bars. */
    public interface BatchListener {
        void batchDone(int batch, int batches, Loss runningLoss);
    }

    public Training(Model model, TrainingSettings settings) {
        this.model = model;
        this.settings = settings;
        this.optimizer = settings.optimizer().equals("adam")
                ? new Adam(settings.learningRate()) : new Sgd(settings.learningRate(), 0.9);
        this.bptt = new Bptt(new Network(model), optimizer, settings.k1(), settings.k2(), settings.clipNorm(),
                settings.dropout());
        this.encoder = new ExampleEncoder(model.config(), model.vocabulary());
        this.rng = new SplittableRandom(settings.seed());
        this.average = settings.averageDecay() > 0 ? new ParameterAverage(model, settings.averageDecay()) : null;
    }

    public Model model() {
        return model;
    }

    /** The running average of the weights, or null when the settings' average decay is 0. */
    public ParameterAverage average() {
        return average;
    }

    /** The number of updates the schedule spreads its decay over (e.g. epochs x batches). */
    public void planUpdates(long n) {
        plannedUpdates = n;
    }

    /** One pass over the examples in length-bucketed, shuffled batches. */
    public PassStats pass(List<Example> examples, BatchListener listener) {
        long start = System.nanoTime();
        List<List<Example>> batches = LengthBatches.of(examples, settings.batchSize(), rng);
        Loss total = new Loss();
        long tokens = 0;
        int skipped = 0;
        double maxNorm = 0;
        for (int i = 0; i < batches.size(); i++) {
            optimizer.setLearningRate(scheduledRate());
            Batch batch = encoder.encode(batches.get(i), settings.wordDropout(), rng);
            Bptt.Result r = bptt.train(batch, rng);
            total.add(r.loss());
            tokens += batch.tokens();
            skipped += r.skipped();
            maxNorm = Math.max(maxNorm, r.gradientNorm());
            updates += r.updates();
            if (average != null && r.updates() > 0) {
                average.update();
            }
            if (listener != null) {
                listener.batchDone(i + 1, batches.size(), total);
            }
        }
        return new PassStats(total, examples.size(), tokens, batches.size(), skipped, maxNorm,
                (System.nanoTime() - start) / 1e9);
    }

    private double scheduledRate() {
        double peak = settings.learningRate();
        if (settings.schedule().equals("constant") || plannedUpdates <= 0) {
            return peak;
        }
        double progress = Math.min(1.0, (double) updates / plannedUpdates);
        double floor = 0.05 * peak;
        return floor + (peak - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }

    /** Updates a pass over this many examples makes (for {@link #planUpdates}). */
    public long updatesPerPass(List<Example> examples) {
        long batches = (examples.size() + settings.batchSize() - 1) / settings.batchSize();
        if (settings.k1() == 0) {
            return batches;
        }
        double meanSteps = examples.stream().mapToInt(encoder::steps).average().orElse(0);
        return batches * Math.max(1, (long) Math.ceil(meanSteps / settings.k1()));
    }
}
