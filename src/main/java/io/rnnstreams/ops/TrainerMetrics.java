package io.rnnstreams.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The side trainer's metrics (docs/metrics.md). Gauges read NaN until the trainer first sets
 * them, so a dashboard shows "no data" rather than a made-up zero.
 */
public final class TrainerMetrics {
    /** The distances (time steps back) at which the gradient norm is published. */
    public static final List<Integer> GRADIENT_DISTANCES = List.of(1, 5, 10, 25, 50, 100);

    private final AtomicLong loss;
    private final AtomicLong accuracy;
    private final AtomicLong examplesPerSecond;
    private final AtomicLong tokensPerSecond;
    private final AtomicLong[] gradientNorms = new AtomicLong[GRADIENT_DISTANCES.size()];
    private final Counter examples;
    private final Counter tokens;
    private final Counter windows;
    private final Counter modelsPublished;
    private final ReasonCounters modelsHeldBack;
    private final ReasonCounters batchesSkipped;
    private final ReasonCounters examplesRejected;

    public TrainerMetrics(MeterRegistry registry) {
        loss = doubleGauge(registry, "rnn.trainer.loss",
                "Mean training loss (cross-entropy) of the last window", null);
        accuracy = doubleGauge(registry, "rnn.trainer.accuracy",
                "Accuracy of the last window's model on the held-out examples", null);
        examplesPerSecond = doubleGauge(registry, "rnn.trainer.examples.per.second",
                "Training throughput of the last window, examples per second of training", null);
        tokensPerSecond = doubleGauge(registry, "rnn.trainer.tokens.per.second",
                "Training throughput of the last window, tokens per second of training", null);
        for (int i = 0; i < gradientNorms.length; i++) {
            gradientNorms[i] = doubleGauge(registry, "rnn.trainer.gradient.norm",
                    "Norm of the loss gradient reaching the hidden state this many steps back",
                    String.valueOf(GRADIENT_DISTANCES.get(i)));
        }
        examples = Counter.builder("rnn.trainer.examples")
                .description("Examples trained on (each counted once, not per epoch)")
                .register(registry);
        tokens = Counter.builder("rnn.trainer.tokens")
                .description("Tokens in the examples trained on").register(registry);
        windows = Counter.builder("rnn.trainer.windows")
                .description("Training windows closed").register(registry);
        modelsPublished = Counter.builder("rnn.trainer.models.published")
                .description("Model versions published to the models topic").register(registry);
        modelsHeldBack = new ReasonCounters(registry, "rnn.trainer.models.held.back",
                "Trained models not published, by reason", List.of());
        batchesSkipped = new ReasonCounters(registry, "rnn.trainer.batches.skipped",
                "Batches skipped without an optimizer step, by reason", List.of());
        examplesRejected = new ReasonCounters(registry, "rnn.trainer.examples.rejected",
                "Training examples rejected to the training DLQ, by reason", List.of());
    }

    public void loss(double value) {
        set(loss, value);
    }

    public void accuracy(double value) {
        set(accuracy, value);
    }

    /** Examples (and their tokens) trained on. */
    public void trained(long exampleCount, long tokenCount) {
        examples.increment(exampleCount);
        tokens.increment(tokenCount);
    }

    public void throughput(double examplesPerSecond, double tokensPerSecond) {
        set(this.examplesPerSecond, examplesPerSecond);
        set(this.tokensPerSecond, tokensPerSecond);
    }

    public void windowClosed() {
        windows.increment();
    }

    public void modelPublished() {
        modelsPublished.increment();
    }

    /** A trained model was not published; {@code reason} is a short fixed code such as {@code regression}. */
    public void modelHeldBack(String reason) {
        modelsHeldBack.increment(reason);
    }

    /** A batch was skipped; {@code reason} is a short fixed code such as {@code non_finite_gradient}. */
    public void batchSkipped(String reason) {
        batchesSkipped.increment(reason);
    }

    /** An example went to the training DLQ; {@code reason} is a short fixed code. */
    public void exampleRejected(String reason) {
        examplesRejected.increment(reason);
    }

    /**
     * The gradient norm measured {@code stepsBack} steps before the loss.
     *
     * @throws IllegalArgumentException unless {@code stepsBack} is one of {@link #GRADIENT_DISTANCES}
     */
    public void gradientNorm(int stepsBack, double norm) {
        int i = GRADIENT_DISTANCES.indexOf(stepsBack);
        if (i < 0) {
            throw new IllegalArgumentException("gradient norm distance " + stepsBack
                    + " is not one of " + GRADIENT_DISTANCES);
        }
        set(gradientNorms[i], norm);
    }

    private static AtomicLong doubleGauge(MeterRegistry registry, String name, String description,
            String distance) {
        AtomicLong bits = new AtomicLong(Double.doubleToLongBits(Double.NaN));
        Gauge.Builder<AtomicLong> b = Gauge.builder(name, bits,
                        v -> Double.longBitsToDouble(v.get()))
                .description(description)
                .strongReference(true);
        if (distance != null) {
            b.tag("distance", distance);
        }
        b.register(registry);
        return bits;
    }

    private static void set(AtomicLong gauge, double value) {
        gauge.set(Double.doubleToLongBits(value));
    }
}
