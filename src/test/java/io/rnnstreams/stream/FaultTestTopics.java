package io.rnnstreams.stream;

import io.rnnstreams.embedded.SharedBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Fresh topics and a model on the shared broker for one fault test, and the matching settings
 * for an in-process {@link ServingApp} and for a {@code serve} child process.
 */
final class FaultTestTopics {
    static final int PARTITIONS = 4;

    private FaultTestTopics() {}

    /** Creates the six topics on the shared broker. */
    static ServingSettings create(Duration idleTimeout, Duration scanInterval, int scanMax) throws Exception {
        return create(SharedBroker.admin(), idleTimeout, scanInterval, scanMax);
    }

    /** Creates the six topics (4 partitions, compacted 1-partition models) with unique names. */
    static ServingSettings create(Admin admin, Duration idleTimeout, Duration scanInterval, int scanMax)
            throws Exception {
        ServingSettings d = ServingSettings.defaults();
        String models = SharedBroker.uniqueName("models");
        List<NewTopic> topics = new ArrayList<>(List.of(new NewTopic(models, 1, (short) 1).configs(Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, "compact", TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "67108864"))));
        List<String> names = new ArrayList<>();
        for (String prefix : List.of("tokens", "tags", "labels", "generated", "dlq")) {
            names.add(SharedBroker.uniqueName(prefix));
            topics.add(new NewTopic(names.get(names.size() - 1), PARTITIONS, (short) 1));
        }
        admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        return new ServingSettings(names.get(0), names.get(1), names.get(2), names.get(3), names.get(4), models,
                d.modelName(), d.maxModelBytes(), true, false, idleTimeout, scanInterval, scanMax,
                d.maxTokenChars(), d.maxInputBytes(), d.maxGenerate());
    }

    static void publish(Map<String, Object> clientProperties, ServingSettings settings, byte[] model)
            throws Exception {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 64 << 20);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(settings.modelsTopic(), settings.modelName(), model)).get();
        }
    }

    /** Kafka Streams settings for an in-process instance, as `serve` would set them. */
    static Properties streamsProperties(Map<String, Object> clientProperties, String applicationId, Path stateDir,
            String guarantee) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        p.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
        p.put(BoundedRocksDbMemory.MEMORY_BYTES_CONFIG, Long.toString(64L << 20));
        p.put("session.timeout.ms", 6000);
        p.put("heartbeat.interval.ms", 1000);
        return p;
    }

    /** {@code serve --set ...} settings for a child process on the shared broker. */
    static Map<String, String> serveSettings(ServingSettings s, String applicationId, Path stateDir,
            String guarantee) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kafka.bootstrap.servers", SharedBroker.bootstrapServers());
        m.put("application.id", applicationId);
        m.put("processing.guarantee", guarantee);
        m.put("state.dir", stateDir.toString());
        m.put("rocksdb.memory.bytes", Long.toString(64L << 20));
        m.put("http.port", "-1");
        m.put("topics.create", "false");
        m.put("topics.tokens", s.tokensTopic());
        m.put("topics.tags", s.tagsTopic());
        m.put("topics.labels", s.labelsTopic());
        m.put("topics.generated", s.generatedTopic());
        m.put("topics.dlq", s.dlqTopic());
        m.put("topics.models", s.modelsTopic());
        m.put("sequence.idle.timeout", s.idleTimeout().toMillis() + "ms");
        m.put("kafka.session.timeout.ms", "6000");
        m.put("kafka.heartbeat.interval.ms", "1000");
        return m;
    }
}
