package io.rnnstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.nn.Vocabulary;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * What the serving processor allocates per token beyond the trivial baseline processor. Both run
 * the same tokens on this thread against the same harness (a mock context and an in-memory
 * store, so that Kafka's own per-record objects, which dwarf ours, stay out of the count), and
 * the bytes this thread allocated are compared per token.
 */
class PerTokenAllocationTest {
    /**
     * The documented bound (docs/performance-end-to-end.md). What the serving processor has that
     * the baseline has not is the token String the parser makes (48 bytes for a short word) and
     * a tag value array a little longer than the baseline's 64-byte outputs. Measured: 0 to 130
     * bytes per token, depending on which of the harness's and Kafka's short-lived objects the
     * JIT's escape analysis removes in that run; the bound leaves room for that. A Jackson parser
     * per record adds about 700 bytes, a Jackson generator about 500.
     */
    static final long MAX_EXTRA_BYTES_PER_TOKEN = 384;
    private static final int WARM_UP = 30_000;
    private static final int MEASURED = 100_000;
    private static final List<String> WORDS = List.of("the", "cat", "sat", "on", "mat", "a", "dog", "ran");

    @Test
    void servingAllocatesAtMostTheTokenAndItsOutputMoreThanTheBaseline() {
        ServingSettings settings = ServingSettings.defaults().withIdleTimeout(Duration.ofHours(1))
                .withStore(false, false);
        ModelConfig config = ModelConfig.builder().cell(CellType.GRU).hidden(64).embed(32)
                .tagClasses(List.of("DET", "NOUN", "VERB", "ADP")).labelClasses(List.of("x", "y")).build();
        Model model = Model.create(config, Vocabulary.of(WORDS), new SplittableRandom(1));
        model.putMetadata(ModelFile.VERSION, "1");
        ModelRegistry registry = new ModelRegistry(settings.modelName(), settings.maxModelBytes(),
                ServingObserver.NONE);
        assertTrue(registry.offer(settings.modelName(), ModelFile.write(model)));

        double serving = bytesPerToken(new SequenceProcessor(ServingTopology.SEQUENCE_STORE, settings, registry,
                ServingObserver.NONE));
        double baseline = bytesPerToken(new BaselineProcessor(ServingTopology.SEQUENCE_STORE,
                BaselineTopology.stateBytes(config.stateSize(), false), 64));
        double extra = serving - baseline;
        assertTrue(extra <= MAX_EXTRA_BYTES_PER_TOKEN, String.format(
                "serving allocates %.0f bytes per token, the baseline %.0f: %.0f more, over the bound of %d",
                serving, baseline, extra, MAX_EXTRA_BYTES_PER_TOKEN));
    }

    /** Bytes this thread allocates per token the processor handles, after a warm-up. */
    private static double bytesPerToken(Processor<byte[], byte[], byte[], byte[]> processor) {
        MockProcessorContext<byte[], byte[]> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(1_000_000);
        KeyValueStore<Bytes, byte[]> store = Stores.keyValueStoreBuilder(
                        Stores.inMemoryKeyValueStore(ServingTopology.SEQUENCE_STORE), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        processor.init(context);
        byte[][] keys = new byte[100][];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = ("key-" + k).getBytes(StandardCharsets.UTF_8);
        }
        byte[][] values = new byte[WORDS.size()][];
        for (int w = 0; w < values.length; w++) {
            values[w] = ("{\"token\":\"" + WORDS.get(w) + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        run(processor, context, keys, values, WARM_UP);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        run(processor, context, keys, values, MEASURED);
        return (double) (threads.getCurrentThreadAllocatedBytes() - before) / MEASURED;
    }

    /** Processes n tokens, round-robin over the keys; one output each, checked and dropped per 1000. */
    private static void run(Processor<byte[], byte[], byte[], byte[]> processor,
            MockProcessorContext<byte[], byte[]> context, byte[][] keys, byte[][] values, int n) {
        for (int i = 0; i < n; i++) {
            processor.process(new Record<>(keys[i % keys.length], values[(i / keys.length) % values.length], i));
            if (i % 1000 == 999) {
                assertEquals(1000, context.forwarded().size());
                assertEquals(Optional.of(ServingTopology.TAGS), context.forwarded().get(999).childName(),
                        "every token makes a tag");
                context.resetForwards();
            }
        }
    }
}
