package io.rnnstreams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.rnnstreams.ops.RnnStreamsConfig;
import io.rnnstreams.stream.BoundedRocksDbMemory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

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

    /**
     * Kafka 4.4 warns, whenever a client is built, that the global processing handler is off unless
     * its partition assignor, which reads only the main consumer's settings, sees it on as well.
     */
    @Test
    void kafkaStreamsIsBuiltWithoutWarningsAboutItsSettings(@TempDir Path stateDir) {
        Properties p = servingProperties(Map.of("RNN_STREAMS_STATE_DIR", stateDir.toString()));
        // Nothing listens there: the clients' failed connections are logged by org.apache.kafka.clients, not captured.
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("tokens").to("tags");
        Logger kafkaStreams = (Logger) LoggerFactory.getLogger("org.apache.kafka.streams");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        kafkaStreams.addAppender(logged);
        try (KafkaStreams streams = new KafkaStreams(builder.build(), p)) {
            streams.close(Duration.ofSeconds(10));
        } finally {
            kafkaStreams.detachAppender(logged);
        }
        List<String> warnings = logged.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(ILoggingEvent::getFormattedMessage)
                .filter(m -> !m.contains("OS temp directory")) // the test's own state.dir is a temp dir
                .toList();
        assertTrue(warnings.isEmpty(), "Kafka Streams warned: " + warnings);
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
