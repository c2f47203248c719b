package io.rnnstreams.stream;

/**
 * What the serving topology reports as it works (the command line wires it to the Prometheus
 * meters); every event is ignored unless an implementation overrides it. Methods on the
 * per-token path must not allocate.
 */
public interface ServingObserver {
    /** Does nothing (tests, tools). */
    ServingObserver NONE = new ServingObserver() {};

    default void tokenProcessed(long latencyNanos) {}

    default void sequenceCompleted(String reason) {}

    default void deadLettered(String reason) {}

    default void modelLoaded(long version) {}

    default void modelSwapped() {}

    default void modelRejected(String reason) {}

    default void stateReset() {}

    default void tokensGenerated(int count) {}
}
