package io.rnnstreams.stream;

import io.rnnstreams.nn.CellType;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Runs in its own JVM (started by {@link BoundedRocksDbMemoryTest}, so that its heap limit and
 * resident set are its own): drives one token for each of N distinct keys through the serving
 * topology on RocksDB with {@link BoundedRocksDbMemory}, samples the heap and VmRSS as it goes,
 * and prints one line of {@code name=value} figures.
 *
 * <p>Arguments: keys, rocksdb total bytes, state directory, and optionally {@code unbounded} to
 * run without the config setter (Kafka Streams' defaults), for the comparison in
 * docs/reliability.md.
 */
public final class RocksDbMemoryProbe {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int SAMPLE_EVERY = 20_000;
    private static final int PARTITIONS = 6;

    private RocksDbMemoryProbe() {}

    public static void main(String[] args) throws IOException {
        int keys = Integer.parseInt(args[0]);
        long rocksdbBytes = Long.parseLong(args[1]);
        Path stateDir = Path.of(args[2]);
        boolean bounded = args.length < 4 || !args[3].equals("unbounded");
        ServingSettings settings = ServingSettings.defaults().withStore(true, false)
                .withIdleTimeout(Duration.ofDays(1));
        ModelRegistry registry = new ModelRegistry(settings.modelName(), settings.maxModelBytes(), ServingObserver.NONE);
        registry.offer("default", TestModels.bytes(TestModels.tokenModel(CellType.GRU, 16, 0, 1, 1)));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "memory");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        if (bounded) {
            p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
            p.put(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG, Long.toString(rocksdbBytes));
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long started = System.nanoTime();
        Partition[] partitions = new Partition[PARTITIONS];
        for (int i = 0; i < PARTITIONS; i++) {
            partitions[i] = new Partition(i, p, stateDir, settings, registry);
        }
        byte[] value = "{\"token\":\"the\"}".getBytes(StandardCharsets.UTF_8);
        long maxRss = 0;
        long maxHeapUsed = 0;
        long tags = 0;
        for (int i = 0; i < keys; i++) {
            byte[] key = key(i);
            Partition partition = partitions[Math.floorMod(java.util.Arrays.hashCode(key), PARTITIONS)];
            partition.context.setRecordMetadata(settings.tokensTopic(), partition.id, partition.offset++);
            partition.processor.process(new Record<>(key, value, T0.toEpochMilli()));
            if ((i + 1) % SAMPLE_EVERY == 0 || i == keys - 1) {
                for (Partition each : partitions) {
                    tags += each.context.forwarded(ServingTopology.TAGS).size();
                    each.context.resetForwards();
                }
                maxRss = Math.max(maxRss, rssBytes());
                maxHeapUsed = Math.max(maxHeapUsed, memory.getHeapMemoryUsage().getUsed());
            }
        }
        int sampled = 0;
        int found = 0;
        for (int i = 0; i < keys; i += Math.max(1, keys / 1000)) {
            sampled++;
            byte[] key = key(i);
            found += partitions[Math.floorMod(java.util.Arrays.hashCode(key), PARTITIONS)].store
                    .get(Bytes.wrap(key)) != null ? 1 : 0;
        }
        long entries = 0;
        for (Partition each : partitions) {
            entries += each.store.approximateNumEntries();
        }
        // What the heap holds for good: the state must not be in it.
        System.gc();
        long liveHeap = memory.getHeapMemoryUsage().getUsed();
        System.out.println("keys=" + keys
                + " partitions=" + PARTITIONS
                + " tags=" + tags
                + " sampledKeysFound=" + found + "/" + sampled
                + " storeEntries=" + entries
                + " seconds=" + (System.nanoTime() - started) / 1_000_000_000L
                + " maxRssBytes=" + maxRss
                + " maxHeapUsedBytes=" + maxHeapUsed
                + " liveHeapBytes=" + liveHeap
                + " heapMaxBytes=" + memory.getHeapMemoryUsage().getMax()
                + (bounded ? " blockCacheUsageBytes=" + BoundedRocksDbMemory.shared(rocksdbBytes).cache().getUsage()
                        : "")
                + " sstBytes=" + sstBytes(stateDir));
        for (Partition each : partitions) {
            each.store.close();
        }
    }

    /** One input partition of an instance: its own store (one RocksDB) and processor, as a Kafka Streams task has. */
    private static final class Partition {
        final int id;
        final MockProcessorContext<byte[], byte[]> context;
        final KeyValueStore<Bytes, byte[]> store;
        final SequenceProcessor processor;
        long offset;

        Partition(int id, Properties config, Path stateDir, ServingSettings settings, ModelRegistry registry) {
            this.id = id;
            context = new MockProcessorContext<>(config, new TaskId(0, id), stateDir.resolve("0_" + id).toFile());
            context.setCurrentSystemTimeMs(T0.toEpochMilli());
            store = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ServingTopology.SEQUENCE_STORE),
                    Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
            processor = new SequenceProcessor(ServingTopology.SEQUENCE_STORE, settings, registry, ServingObserver.NONE);
            processor.init(context);
        }
    }

    private static byte[] key(int i) {
        return ("user-" + i).getBytes(StandardCharsets.UTF_8);
    }

    /** This process's resident set from /proc/self/status (Linux). */
    static long rssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }

    private static long sstBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".sst")).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
