package io.rnnstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One million distinct keys through the serving processor on RocksDB with
 * {@link BoundedRocksDbMemory}, in a JVM of its own ({@link RocksDbMemoryProbe}) so that heap and
 * resident set are measured for exactly that work: six partitions' stores share one block cache,
 * the state stays off the heap, and the process stays within heap limit + RocksDB total + the
 * JVM's own native memory.
 */
@Tag("slow")
class BoundedRocksDbMemoryTest {
    private static final int KEYS = 1_000_000;
    private static final long ROCKSDB_BYTES = 32L << 20;
    private static final long HEAP_BYTES = 256L << 20;
    /** Metaspace, code cache, GC structures, thread stacks, the 15 MB RocksDB library, malloc arenas. */
    private static final long JVM_NATIVE_BYTES = 192L << 20;

    @TempDir
    Path dir;

    @Test
    void aMillionKeysStayWithinTheConfiguredMemory() throws Exception {
        Assumptions.assumeTrue(Files.exists(Path.of("/proc/self/status")), "needs Linux /proc to read VmRSS");
        Path state = Files.createDirectories(dir.resolve("state"));
        Map<String, Long> f;
        try (ChildJvm probe = ChildJvm.start(dir.resolve("probe.log"),
                List.of("-Xmx" + (HEAP_BYTES >> 20) + "m", "-XX:+UseParallelGC"),
                RocksDbMemoryProbe.class.getName(),
                List.of(Integer.toString(KEYS), Long.toString(ROCKSDB_BYTES), state.toString()), Map.of(), null)) {
            assertEquals(0, probe.awaitExit(Duration.ofMinutes(4)), probe.tail());
            f = figures(probe.output());
        }
        System.out.println("RocksDB memory probe: " + f);
        assertEquals(KEYS, f.get("tags"), "one tag per key");
        assertEquals(f.get("sampledKeysFoundTotal"), f.get("sampledKeysFound"), "every sampled key has its state");
        assertTrue(f.get("storeEntries") > KEYS * 9L / 10, "the stores hold the keys: " + f);
        assertTrue(f.get("blockCacheUsageBytes") > 0, "the stores did not use the shared cache: " + f);
        assertTrue(f.get("blockCacheUsageBytes") <= ROCKSDB_BYTES, "block cache + write buffers over the total: " + f);
        assertTrue(f.get("liveHeapBytes") < 64L << 20, "state kept on the heap: " + f);
        assertTrue(f.get("maxRssBytes") <= HEAP_BYTES + ROCKSDB_BYTES + JVM_NATIVE_BYTES, "resident set: " + f);
    }

    /** The probe's {@code name=value} line; {@code a/b} values give {@code name} and {@code nameTotal}. */
    private static Map<String, Long> figures(String output) {
        String line = output.lines().filter(l -> l.startsWith("keys=")).findFirst()
                .orElseThrow(() -> new AssertionError("no figures in the probe's output:\n" + output));
        Map<String, Long> f = new HashMap<>();
        for (String pair : line.split(" ")) {
            String[] kv = pair.split("=", 2);
            String[] parts = kv[1].split("/");
            f.put(kv[0], Long.parseLong(parts[0]));
            if (parts.length == 2) {
                f.put(kv[0] + "Total", Long.parseLong(parts[1]));
            }
        }
        return f;
    }
}
