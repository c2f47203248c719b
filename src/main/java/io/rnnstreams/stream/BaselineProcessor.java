package io.rnnstreams.stream;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per record: one get, a fresh state array of the fixed size (the store keeps the array it is
 * given, as it keeps the serving topology's encoded states), one put, one output of a fixed
 * size. The same store traffic and output count as {@link SequenceProcessor}, without parsing or
 * math. States are random bytes, as a model's state nearly is, and outputs random letters, which
 * compress no better than the tag JSON: constant bytes would shrink to nothing under the
 * producer's compression and make the baseline unfairly cheap.
 */
final class BaselineProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private static final int NOISE_BYTES = 1 << 20;
    private final String storeName;
    private final int stateBytes;
    private final int outputBytes;
    /** Random bytes that consecutive states are cut from, larger than any compression window. */
    private final byte[] noise = new byte[NOISE_BYTES];
    /** Random letters that consecutive outputs are cut from. */
    private final byte[] letters = new byte[NOISE_BYTES];
    private int noiseOffset;
    private int lettersOffset;
    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<Bytes, byte[]> store;

    BaselineProcessor(String storeName, int stateBytes, int outputBytes) {
        this.storeName = storeName;
        this.stateBytes = stateBytes;
        this.outputBytes = outputBytes;
        SplittableRandom random = new SplittableRandom(stateBytes);
        random.nextBytes(noise);
        for (int i = 0; i < letters.length; i++) {
            letters[i] = (byte) ('a' + random.nextInt(26));
        }
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
        if (noiseOffset + stateBytes > noise.length) {
            noiseOffset = 0;
        }
        byte[] next = Arrays.copyOfRange(noise, noiseOffset, noiseOffset + stateBytes);
        noiseOffset += stateBytes;
        next[0] = previous == null ? 0 : (byte) (previous[0] + 1);
        store.put(key, next);
        if (lettersOffset + outputBytes > letters.length) {
            lettersOffset = 0;
        }
        byte[] output = Arrays.copyOfRange(letters, lettersOffset, lettersOffset + outputBytes);
        lettersOffset += outputBytes;
        context.forward(new Record<>(record.key(), output, record.timestamp()), ServingTopology.TAGS);
    }
}
