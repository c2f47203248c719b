package io.rnnstreams.stream;

import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Feeds the models global store: every models-topic record is offered to the registry, on
 * restore as well as live (StreamsBuilder#addGlobalStore replays records through this
 * processor), and only accepted models are kept in the store.
 */
final class ModelUpdateProcessor implements Processor<String, byte[], Void, Void> {
    private final String storeName;
    private final ModelRegistry registry;
    private KeyValueStore<String, byte[]> store;

    ModelUpdateProcessor(String storeName, ModelRegistry registry) {
        this.storeName = storeName;
        this.registry = registry;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() != null && registry.offer(record.key(), record.value())) {
            store.put(record.key(), record.value());
        }
    }
}
