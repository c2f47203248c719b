package io.rnnstreams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.rnnstreams.ops.RnnStreamsConfig;
import io.rnnstreams.stream.BoundedRocksDbMemory;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ServingProcessTest {
    @Test
    void rocksDbMemoryBytesReachTheConfigSetter() {
        Properties p = servingProperties(Map.of("RNN_STREAMS_ROCKSDB_MEMORY_BYTES", "33554432"));
        assertEquals(BoundedRocksDbMemory.class, p.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG));
        // Kafka Streams hands each store's setter the application's original configuration.
        assertEquals(33554432L, BoundedRocksDbMemory.totalBytes(new StreamsConfig(p).originals()));
    }

    /** Kafka Streams gives the models' global thread an equal share; the stream threads keep what was set. */
    @Test
    void recordCacheAddsTheGlobalThreadsShare() {
        assertEquals(20L << 20, cacheSetting(Map.of()), "10 MiB default, one stream thread: 10 MiB to spare for the global one");
        assertEquals(30L << 20, cacheSetting(Map.of("RNN_STREAMS_STATE_CACHE_MAX_BYTES", "20971520",
                "RNN_STREAMS_NUM_STREAM_THREADS", "2")));
        assertEquals(0L, cacheSetting(Map.of("RNN_STREAMS_STATE_CACHE_MAX_BYTES", "0")));
        assertEquals(Long.MAX_VALUE, cacheSetting(Map.of("RNN_STREAMS_STATE_CACHE_MAX_BYTES", Long.toString(Long.MAX_VALUE))));
    }

    private static long cacheSetting(Map<String, String> env) {
        return new StreamsConfig(servingProperties(env)).getLong(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG);
    }

    /** The serving process's Kafka Streams properties for a configuration given by environment variables. */
    private static Properties servingProperties(Map<String, String> env) {
        RnnStreamsConfig c = RnnStreamsConfig.load(Optional.empty(), env, Map.of("kafka.bootstrap.servers", "kafka:9092"));
        return ServingProcess.streamsProperties(c, ServingProcess.settings(c), true);
    }
}
