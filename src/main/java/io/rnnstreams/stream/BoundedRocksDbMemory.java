package io.rnnstreams.stream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Bounds the off-heap memory of every RocksDB store of this process by one total
 * ({@code rocksdb.memory.bytes}): all stores share one LRU block cache of that size, and their
 * memtables are charged to the same cache through one write-buffer manager (at most half of it),
 * so the sum of block cache, index and filter blocks and write buffers stays at the total however
 * many partitions, and therefore stores, the instance holds.
 *
 * <p>Without it, Kafka Streams gives each store its own 50 MB block cache and up to three 16 MB
 * memtables, and keeps index and filter blocks outside any cache, so memory grows with the number
 * of partitions and with the number of keys.
 *
 * <p>Kafka Streams creates one setter per store and hands it the application's configuration, in
 * which {@link #MEMORY_BYTES_CONFIG} carries the total. The cache and manager are created once per
 * distinct total and live as long as the process: stores come and go with rebalances, the shared
 * memory must not go with them.
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {
    /** The Kafka Streams configuration key (not a Kafka one) that carries the total in bytes. */
    public static final String MEMORY_BYTES_CONFIG = "rnnstreams.rocksdb.memory.bytes";

    // A tenth of the cache stays for index and filter blocks, which every lookup needs.
    private static final double HIGH_PRIORITY_RATIO = 0.1;
    private static final long MAX_MEMTABLE_BYTES = 16L << 20;
    private static final long MIN_MEMTABLE_BYTES = 1L << 20;

    private static final Map<Long, SharedMemory> SHARED = new ConcurrentHashMap<>();

    /** The block cache and write-buffer manager that all stores with one total share. */
    record SharedMemory(Cache cache, WriteBufferManager writeBuffers, long memtableBytes) {
        static SharedMemory of(long totalBytes) {
            // Not strict: a strict cache fails reads once pinned blocks fill it; the manager
            // flushes memtables early instead, which keeps the total near the capacity.
            Cache cache = new LRUCache(totalBytes, -1, false, HIGH_PRIORITY_RATIO);
            WriteBufferManager writeBuffers = new WriteBufferManager(totalBytes / 2, cache);
            long memtable = Math.max(MIN_MEMTABLE_BYTES, Math.min(MAX_MEMTABLE_BYTES, totalBytes / 8));
            return new SharedMemory(cache, writeBuffers, memtable);
        }
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        SharedMemory shared = shared(totalBytes(configs));
        // Kafka Streams' own table config exposes the cache to its metrics; a new instance would
        // be refused, so the existing one is changed.
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(shared.writeBuffers());
        options.setWriteBufferSize(shared.memtableBytes());
        options.setMaxWriteBufferNumber(2);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the manager are shared by the other stores and outlive this one.
    }

    /** The memory shared by all stores configured with {@code totalBytes}. */
    static SharedMemory shared(long totalBytes) {
        return SHARED.computeIfAbsent(totalBytes, SharedMemory::of);
    }

    /** The total in bytes that the setter reads from Kafka Streams' configuration. */
    public static long totalBytes(Map<String, Object> configs) {
        Object value = configs.get(MEMORY_BYTES_CONFIG);
        if (value == null) {
            throw new IllegalStateException(MEMORY_BYTES_CONFIG + " is not set in the Kafka Streams configuration");
        }
        long total = value instanceof Number n ? n.longValue() : Long.parseLong(value.toString().trim());
        if (total <= 0) {
            throw new IllegalStateException(MEMORY_BYTES_CONFIG + " must be positive, got " + total);
        }
        return total;
    }
}
