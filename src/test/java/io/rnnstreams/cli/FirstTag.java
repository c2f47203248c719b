package io.rnnstreams.cli;

import io.rnnstreams.nn.CellType;
import io.rnnstreams.stream.OutputCollector;
import io.rnnstreams.stream.TestModels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The smallest proof that a serving instance works: one token sent before any model exists (it
 * waits in the topic while serving is paused), then a model, then the token's tag.
 */
final class FirstTag {
    private FirstTag() {}

    /**
     * @param client   client settings for the cluster the instance serves
     * @param settings the instance's settings (its topics.models, topics.tokens, topics.tags)
     * @param seed     seed of the small GRU model published as version 1
     * @return whether the tag arrived within two minutes
     */
    static boolean arrives(Map<String, Object> client, Map<String, String> settings, long seed) throws Exception {
        Properties p = new Properties();
        p.putAll(client);
        String tags = settings.get("topics.tags");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer());
                OutputCollector out = new OutputCollector(client, List.of(tags))) {
            producer.send(new ProducerRecord<>(settings.get("topics.tokens"), "k",
                    "{\"token\":\"the\"}".getBytes(StandardCharsets.UTF_8))).get();
            producer.send(new ProducerRecord<>(settings.get("topics.models"), "default",
                    TestModels.bytes(TestModels.tokenModel(CellType.GRU, 8, 0, 1, seed)))).get();
            return out.awaitCount(tags, 1, Duration.ofSeconds(120));
        }
    }
}
