package io.rnnstreams.stream;

import java.time.Duration;

/**
 * What the serving topology needs to know, independent of how it was configured.
 *
 * @param tokensTopic     input
 * @param tagsTopic       per-token output
 * @param labelsTopic     per-sequence output
 * @param generatedTopic  one-to-many output
 * @param dlqTopic        rejected input
 * @param modelsTopic     compacted model topic
 * @param modelName       key on the models topic to serve
 * @param maxModelBytes   larger model records are rejected
 * @param persistentStore RocksDB (true) or in-memory (false) sequence store, changelogged either way
 * @param compactState    float16 state values in the store (the math stays float32)
 * @param idleTimeout     a sequence unseen this long gets its label with reason "idle"
 * @param idleScanInterval wall-clock period of the idle sweep
 * @param idleScanMax     keys examined per sweep (bounds the work of one punctuation)
 * @param maxTokenChars   longer tokens are rejected
 * @param maxInputBytes   larger token records are rejected
 * @param maxGenerate     largest N accepted in {"generate":N}
 */
public record ServingSettings(
        String tokensTopic,
        String tagsTopic,
        String labelsTopic,
        String generatedTopic,
        String dlqTopic,
        String modelsTopic,
        String modelName,
        long maxModelBytes,
        boolean persistentStore,
        boolean compactState,
        Duration idleTimeout,
        Duration idleScanInterval,
        int idleScanMax,
        int maxTokenChars,
        int maxInputBytes,
        int maxGenerate) {

    /** The documented defaults (docs/configuration.md). */
    public static ServingSettings defaults() {
        return new ServingSettings("tokens", "tags", "labels", "generated", "tokens-dlq", "models", "default",
                64L << 20, true, false, Duration.ofMinutes(5), Duration.ofSeconds(1), 1000, 256, 65536, 200);
    }

    public ServingSettings withIdleTimeout(Duration timeout) {
        return new ServingSettings(tokensTopic, tagsTopic, labelsTopic, generatedTopic, dlqTopic, modelsTopic,
                modelName, maxModelBytes, persistentStore, compactState, timeout, idleScanInterval, idleScanMax,
                maxTokenChars, maxInputBytes, maxGenerate);
    }

    public ServingSettings withStore(boolean persistent, boolean compact) {
        return new ServingSettings(tokensTopic, tagsTopic, labelsTopic, generatedTopic, dlqTopic, modelsTopic,
                modelName, maxModelBytes, persistent, compact, idleTimeout, idleScanInterval, idleScanMax,
                maxTokenChars, maxInputBytes, maxGenerate);
    }
}
