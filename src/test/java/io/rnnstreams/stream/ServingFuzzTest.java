package io.rnnstreams.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rnnstreams.nn.CellType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives 100,000 generated and mutated records ({@link TokenRecordFuzzer}) through the serving
 * topology, with idle sweeps in between, and checks each one against {@link TokenContract}: no
 * exception escapes, and every record is accounted for exactly once, either by its normal
 * outputs (tag with the right position, label with the right length, generation, nothing for a
 * reset) or by exactly one dead letter carrying its offset, unchanged.
 */
class ServingFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int RECORDS = Integer.getInteger("rnnstreams.fuzz.records", 100_000);
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SWEEP_EVERY = Duration.ofSeconds(20);
    private static final int RECORDS_PER_SWEEP = 2_000;

    @TempDir
    Path stateDir;

    @Test
    void everyRecordIsAccountedForExactlyOnce() {
        long seed = FuzzSeed.get(20261130L);
        try {
            run(seed);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(FuzzSeed.describe(seed) + ": " + e.getMessage(), e);
        }
    }

    private void run(long seed) {
        ServingSettings d = ServingSettings.defaults();
        ServingSettings settings = new ServingSettings(d.tokensTopic(), d.tagsTopic(), d.labelsTopic(),
                d.generatedTopic(), d.dlqTopic(), d.modelsTopic(), d.modelName(), d.maxModelBytes(), false, false,
                IDLE_TIMEOUT, Duration.ofSeconds(1), Integer.MAX_VALUE, d.maxTokenChars(), d.maxInputBytes(),
                d.maxGenerate());
        ModelRegistry registry = new ModelRegistry(settings.modelName(), settings.maxModelBytes(), ServingObserver.NONE);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "fuzz");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(
                ServingTopology.build(settings, registry, ServingObserver.NONE), p, T0)) {
            ByteArraySerializer b = new ByteArraySerializer();
            ByteArrayDeserializer bd = new ByteArrayDeserializer();
            driver.createInputTopic(settings.modelsTopic(), new StringSerializer(), b)
                    .pipeInput("default", TestModels.bytes(TestModels.tokenModel(CellType.GRU, 8, 0, 1, seed)));
            TestInputTopic<byte[], byte[]> tokens = driver.createInputTopic(settings.tokensTopic(), b, b);
            Outputs out = new Outputs(driver.createOutputTopic(settings.tagsTopic(), bd, bd),
                    driver.createOutputTopic(settings.labelsTopic(), bd, bd),
                    driver.createOutputTopic(settings.generatedTopic(), bd, bd),
                    driver.createOutputTopic(settings.dlqTopic(), bd, bd));
            TokenRecordFuzzer fuzzer = new TokenRecordFuzzer(new SplittableRandom(seed), 300, settings);
            TokenContract contract = new TokenContract(settings);
            Map<String, Integer> counts = new TreeMap<>();
            long now = T0.toEpochMilli();
            for (int i = 0; i < RECORDS; i++) {
                TokenRecordFuzzer.Input in = fuzzer.next();
                TokenContract.Outcome want = contract.apply(in.key(), in.value(), now);
                Where where = new Where(i, in);
                try {
                    tokens.pipeInput(in.key(), in.value());
                } catch (RuntimeException e) {
                    throw new AssertionError("an exception escaped the topology on " + where, e);
                }
                out.check(in, want, i, where, counts);
                if (i % RECORDS_PER_SWEEP == RECORDS_PER_SWEEP - 1) {
                    driver.advanceWallClockTime(SWEEP_EVERY);
                    now += SWEEP_EVERY.toMillis();
                    out.checkIdle(contract.expire(now, IDLE_TIMEOUT.toMillis()), counts);
                }
            }
            System.out.println(FuzzSeed.describe(seed) + ": " + RECORDS + " records, outcomes " + counts);
            // The generator must keep reaching every kind of outcome, or this test proves little.
            for (String kind : List.of("tag", "label end", "label idle", "generated", "reset or no-op",
                    "dlq malformed json", "dlq missing key", "dlq null value", "dlq record too large",
                    "dlq wrong field type", "dlq token too long", "dlq model reads tokens")) {
                assertTrue(counts.getOrDefault(kind, 0) >= RECORDS / 1000, kind + " too rare: " + counts);
            }
        }
    }

    /** Names a record in a failure message; built only when one is needed. */
    private record Where(long index, TokenRecordFuzzer.Input in) {
        @Override
        public String toString() {
            return "record " + index + " key " + FuzzSeed.show(in.key()) + " value " + FuzzSeed.show(in.value());
        }
    }

    /** The four output topics, read after every record so each output is attributed to it. */
    private record Outputs(TestOutputTopic<byte[], byte[]> tags, TestOutputTopic<byte[], byte[]> labels,
            TestOutputTopic<byte[], byte[]> generated, TestOutputTopic<byte[], byte[]> dlq) {

        void check(TokenRecordFuzzer.Input in, TokenContract.Outcome want, long offset, Where where,
                Map<String, Integer> counts) {
            List<TestRecord<byte[], byte[]>> t = tags.readRecordsToList();
            List<TestRecord<byte[], byte[]>> l = labels.readRecordsToList();
            List<TestRecord<byte[], byte[]>> g = generated.readRecordsToList();
            List<TestRecord<byte[], byte[]>> d = dlq.readRecordsToList();
            Supplier<String> got = () -> " got tags=" + t.size() + " labels=" + l.size() + " generated=" + g.size()
                    + " dlq=" + d.size() + (d.isEmpty() ? "" : " (" + header(d.get(0), "error") + ")");
            if (want.deadLetter()) {
                assertTrue(d.size() == 1 && t.isEmpty() && l.isEmpty() && g.isEmpty(),
                        () -> "expected exactly one dead letter for " + where + got.get());
                TestRecord<byte[], byte[]> r = d.get(0);
                assertArrayEquals(in.key(), r.key(), () -> "dead letter key of " + where);
                assertArrayEquals(in.value(), r.value(), () -> "dead letter value of " + where);
                assertEquals("tokens", header(r, "source.topic"), where::toString);
                assertEquals("0", header(r, "source.partition"), where::toString);
                assertEquals(Long.toString(offset), header(r, "source.offset"), where::toString);
                String reason = header(r, "error");
                assertNotNull(reason, () -> "dead letter without a reason: " + where);
                counts.merge("dlq " + reason, 1, Integer::sum);
                return;
            }
            assertTrue(d.isEmpty() && t.size() == want.tags() && l.size() == want.labels()
                            && g.size() == want.generated(),
                    () -> "expected tags=" + want.tags() + " labels=" + want.labels() + " generated="
                            + want.generated() + " for " + where + got.get());
            for (TestRecord<byte[], byte[]> r : t) {
                assertArrayEquals(in.key(), r.key(), where::toString);
                JsonNode tag = json(r.value(), where::toString);
                assertEquals(want.tagPosition(), tag.get("i").asInt(), () -> "tag position of " + where);
                assertEquals(want.token(), tag.get("token").textValue(), () -> "tag token of " + where);
                assertEquals(want.id(), tag.get("id"), () -> "tag id of " + where);
                counts.merge("tag", 1, Integer::sum);
            }
            for (TestRecord<byte[], byte[]> r : l) {
                assertArrayEquals(in.key(), r.key(), where::toString);
                JsonNode label = json(r.value(), where::toString);
                assertEquals(want.labelTokens(), label.get("tokens").asInt(), () -> "label length of " + where);
                assertEquals("end", label.get("reason").asText(), where::toString);
                assertEquals(want.id(), label.get("id"), () -> "label id of " + where);
                counts.merge("label end", 1, Integer::sum);
            }
            for (TestRecord<byte[], byte[]> r : g) {
                assertArrayEquals(in.key(), r.key(), where::toString);
                JsonNode gen = json(r.value(), where::toString);
                assertTrue(gen.get("tokens").size() <= want.generate(), () -> "generated too many for " + where);
                assertEquals(gen.get("tokens").size(), gen.get("p").size(), where::toString);
                assertEquals(want.id(), gen.get("id"), () -> "generation id of " + where);
                counts.merge("generated", 1, Integer::sum);
            }
            if (t.isEmpty() && l.isEmpty() && g.isEmpty()) {
                counts.merge("reset or no-op", 1, Integer::sum);
            }
        }

        void checkIdle(Map<ByteBuffer, Integer> expired, Map<String, Integer> counts) {
            Map<ByteBuffer, Integer> got = new HashMap<>();
            for (TestRecord<byte[], byte[]> r : labels.readRecordsToList()) {
                JsonNode label = json(r.value(), () -> "idle label");
                assertEquals("idle", label.get("reason").asText());
                Integer before = got.put(ByteBuffer.wrap(r.key()), label.get("tokens").asInt());
                assertEquals(null, before, "two idle labels for " + FuzzSeed.show(r.key()));
                counts.merge("label idle", 1, Integer::sum);
            }
            assertEquals(expired, got, "idle labels (key -> tokens)");
            assertTrue(tags.isEmpty() && generated.isEmpty() && dlq.isEmpty(), "the sweep emits labels only");
        }

        private static JsonNode json(byte[] value, Supplier<String> where) {
            try {
                return JSON.readTree(value);
            } catch (Exception e) {
                throw new AssertionError("output is not JSON for " + where.get() + ": " + FuzzSeed.show(value), e);
            }
        }

        private static String header(TestRecord<byte[], byte[]> r, String name) {
            Header h = r.headers().lastHeader(name);
            return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    }
}
