package io.rnnstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rnnstreams.embedded.SharedBroker;
import io.rnnstreams.nn.CellType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzz of {@link ServingFuzzTest} at a smaller scale on a real broker, exactly-once, four
 * partitions: the instance stays RUNNING with its original stream thread, every bad record is
 * in the dead-letter topic once under its own partition and offset, and every key has exactly
 * the tags, labels and generations the contract gives for its records.
 */
class ServingFuzzIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RECORDS = 5_000;

    @TempDir
    Path dir;

    @Test
    void fuzzedInputOnARealBrokerIsAccountedForAndTheAppKeepsRunning() throws Exception {
        long seed = FuzzSeed.get(20261201L);
        try {
            run(seed);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(FuzzSeed.describe(seed) + ": " + e.getMessage(), e);
        }
    }

    private void run(long seed) throws Exception {
        ServingSettings s = FaultTestTopics.create(Duration.ofMinutes(10), Duration.ofSeconds(1), 1000);
        Map<String, Object> client = SharedBroker.clientProperties();
        FaultTestTopics.publish(client, s, TestModels.bytes(TestModels.tokenModel(CellType.GRU, 8, 0, 1, seed)));
        TokenRecordFuzzer fuzzer = new TokenRecordFuzzer(new SplittableRandom(seed), 100, s);
        TokenContract contract = new TokenContract(s);
        Expected expected = new Expected();
        Set<KafkaStreams.State> states = ConcurrentHashMap.newKeySet();
        try (ServingApp app = new ServingApp(s, FaultTestTopics.streamsProperties(client,
                        SharedBroker.uniqueName("fuzz"), dir.resolve("state"), StreamsConfig.EXACTLY_ONCE_V2),
                ServingObserver.NONE);
                OutputCollector out = new OutputCollector(client,
                        List.of(s.tagsTopic(), s.labelsTopic(), s.generatedTopic(), s.dlqTopic()))) {
            app.start();
            awaitRunning(app);
            List<String> threads = threadNames(app);
            Thread watcher = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    states.add(app.streams().state());
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            watcher.setDaemon(true);
            watcher.start();
            produce(client, s, fuzzer, contract, expected);
            boolean complete = out.await(o -> o.count(s.tagsTopic()) >= expected.tags
                    && o.count(s.labelsTopic()) >= expected.labels && o.count(s.generatedTopic()) >= expected.generated
                    && o.count(s.dlqTopic()) >= expected.deadLetters.size(), Duration.ofSeconds(120));
            out.awaitQuiet(Duration.ofSeconds(3));
            watcher.interrupt();
            assertTrue(complete, "outputs incomplete: " + out.counts() + ", expected tags " + expected.tags
                    + " labels " + expected.labels + " generated " + expected.generated + " dlq "
                    + expected.deadLetters.size());
            assertEquals(KafkaStreams.State.RUNNING, app.streams().state());
            assertTrue(EnumSet.of(KafkaStreams.State.RUNNING).containsAll(states), "left RUNNING: " + states);
            assertEquals(threads, threadNames(app), "a stream thread died and was replaced");
            compare(expected, out.records(), s);
            System.out.println(FuzzSeed.describe(seed) + ": " + RECORDS + " records on a real broker, "
                    + out.counts());
        }
    }

    /** What the outputs must be, per key (base64 of its bytes) and per dead-lettered partition/offset. */
    private static final class Expected {
        final Map<String, Integer> outputs = new TreeMap<>();
        final Map<String, Integer> deadLetters = new TreeMap<>();
        int tags;
        int labels;
        int generated;
    }

    private static void produce(Map<String, Object> client, ServingSettings s, TokenRecordFuzzer fuzzer,
            TokenContract contract, Expected expected) throws Exception {
        Properties p = new Properties();
        p.putAll(client);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1 << 20);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        List<TokenContract.Outcome> outcomes = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                TokenRecordFuzzer.Input in = fuzzer.next();
                outcomes.add(contract.apply(in.key(), in.value(), 0));
                keys.add(in.key() == null ? "null" : Base64.getEncoder().encodeToString(in.key()));
                sent.add(producer.send(new ProducerRecord<>(s.tokensTopic(), in.key(), in.value())));
            }
            producer.flush();
        }
        for (int i = 0; i < RECORDS; i++) {
            TokenContract.Outcome o = outcomes.get(i);
            if (o.deadLetter()) {
                RecordMetadata m = sent.get(i).get();
                expected.deadLetters.merge(m.partition() + "@" + m.offset(), 1, Integer::sum);
                continue;
            }
            String key = keys.get(i);
            if (o.tags() > 0) {
                expected.outputs.merge("tag " + key + " i=" + o.tagPosition() + " " + o.token() + " " + o.id(), 1,
                        Integer::sum);
                expected.tags++;
            }
            if (o.labels() > 0) {
                expected.outputs.merge("label " + key + " tokens=" + o.labelTokens() + " " + o.id(), 1, Integer::sum);
                expected.labels++;
            }
            if (o.generated() > 0) {
                expected.outputs.merge("generated " + key + " " + o.id(), 1, Integer::sum);
                expected.generated++;
            }
        }
    }

    private static void compare(Expected expected, List<ConsumerRecord<byte[], byte[]>> records, ServingSettings s)
            throws Exception {
        Map<String, Integer> outputs = new TreeMap<>();
        Map<String, Integer> deadLetters = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String key = r.key() == null ? "null" : Base64.getEncoder().encodeToString(r.key());
            if (r.topic().equals(s.dlqTopic())) {
                deadLetters.merge(header(r, "source.partition") + "@" + header(r, "source.offset"), 1, Integer::sum);
                continue;
            }
            JsonNode v = JSON.readTree(r.value());
            if (r.topic().equals(s.tagsTopic())) {
                outputs.merge("tag " + key + " i=" + v.get("i").asInt() + " " + v.get("token").textValue() + " "
                        + v.get("id"), 1, Integer::sum);
            } else if (r.topic().equals(s.labelsTopic())) {
                outputs.merge("label " + key + " tokens=" + v.get("tokens").asInt() + " " + v.get("id"), 1,
                        Integer::sum);
            } else {
                outputs.merge("generated " + key + " " + v.get("id"), 1, Integer::sum);
            }
        }
        assertEquals(List.of(), ServingCrashRestoreTest.difference(expected.deadLetters, deadLetters),
                "bad records without a dead letter");
        assertEquals(List.of(), ServingCrashRestoreTest.difference(deadLetters, expected.deadLetters),
                "unexpected or repeated dead letters");
        assertEquals(List.of(), ServingCrashRestoreTest.difference(expected.outputs, outputs), "missing outputs");
        assertEquals(List.of(), ServingCrashRestoreTest.difference(outputs, expected.outputs), "unexpected outputs");
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? "none" : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static void awaitRunning(ServingApp app) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (app.streams().state() != KafkaStreams.State.RUNNING && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(KafkaStreams.State.RUNNING, app.streams().state());
    }

    private static List<String> threadNames(ServingApp app) {
        return app.streams().metadataForLocalThreads().stream().map(ThreadMetadata::threadName).sorted().toList();
    }
}
