package io.rnnstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rnnstreams.embedded.SharedBroker;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.Model;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two serving instances share a 4-partition tokens topic on a real broker: one in this JVM, one
 * a separate `serve` process that is killed (SIGKILL, no clean close) in the middle of the
 * stream. With exactly-once, every token still gets exactly one tag and every sequence exactly
 * one label in the committed output.
 */
class ServingIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SEQUENCES = 2000;

    @TempDir
    Path dir;

    @Test
    void twoInstancesOneKilledExactlyOneOutputPerInput() throws Exception {
        String id = SharedBroker.uniqueName("serve");
        ServingSettings d = ServingSettings.defaults();
        ServingSettings settings = new ServingSettings(
                SharedBroker.createTopic("tokens", 4, Map.of()), SharedBroker.createTopic("tags", 4, Map.of()),
                SharedBroker.createTopic("labels", 4, Map.of()), SharedBroker.createTopic("generated", 4, Map.of()),
                SharedBroker.createTopic("dlq", 4, Map.of()),
                SharedBroker.createTopic("models", 1, Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, "compact",
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "67108864")),
                "default", d.maxModelBytes(), true, false, Duration.ofMinutes(10), Duration.ofSeconds(1), 1000,
                d.maxTokenChars(), d.maxInputBytes(), d.maxGenerate());
        Model model = TestModels.tokenModel(CellType.GRU, 16, 0, 1, 21);
        try (KafkaProducer<String, byte[]> p = producer()) {
            p.send(new ProducerRecord<>(settings.modelsTopic(), "default", TestModels.bytes(model))).get();
        }

        Process other = startServeProcess(id, settings);
        try (ServingApp app = new ServingApp(settings, streamsProperties(id, dir.resolve("a")), ServingObserver.NONE)) {
            app.start();
            awaitRunning(dir.resolve("serve-b.log"), app);
            Map<String, Integer> lengths = new HashMap<>();
            int tokens = produce(settings.tokensTopic(), lengths, 0, SEQUENCES / 2);
            waitForOutput(settings.tagsTopic(), tokens / 2, Duration.ofSeconds(90));
            other.destroyForcibly().waitFor();
            tokens += produce(settings.tokensTopic(), lengths, SEQUENCES / 2, SEQUENCES);

            Map<String, Set<Integer>> tagged = new HashMap<>();
            List<String> duplicates = new ArrayList<>();
            Map<String, Integer> labelled = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            int tagCount = 0;
            try (KafkaConsumer<String, byte[]> c = consumer()) {
                c.subscribe(List.of(settings.tagsTopic(), settings.labelsTopic()));
                while ((tagCount < tokens || labelled.size() < SEQUENCES) && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
                        JsonNode v = JSON.readTree(r.value());
                        if (r.topic().equals(settings.tagsTopic())) {
                            tagCount++;
                            if (!tagged.computeIfAbsent(r.key(), k -> new HashSet<>()).add(v.get("i").asInt())) {
                                duplicates.add(r.key() + "#" + v.get("i"));
                            }
                        } else if (labelled.merge(r.key(), 1, Integer::sum) > 1) {
                            duplicates.add(r.key() + " label");
                        }
                    }
                }
                // Anything committed after the expected count would be a duplicate: look a little longer.
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofSeconds(3))) {
                    duplicates.add(r.topic() + " extra " + r.key());
                }
            }
            assertTrue(duplicates.isEmpty(), "duplicates: " + duplicates.subList(0, Math.min(10, duplicates.size())));
            assertEquals(tokens, tagCount, "one tag per token");
            assertEquals(SEQUENCES, labelled.size(), "one label per sequence");
            for (Map.Entry<String, Integer> e : lengths.entrySet()) {
                assertEquals(e.getValue(), tagged.get(e.getKey()).size(), "tags of " + e.getKey());
            }
        } finally {
            other.destroyForcibly();
        }
    }

    /** Both instances RUNNING with the partitions split between them (the other one owns some). */
    private static void awaitRunning(Path otherLog, ServingApp app) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            boolean otherRunning = Files.exists(otherLog) && Files.readString(otherLog).contains("-> RUNNING");
            boolean shared = app.streams().metadataForLocalThreads().stream()
                    .mapToInt(t -> t.activeTasks().size()).sum() == 2;
            if (otherRunning && shared && app.streams().state() == org.apache.kafka.streams.KafkaStreams.State.RUNNING) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the two instances did not both run with 2 of the 4 partitions each:\n"
                + (Files.exists(otherLog) ? Files.readString(otherLog) : "(no log)"));
    }

    private Process startServeProcess(String applicationId, ServingSettings s) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "io.rnnstreams.cli.Main", "serve",
                "--set", "kafka.bootstrap.servers=" + SharedBroker.bootstrapServers(),
                "--set", "application.id=" + applicationId,
                "--set", "state.dir=" + dir.resolve("b"),
                "--set", "http.port=-1",
                "--set", "topics.create=false",
                "--set", "topics.tokens=" + s.tokensTopic(),
                "--set", "topics.tags=" + s.tagsTopic(),
                "--set", "topics.labels=" + s.labelsTopic(),
                "--set", "topics.generated=" + s.generatedTopic(),
                "--set", "topics.dlq=" + s.dlqTopic(),
                "--set", "topics.models=" + s.modelsTopic(),
                "--set", "sequence.idle.timeout=10m",
                "--set", "kafka.session.timeout.ms=6000",
                "--set", "kafka.heartbeat.interval.ms=1000"));
        File log = dir.resolve("serve-b.log").toFile();
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log).start();
    }

    private static Properties streamsProperties(String applicationId, Path stateDir) {
        Properties p = new Properties();
        p.putAll(SharedBroker.clientProperties());
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        p.put("session.timeout.ms", 6000);
        p.put("heartbeat.interval.ms", 1000);
        return p;
    }

    /** Produces sequences [from, to) of random lengths, interleaved as live traffic would be. */
    private static int produce(String topic, Map<String, Integer> lengths, int from, int to) throws Exception {
        SplittableRandom rng = new SplittableRandom(from);
        List<String> keys = new ArrayList<>();
        for (int s = from; s < to; s++) {
            String key = "seq-" + s;
            keys.add(key);
            lengths.put(key, 3 + rng.nextInt(10));
        }
        int sent = 0;
        try (KafkaProducer<String, byte[]> p = producer()) {
            Map<String, Integer> position = new HashMap<>();
            List<String> open = new ArrayList<>(keys);
            while (!open.isEmpty()) {
                String key = open.get(rng.nextInt(open.size()));
                int i = position.merge(key, 1, Integer::sum) - 1;
                boolean end = i == lengths.get(key) - 1;
                String word = TestModels.WORDS.get(rng.nextInt(TestModels.WORDS.size()));
                String json = "{\"token\":\"" + word + "\"" + (end ? ",\"end\":true" : "") + "}";
                p.send(new ProducerRecord<>(topic, key, json.getBytes(StandardCharsets.UTF_8)));
                sent++;
                if (end) {
                    open.remove(key);
                }
            }
            p.flush();
        }
        return sent;
    }

    private static void waitForOutput(String topic, int count, Duration timeout) {
        int seen = 0;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> c = consumer()) {
            c.subscribe(List.of(topic));
            while (seen < count && System.nanoTime() < deadline) {
                seen += c.poll(Duration.ofMillis(500)).count();
            }
        }
        assertTrue(seen >= count, "only " + seen + " of " + count + " outputs before the kill");
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.putAll(SharedBroker.clientProperties());
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 64 << 20);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.putAll(SharedBroker.clientProperties());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, SharedBroker.uniqueName("reader"));
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }
}
