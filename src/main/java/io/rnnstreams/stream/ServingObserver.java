package io.rnnstreams.stream;

/**
 * What the serving topology reports as it works (the command line wires it to the Prometheus
 * meters). Methods on the per-token path must not allocate.
 */
public interface ServingObserver {
    void tokenProcessed(long latencyNanos);

    void sequenceCompleted(String reason);

    void deadLettered(String reason);

    void modelLoaded(long version);

    void modelSwapped();

    void modelRejected(String reason);

    void stateReset();

    void tokensGenerated(int count);

    /** Does nothing (tests, tools). */
    ServingObserver NONE = new ServingObserver() {
        @Override
        public void tokenProcessed(long latencyNanos) {}

        @Override
        public void sequenceCompleted(String reason) {}

        @Override
        public void deadLettered(String reason) {}

        @Override
        public void modelLoaded(long version) {}

        @Override
        public void modelSwapped() {}

        @Override
        public void modelRejected(String reason) {}

        @Override
        public void stateReset() {}

        @Override
        public void tokensGenerated(int count) {}
    };
}
