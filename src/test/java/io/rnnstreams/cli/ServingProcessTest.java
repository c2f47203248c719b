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
        RnnStreamsConfig c = RnnStreamsConfig.load(Optional.empty(),
                Map.of("RNN_STREAMS_ROCKSDB_MEMORY_BYTES", "33554432"), Map.of("kafka.bootstrap.servers", "kafka:9092"));
        Properties p = ServingProcess.streamsProperties(c, ServingProcess.settings(c));
        assertEquals(BoundedRocksDbMemory.class, p.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG));
        // Kafka Streams hands each store's setter the application's original configuration.
        assertEquals(33554432L, BoundedRocksDbMemory.totalBytes(new StreamsConfig(p).originals()));
    }
}
