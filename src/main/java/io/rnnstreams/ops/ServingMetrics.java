package io.rnnstreams.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The serving topology's metrics (docs/metrics.md). Every meter is resolved up front, and tagged
 * counters are cached by reason, so the per-token methods allocate nothing.
 */
public final class ServingMetrics {
    /** Reasons a sequence completes, pre-registered so both series exist from the start. */
    public static final String COMPLETED_END = "end";
    public static final String COMPLETED_IDLE = "idle";

    static final double[] LATENCY_QUANTILES = {0.5, 0.99};
    // From a fast GRU step on a small model to a pathological second.
    static final Duration[] LATENCY_BUCKETS = {
        Duration.ofNanos(10_000), Duration.ofNanos(25_000), Duration.ofNanos(50_000),
        Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
        Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1)};

    private final Counter tokensProcessed;
    private final Timer tokenLatency;
    private final Counter generatedTokens;
    private final Counter modelSwaps;
    private final Counter stateResets;
    private final ReasonCounters sequencesCompleted;
    private final ReasonCounters dlqRecords;
    private final ReasonCounters modelsRejected;
    private volatile double modelVersion = Double.NaN;

    public ServingMetrics(MeterRegistry registry) {
        tokensProcessed = Counter.builder("rnn.tokens.processed")
                .description("Tokens run through the model").register(registry);
        tokenLatency = Timer.builder("rnn.token.latency")
                .description("Time to process one token: state lookup, one step, outputs, "
                        + "state write")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .publishPercentiles(LATENCY_QUANTILES)
                .register(registry);
        // A histogram cannot carry quantiles in the Prometheus format, so the timer's
        // client-side percentiles are published as a separate gauge. Its label is not
        // "quantile": Prometheus reserves that one for summaries (promtool rejects it on a
        // gauge); "phi" is the name Micrometer gives it in every other registry.
        for (double q : LATENCY_QUANTILES) {
            Gauge.builder("rnn.token.latency.quantile", tokenLatency, t -> quantileSeconds(t, q))
                    .description("Per-token latency quantile over the last ~2 minutes")
                    .tag("phi", Double.toString(q))
                    .baseUnit("seconds")
                    .strongReference(true)
                    .register(registry);
        }
        generatedTokens = Counter.builder("rnn.generated.tokens")
                .description("Tokens produced by generation requests").register(registry);
        modelSwaps = Counter.builder("rnn.model.swaps")
                .description("Times serving switched to a newer model version").register(registry);
        stateResets = Counter.builder("rnn.state.resets")
                .description("Sequence states reset because the model's shape changed")
                .register(registry);
        sequencesCompleted = new ReasonCounters(registry, "rnn.sequences.completed",
                "Sequences that got their label, by reason (end marker or idle timeout)",
                List.of(COMPLETED_END, COMPLETED_IDLE));
        dlqRecords = new ReasonCounters(registry, "rnn.dlq.records",
                "Input records sent to the dead-letter topic, by reason", List.of());
        modelsRejected = new ReasonCounters(registry, "rnn.models.rejected",
                "Model records that were not loaded, by reason", List.of());
        Gauge.builder("rnn.model.version", this, m -> m.modelVersion)
                .description("Version of the model being served (NaN before the first)")
                .strongReference(true)
                .register(registry);
    }

    /** One token processed; {@code latencyNanos} from {@link System#nanoTime()} deltas. */
    public void tokenProcessed(long latencyNanos) {
        tokensProcessed.increment();
        tokenLatency.record(latencyNanos, TimeUnit.NANOSECONDS);
    }

    /** Tokens emitted by one generation request. */
    public void tokensGenerated(int count) {
        generatedTokens.increment(count);
    }

    /** A sequence got its label; {@code reason} is {@link #COMPLETED_END} or {@link #COMPLETED_IDLE}. */
    public void sequenceCompleted(String reason) {
        sequencesCompleted.increment(reason);
    }

    /**
     * A record went to the DLQ. {@code reason} is a short fixed code such as
     * {@code malformed_json}, never free text: each distinct reason is a Prometheus series.
     */
    public void dlq(String reason) {
        dlqRecords.increment(reason);
    }

    public void modelLoaded(long version) {
        modelVersion = version;
    }

    public void modelSwapped() {
        modelSwaps.increment();
    }

    public void stateReset() {
        stateResets.increment();
    }

    /** A model record was not loaded; {@code reason} is a short fixed code, as for {@link #dlq}. */
    public void modelRejected(String reason) {
        modelsRejected.increment(reason);
    }

    private static double quantileSeconds(Timer timer, double quantile) {
        for (ValueAtPercentile v : timer.takeSnapshot().percentileValues()) {
            if (v.percentile() == quantile) {
                return v.value(TimeUnit.SECONDS);
            }
        }
        return Double.NaN;
    }
}
