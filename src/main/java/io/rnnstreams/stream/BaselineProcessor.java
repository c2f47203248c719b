package io.rnnstreams.stream;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per record: one get, a fresh state array of the fixed size with a counter bumped (the store
 * keeps the array it is given, as it keeps the serving topology's encoded states), one put, one
 * output of a fixed size. The same store traffic and output count as {@link SequenceProcessor},
 * without parsing or math.
 */
final class BaselineProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private final String storeName;
    private final int stateBytes;
    private final byte[] output;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> store;

    BaselineProcessor(String storeName, int stateBytes, int outputBytes) {
        this.storeName = storeName;
        this.stateBytes = stateBytes;
        this.output = new byte[outputBytes];
        java.util.Arrays.fill(output, (byte) ' ');
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        Bytes key = Bytes.wrap(record.key());
        byte[] previous = store.get(key);
        byte[] next = new byte[stateBytes];
        if (previous != null) {
            System.arraycopy(previous, 0, next, 0, Math.min(previous.length, stateBytes));
        }
        next[0]++;
        store.put(key, next);
        context.forward(new Record<>(record.key(), output, record.timestamp()), ServingTopology.TAGS);
    }
}
