package io.rnnstreams.stream;

import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The serving topology, read top to bottom as the data flows:
 *
 * <pre>
 *   models (compacted) --> [model-updates] --> models-store (global) --> ModelRegistry
 *
 *   tokens --> [sequences] --+--> tags
 *                 |          +--> labels
 *         sequence-store     +--> generated
 *       (changelogged)       +--> tokens-dlq
 * </pre>
 */
public final class ServingTopology {
    public static final String MODELS_STORE = "models-store";
    public static final String SEQUENCE_STORE = "sequence-store";
    static final String SOURCE = "tokens-source";
    static final String PROCESSOR = "sequences";
    static final String TAGS = "tags-sink";
    static final String LABELS = "labels-sink";
    static final String GENERATED = "generated-sink";
    static final String DLQ = "dlq-sink";

    private ServingTopology() {}

    public static Topology build(ServingSettings settings, ModelRegistry registry, ServingObserver observer) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MODELS_STORE), Serdes.String(),
                        Serdes.ByteArray()).withLoggingDisabled(),
                settings.modelsTopic(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()),
                () -> new ModelUpdateProcessor(MODELS_STORE, registry));

        Topology topology = builder.build();
        ByteArraySerializer bytes = new ByteArraySerializer();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), settings.tokensTopic())
                .addProcessor(PROCESSOR,
                        () -> new SequenceProcessor(SEQUENCE_STORE, settings, registry, observer), SOURCE)
                .addStateStore(sequenceStore(settings), PROCESSOR)
                .addSink(TAGS, settings.tagsTopic(), bytes, bytes, PROCESSOR)
                .addSink(LABELS, settings.labelsTopic(), bytes, bytes, PROCESSOR)
                .addSink(GENERATED, settings.generatedTopic(), bytes, bytes, PROCESSOR)
                .addSink(DLQ, settings.dlqTopic(), bytes, bytes, PROCESSOR);
        return topology;
    }

    /** Changelogged, cached (consecutive tokens of a key in one commit interval make one changelog write). */
    static StoreBuilder<KeyValueStore<Bytes, byte[]>> sequenceStore(ServingSettings settings) {
        KeyValueBytesStoreSupplier supplier = settings.persistentStore()
                ? Stores.persistentKeyValueStore(SEQUENCE_STORE)
                : Stores.inMemoryKeyValueStore(SEQUENCE_STORE);
        return Stores.keyValueStoreBuilder(supplier, Serdes.Bytes(), Serdes.ByteArray())
                .withCachingEnabled()
                .withLoggingEnabled(java.util.Map.of());
    }
}
