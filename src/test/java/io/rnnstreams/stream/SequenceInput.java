package io.rnnstreams.stream;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Input for the fault tests: token sequences interleaved as live traffic, every record with a
 * unique id (echoed in its tag, and the last one's in the label), each sequence closed by
 * {@code "end":true} on its last token. Each sequence is spread over the whole list, so a fault
 * anywhere falls in the middle of most sequences and their state must survive it.
 */
public final class SequenceInput {
    /** One tokens record. */
    public record Token(String key, String id, String json) {}

    private final List<Token> records;
    private final Map<String, Integer> lengths;

    private SequenceInput(List<Token> records, Map<String, Integer> lengths) {
        this.records = records;
        this.lengths = lengths;
    }

    public static SequenceInput generate(int sequences, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, Integer> lengths = new TreeMap<>();
        List<String> slots = new ArrayList<>();
        for (int s = 0; s < sequences; s++) {
            String key = "seq-" + s;
            int length = 4 + rng.nextInt(12);
            lengths.put(key, length);
            for (int i = 0; i < length; i++) {
                slots.add(key);
            }
        }
        for (int i = slots.size() - 1; i > 0; i--) {
            java.util.Collections.swap(slots, i, rng.nextInt(i + 1));
        }
        Map<String, Integer> position = new HashMap<>();
        List<Token> records = new ArrayList<>();
        for (String key : slots) {
            int i = position.merge(key, 1, Integer::sum) - 1;
            String id = key + "/" + i;
            String word = TestModels.WORDS.get(rng.nextInt(TestModels.WORDS.size()));
            String end = i == lengths.get(key) - 1 ? ",\"end\":true" : "";
            records.add(new Token(key, id, "{\"token\":\"" + word + "\",\"id\":\"" + id + "\"" + end + "}"));
        }
        return new SequenceInput(records, lengths);
    }

    public List<Token> records() {
        return records;
    }

    /** Sequence key to number of tokens. */
    public Map<String, Integer> lengths() {
        return lengths;
    }

    /** Records [from, to). */
    public List<Token> slice(int from, int to) {
        return records.subList(from, to);
    }

    /** Produces the records in order, with at most {@code perSecond} records a second (0 = no limit). */
    public static void produce(Map<String, Object> clientProperties, String topic, List<Token> records,
            int perSecond) throws InterruptedException {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < records.size(); i++) {
                Token t = records.get(i);
                producer.send(new ProducerRecord<>(topic, t.key(), t.json().getBytes(StandardCharsets.UTF_8)));
                if (perSecond > 0) {
                    long due = started + (long) i * 1_000_000_000L / perSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
            producer.flush();
        }
    }

    /**
     * What a fault-free run of the same topology produces for these records: the tags and labels
     * as {@code topic key value} strings, one per output (a multiset as a count per string).
     */
    public Map<String, Integer> faultFreeOutputs(ServingSettings settings, byte[] model, java.nio.file.Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "fault-free");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        ModelRegistry registry = new ModelRegistry(settings.modelName(), settings.maxModelBytes(), ServingObserver.NONE);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Map<String, Integer> outputs = new TreeMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(
                ServingTopology.build(settings, registry, ServingObserver.NONE), p, t0)) {
            driver.createInputTopic(settings.modelsTopic(), new StringSerializer(), new ByteArraySerializer())
                    .pipeInput(settings.modelName(), model);
            TestInputTopic<String, byte[]> in = driver.createInputTopic(settings.tokensTopic(), new StringSerializer(),
                    new ByteArraySerializer(), t0, Duration.ZERO);
            for (Token t : records) {
                in.pipeInput(t.key(), t.json().getBytes(StandardCharsets.UTF_8));
            }
            for (String topic : List.of(settings.tagsTopic(), settings.labelsTopic())) {
                TestOutputTopic<byte[], byte[]> out = driver.createOutputTopic(topic, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
                for (TestRecord<byte[], byte[]> r : out.readRecordsToList()) {
                    outputs.merge(line(topic, r.key(), r.value()), 1, Integer::sum);
                }
            }
        }
        return outputs;
    }

    /** One output as compared between runs. */
    public static String line(String topic, byte[] key, byte[] value) {
        return topic + " " + new String(key, StandardCharsets.UTF_8) + " " + new String(value, StandardCharsets.UTF_8);
    }
}
