package io.rnnstreams.cli;

import io.rnnstreams.ops.ServingMetrics;
import io.rnnstreams.stream.ServingObserver;

/** Reports the serving topology's events to its Prometheus meters. */
final class MeteredServing implements ServingObserver {
    private final ServingMetrics metrics;

    MeteredServing(ServingMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void tokenProcessed(long latencyNanos) {
        metrics.tokenProcessed(latencyNanos);
    }

    @Override
    public void sequenceCompleted(String reason) {
        metrics.sequenceCompleted(reason);
    }

    @Override
    public void deadLettered(String reason) {
        metrics.dlq(reason);
    }

    @Override
    public void modelLoaded(long version) {
        metrics.modelLoaded(version);
    }

    @Override
    public void modelSwapped() {
        metrics.modelSwapped();
    }

    @Override
    public void modelRejected(String reason) {
        metrics.modelRejected(reason);
    }

    @Override
    public void stateReset() {
        metrics.stateReset();
    }

    @Override
    public void tokensGenerated(int count) {
        metrics.tokensGenerated(count);
    }
}
