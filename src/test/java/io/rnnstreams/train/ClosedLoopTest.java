package io.rnnstreams.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rnnstreams.data.Example;
import io.rnnstreams.data.HmmTask;
import io.rnnstreams.embedded.SharedBroker;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.stream.ServingApp;
import io.rnnstreams.stream.ServingObserver;
import io.rnnstreams.stream.ServingSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The closed learning loop on a real broker: examples -> side trainer -> models topic -> a
 * serving instance hot-swaps the model -> its tags on fresh sequences are scored against the
 * generator's truth; more examples -> a newer version -> swapped in -> better tags.
 */
class ClosedLoopTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    @Test
    void trainPublishServeAndImprove() throws Exception {
        Iterator<Example> stream = new HmmTask().examples(11);
        List<Example> fresh = new HmmTask().generate(150, 99);
        try (TrainerHarness trainer = new TrainerHarness(1)) {
            // One partition: the window contents, hence the whole run, are deterministic.
            trainer.start(trainer.settings(1000, 3, 0.005, 0.01,
                    TrainerHarness.shape(CellType.GRU, 32, Task.TAG, Task.LABEL)));
            trainer.produce(take(stream, 3000), 0);
            long first = latestPublished(trainer.awaitWindow(3, WAIT), trainer);
            assertTrue(first >= 1, "a model was published after 3,000 examples");

            ServingSettings serving = servingSettings(trainer.modelsTopic);
            try (ServingApp app = new ServingApp(serving, streamsProperties(), ServingObserver.NONE)) {
                app.start();
                awaitVersion(app, first);
                double before = tagAccuracy(serving, fresh, "before-", first);

                trainer.produce(take(stream, 2000), 3000);
                long second = latestPublished(trainer.awaitWindow(5, WAIT), trainer);
                assertTrue(second > first, "a newer version was published: " + second + " after " + first);
                awaitVersion(app, second);
                double after = tagAccuracy(serving, fresh, "after-", second);

                System.out.printf("closed loop: version %d tag accuracy %.4f, version %d %.4f%n", first, before,
                        second, after);
                assertTrue(before > 0.75, "served tags beat chance (1/6) and the majority tag by far: " + before);
                assertTrue(after > before, "the second version tags better: " + before + " -> " + after);
            }
        }
    }

    private static List<Example> take(Iterator<Example> it, int n) {
        List<Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(it.next());
        }
        return out;
    }

    /** The newest published version once the window has reported. */
    private static long latestPublished(WindowReport last, TrainerHarness trainer) {
        return trainer.reports.stream().filter(r -> r.outcome() == WindowReport.Outcome.PUBLISHED)
                .mapToLong(WindowReport::version).max().orElse(0);
    }

    private static void awaitVersion(ServingApp app, long version) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            InferenceModel m = app.registry().current();
            if (m != null && m.version() == version) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("serving did not load version " + version);
    }

    /** Streams the sequences through tokens and scores the served tags against the generator's. */
    private static double tagAccuracy(ServingSettings s, List<Example> sequences, String prefix, long version)
            throws Exception {
        Map<String, String[]> truth = new HashMap<>();
        int tokens = 0;
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(SharedBroker.clientProperties(),
                new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < sequences.size(); i++) {
                Example e = sequences.get(i);
                String key = prefix + i;
                truth.put(key, e.tags());
                for (int t = 0; t < e.length(); t++) {
                    ObjectNode o = JSON.createObjectNode().put("token", e.tokens()[t]);
                    if (t == e.length() - 1) {
                        o.put("end", true);
                    }
                    p.send(new ProducerRecord<>(s.tokensTopic(), key, JSON.writeValueAsBytes(o)));
                    tokens++;
                }
            }
            p.flush();
        }
        Map<String, Object> props = SharedBroker.clientProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        int scored = 0;
        int correct = 0;
        long deadline = System.nanoTime() + WAIT.toNanos();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition(s.tagsTopic(), 0);
            c.assign(List.of(tp));
            c.seekToBeginning(List.of(tp));
            while (scored < tokens && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    if (!key.startsWith(prefix)) {
                        continue;
                    }
                    JsonNode v = JSON.readTree(r.value());
                    assertEquals(version, v.get("model").asLong(), "served by the expected version");
                    scored++;
                    correct += truth.get(key)[v.get("i").asInt()].equals(v.get("tag").asText()) ? 1 : 0;
                }
            }
        }
        assertEquals(tokens, scored, "one tag per token");
        return (double) correct / scored;
    }

    private static ServingSettings servingSettings(String modelsTopic) {
        ServingSettings d = ServingSettings.defaults();
        return new ServingSettings(SharedBroker.createTopic("tokens"), SharedBroker.createTopic("tags"),
                SharedBroker.createTopic("labels"), SharedBroker.createTopic("generated"),
                SharedBroker.createTopic("tokens-dlq"), modelsTopic, "default", d.maxModelBytes(), false, false,
                Duration.ofMinutes(10), Duration.ofSeconds(1), 1000, d.maxTokenChars(), d.maxInputBytes(),
                d.maxGenerate());
    }

    private Properties streamsProperties() {
        Properties p = new Properties();
        p.putAll(SharedBroker.clientProperties());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, SharedBroker.uniqueName("closed-loop"));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        return p;
    }
}
