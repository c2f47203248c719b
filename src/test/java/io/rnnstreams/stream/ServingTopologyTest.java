package io.rnnstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.Ensemble;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.nn.Predictor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ServingTopologyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> tokens;
    private TestInputTopic<String, byte[]> models;
    private TestOutputTopic<byte[], byte[]> tags;
    private TestOutputTopic<byte[], byte[]> labels;
    private TestOutputTopic<byte[], byte[]> generated;
    private TestOutputTopic<byte[], byte[]> dlq;
    private final CountingObserver observer = new CountingObserver();

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private void start(ServingSettings settings) {
        ModelRegistry registry = new ModelRegistry(settings.modelName(), settings.maxModelBytes(), observer);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ServingTopology.build(settings, registry, observer), p, T0);
        StringSerializer s = new StringSerializer();
        ByteArraySerializer b = new ByteArraySerializer();
        ByteArrayDeserializer d = new ByteArrayDeserializer();
        tokens = driver.createInputTopic(settings.tokensTopic(), s, b, T0, Duration.ZERO);
        models = driver.createInputTopic(settings.modelsTopic(), s, b, T0, Duration.ZERO);
        tags = driver.createOutputTopic(settings.tagsTopic(), d, d);
        labels = driver.createOutputTopic(settings.labelsTopic(), d, d);
        generated = driver.createOutputTopic(settings.generatedTopic(), d, d);
        dlq = driver.createOutputTopic(settings.dlqTopic(), d, d);
    }

    private void start() {
        start(ServingSettings.defaults().withIdleTimeout(Duration.ofMinutes(1)));
    }

    private void send(String key, String json) {
        tokens.pipeInput(key, json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode json(byte[] v) {
        try {
            return JSON.readTree(v);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String key(TestRecord<byte[], byte[]> r) {
        return new String(r.key(), StandardCharsets.UTF_8);
    }

    @Test
    void tagsEveryTokenAndLabelsOnEndExactlyAsThePredictor() {
        start();
        Model model = TestModels.tokenModel(CellType.GRU, 8, 0, 3, 1);
        models.pipeInput("default", TestModels.bytes(model));
        String[] words = {"the", "cat", "sat", "on", "the", "zebra"};
        for (int i = 0; i < words.length; i++) {
            send("s1", "{\"token\":\"" + words[i] + "\"" + (i == words.length - 1 ? ",\"end\":true" : "")
                    + ",\"id\":" + (100 + i) + "}");
        }
        Predictor.Prediction expected = new Predictor(new InferenceModel(model)).tokens(words, false);
        List<TestRecord<byte[], byte[]>> out = tags.readRecordsToList();
        assertEquals(words.length, out.size());
        for (int i = 0; i < words.length; i++) {
            JsonNode t = json(out.get(i).value());
            assertEquals("s1", key(out.get(i)));
            assertEquals(i, t.get("i").asInt());
            assertEquals(words[i], t.get("token").asText());
            assertEquals(model.config().tagClasses().get(expected.tags()[i]), t.get("tag").asText());
            assertEquals(expected.tagProbabilities()[i][expected.tags()[i]], t.get("p").floatValue(), 1e-6);
            assertEquals(3, t.get("model").asLong());
            assertEquals(100 + i, t.get("id").asInt(), "numeric id echoed as a number");
            assertTrue(t.get("id").isInt());
        }
        TestRecord<byte[], byte[]> l = labels.readRecord();
        JsonNode label = json(l.value());
        assertEquals(model.config().labelClasses().get(expected.label()), label.get("label").asText());
        assertEquals(expected.labelProbabilities()[expected.label()], label.get("p").floatValue(), 1e-6);
        assertEquals(6, label.get("tokens").asInt());
        assertEquals("end", label.get("reason").asText());
        assertEquals(105, label.get("id").asInt());
        assertTrue(labels.isEmpty());
        assertNull(driver.getKeyValueStore(ServingTopology.SEQUENCE_STORE).get(
                org.apache.kafka.common.utils.Bytes.wrap("s1".getBytes(StandardCharsets.UTF_8))), "state deleted on end");
        assertEquals(1, observer.completed.get("end").get());
        assertEquals(6, observer.tokens.get());
        assertTrue(dlq.isEmpty());
    }

    @Test
    void interleavedKeysKeepSeparateState() {
        start();
        Model model = TestModels.tokenModel(CellType.LSTM, 8, 0, 1, 2);
        models.pipeInput("default", TestModels.bytes(model));
        String[] a = {"the", "dog", "ran"};
        String[] b = {"a", "cat", "sat", "on", "mat"};
        for (int i = 0; i < 5; i++) {
            if (i < a.length) {
                send("a", "{\"token\":\"" + a[i] + "\"" + (i == a.length - 1 ? ",\"end\":true" : "") + "}");
            }
            send("b", "{\"token\":\"" + b[i] + "\"" + (i == b.length - 1 ? ",\"end\":true" : "") + "}");
        }
        Predictor predictor = new Predictor(new InferenceModel(model));
        Map<String, Predictor.Prediction> expected = Map.of("a", predictor.tokens(a, false), "b", predictor.tokens(b, false));
        Map<String, List<String>> seen = new java.util.HashMap<>();
        for (TestRecord<byte[], byte[]> r : tags.readRecordsToList()) {
            seen.computeIfAbsent(key(r), k -> new ArrayList<>()).add(json(r.value()).get("tag").asText());
        }
        for (String k : List.of("a", "b")) {
            List<String> want = new ArrayList<>();
            for (int t : expected.get(k).tags()) {
                want.add(model.config().tagClasses().get(t));
            }
            assertEquals(want, seen.get(k), "tags of " + k);
        }
        assertEquals(2, labels.readRecordsToList().size());
    }

    @Test
    void lookAheadEmitsEachTagDStepsLateAndFlushesOnEnd() {
        start();
        Model model = TestModels.tokenModel(CellType.GRU, 8, 2, 1, 4);
        models.pipeInput("default", TestModels.bytes(model));
        String[] words = {"the", "cat", "sat", "on", "mat"};
        Predictor.Prediction expected = new Predictor(new InferenceModel(model)).tokens(words, false);
        send("k", "{\"token\":\"the\",\"id\":\"w0\"}");
        send("k", "{\"token\":\"cat\",\"id\":\"w1\"}");
        assertTrue(tags.isEmpty(), "no tag before D tokens have followed");
        send("k", "{\"token\":\"sat\"}");
        JsonNode first = json(tags.readRecord().value());
        assertEquals(0, first.get("i").asInt());
        assertEquals("the", first.get("token").asText());
        assertEquals("w0", first.get("id").asText(), "the tag echoes its own token's id");
        send("k", "{\"token\":\"on\"}");
        send("k", "{\"token\":\"mat\",\"end\":true}");
        List<TestRecord<byte[], byte[]>> rest = tags.readRecordsToList();
        assertEquals(4, rest.size());
        for (int i = 0; i < 4; i++) {
            JsonNode t = json(rest.get(i).value());
            assertEquals(i + 1, t.get("i").asInt());
            assertEquals(words[i + 1], t.get("token").asText());
            assertEquals(model.config().tagClasses().get(expected.tags()[i + 1]), t.get("tag").asText());
            assertEquals(expected.tagProbabilities()[i + 1][expected.tags()[i + 1]], t.get("p").floatValue(), 1e-6);
        }
        JsonNode label = json(labels.readRecord().value());
        assertEquals(expected.labelProbabilities()[expected.label()], label.get("p").floatValue(), 1e-6);
        assertEquals(5, label.get("tokens").asInt());
    }

    @Test
    void anEnsembleServesItsMeanDistributionWithLookAheadAndReplacesASingleModelsState() {
        start();
        models.pipeInput("default", TestModels.bytes(TestModels.tokenModel(CellType.GRU, 8, 1, 1, 20)));
        send("k", "{\"token\":\"a\"}");
        send("k", "{\"token\":\"dog\"}");
        tags.readRecordsToList();
        Ensemble ensemble = Ensemble.averaging(List.of(TestModels.tokenModel(CellType.GRU, 8, 1, 1, 21),
                TestModels.tokenModel(CellType.GRU, 8, 1, 1, 22), TestModels.tokenModel(CellType.GRU, 8, 1, 1, 23)))
                .withMetadata(ModelFile.VERSION, "2");
        byte[] file = ModelFile.write(ensemble);
        models.pipeInput("default", file);
        // The single model's 8-float state cannot continue as the ensemble's 24: the sequence starts over.
        String[] words = {"the", "cat", "sat", "on", "mat"};
        for (int i = 0; i < words.length; i++) {
            send("k", "{\"token\":\"" + words[i] + "\"" + (i == words.length - 1 ? ",\"end\":true" : "") + "}");
        }
        Predictor.Prediction expected = new Predictor(new InferenceModel(ModelFile.readEnsemble(file))).tokens(words, false);
        List<TestRecord<byte[], byte[]>> out = tags.readRecordsToList();
        assertEquals(words.length, out.size());
        for (int i = 0; i < words.length; i++) {
            JsonNode t = json(out.get(i).value());
            assertEquals(i, t.get("i").asInt());
            assertEquals(ensemble.config().tagClasses().get(expected.tags()[i]), t.get("tag").asText());
            assertEquals(expected.tagProbabilities()[i][expected.tags()[i]], t.get("p").floatValue(), 1e-6);
            assertEquals(2, t.get("model").asLong());
        }
        JsonNode label = json(labels.readRecord().value());
        assertEquals(ensemble.config().labelClasses().get(expected.label()), label.get("label").asText());
        assertEquals(expected.labelProbabilities()[expected.label()], label.get("p").floatValue(), 1e-6);
        assertEquals(1, observer.resets.get());
        assertTrue(dlq.isEmpty());
    }

    @Test
    void shortSequenceWithLookAheadStillTagsEveryToken() {
        start();
        models.pipeInput("default", TestModels.bytes(TestModels.tokenModel(CellType.RNN, 8, 3, 1, 5)));
        send("k", "{\"token\":\"the\"}");
        send("k", "{\"token\":\"cat\",\"end\":true}");
        List<TestRecord<byte[], byte[]>> out = tags.readRecordsToList();
        assertEquals(2, out.size());
        assertEquals("the", json(out.get(0).value()).get("token").asText());
        assertEquals(1, json(out.get(1).value()).get("i").asInt());
    }

    @Test
    void idleSequencesGetTheirLabelAfterTheTimeout() {
        start(ServingSettings.defaults().withIdleTimeout(Duration.ofSeconds(30)));
        models.pipeInput("default", TestModels.bytes(TestModels.tokenModel(CellType.GRU, 8, 0, 1, 6)));
        send("old", "{\"token\":\"the\"}");
        send("old", "{\"token\":\"cat\"}");
        driver.advanceWallClockTime(Duration.ofSeconds(20));
        send("young", "{\"token\":\"a\"}");
        driver.advanceWallClockTime(Duration.ofSeconds(15));
        List<TestRecord<byte[], byte[]>> out = labels.readRecordsToList();
        assertEquals(1, out.size());
        assertEquals("old", key(out.get(0)));
        assertEquals("idle", json(out.get(0).value()).get("reason").asText());
        assertEquals(2, json(out.get(0).value()).get("tokens").asInt());
        driver.advanceWallClockTime(Duration.ofSeconds(20));
        out = labels.readRecordsToList();
        assertEquals(1, out.size());
        assertEquals("young", key(out.get(0)));
        assertEquals(2, observer.completed.get("idle").get());
    }

    @Test
    void idleSweepWorkIsBoundedPerPunctuation() {
        ServingSettings d = ServingSettings.defaults();
        start(new ServingSettings(d.tokensTopic(), d.tagsTopic(), d.labelsTopic(), d.generatedTopic(), d.dlqTopic(),
                d.modelsTopic(), d.modelName(), d.maxModelBytes(), false, false, Duration.ofSeconds(10),
                Duration.ofSeconds(1), 7, d.maxTokenChars(), d.maxInputBytes(), d.maxGenerate()));
        models.pipeInput("default", TestModels.bytes(TestModels.tokenModel(CellType.GRU, 8, 0, 1, 6)));
        for (int i = 0; i < 50; i++) {
            send("k" + i, "{\"token\":\"the\"}");
        }
        driver.advanceWallClockTime(Duration.ofSeconds(11));
        assertEquals(7, labels.readRecordsToList().size(), "one punctuation examines at most 7 keys");
        for (int i = 0; i < 10; i++) {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
        }
        assertEquals(43, labels.readRecordsToList().size(), "later sweeps continue from the cursor");
    }

    @Test
    void resetForgetsTheSequence() {
        start();
        Model model = TestModels.tokenModel(CellType.GRU, 8, 0, 1, 7);
        models.pipeInput("default", TestModels.bytes(model));
        send("k", "{\"token\":\"dog\"}");
        send("k", "{\"token\":\"ran\"}");
        send("k", "{\"reset\":true}");
        send("k", "{\"token\":\"the\",\"end\":true}");
        List<TestRecord<byte[], byte[]>> out = tags.readRecordsToList();
        JsonNode last = json(out.get(2).value());
        assertEquals(0, last.get("i").asInt(), "position starts again after a reset");
        Predictor.Prediction fresh = new Predictor(new InferenceModel(model)).tokens(new String[] {"the"}, false);
        assertEquals(fresh.labelProbabilities()[fresh.label()], json(labels.readRecord().value()).get("p").floatValue(), 1e-6);
    }

    @Test
    void resetStillTagsTheTokensWaitingForTheirLookAhead() {
        start();
        Model model = TestModels.tokenModel(CellType.GRU, 8, 2, 1, 8);
        models.pipeInput("default", TestModels.bytes(model));
        String[] words = {"dog", "ran", "far"};
        for (int i = 0; i < words.length; i++) {
            send("k", "{\"token\":\"" + words[i] + "\",\"id\":\"w" + i + "\"}");
        }
        assertEquals(1, tags.readRecordsToList().size(), "with D = 2 only the first tag is out");
        send("k", "{\"reset\":true}");
        Predictor.Prediction expected = new Predictor(new InferenceModel(model)).tokens(words, false);
        List<TestRecord<byte[], byte[]>> flushed = tags.readRecordsToList();
        assertEquals(2, flushed.size(), "the two pending tokens are tagged, as at an end");
        for (int i = 1; i < words.length; i++) {
            JsonNode t = json(flushed.get(i - 1).value());
            assertEquals(i, t.get("i").asInt());
            assertEquals("w" + i, t.get("id").asText());
            assertEquals(expected.tagProbabilities()[i][expected.tags()[i]], t.get("p").floatValue(), 1e-6);
        }
        assertTrue(labels.isEmpty(), "a reset sequence gets no label");
        send("k", "{\"token\":\"the\",\"end\":true}");
        assertEquals(0, json(tags.readRecord().value()).get("i").asInt(), "the next sequence starts at 0");
        assertEquals(1, labels.readRecordsToList().size());
    }

    @Test
    void generatesFromTheCurrentStateWithoutChangingIt() {
        start();
        Model model = TestModels.tokenModel(CellType.GRU, 8, 0, 1, 8);
        models.pipeInput("default", TestModels.bytes(model));
        send("k", "{\"token\":\"the\"}");
        send("k", "{\"generate\":5,\"id\":\"g1\"}");
        send("k", "{\"generate\":4,\"temperature\":1.0,\"top_k\":3,\"seed\":42}");
        send("k", "{\"generate\":4,\"temperature\":1.0,\"top_k\":3,\"seed\":42}");
        send("k", "{\"generate\":3,\"token\":\"dog\"}");
        send("k", "{\"token\":\"cat\",\"end\":true}");
        List<TestRecord<byte[], byte[]>> out = generated.readRecordsToList();
        assertEquals(4, out.size());
        JsonNode greedy = json(out.get(0).value());
        assertTrue(greedy.get("tokens").size() <= 5);
        assertEquals(greedy.get("tokens").size(), greedy.get("p").size());
        assertEquals("g1", greedy.get("id").asText());
        InferenceModel im = new InferenceModel(model);
        float[] state = new float[im.stateSize()];
        im.step(state, "the", im.workspace(null));
        io.rnnstreams.nn.Generator.Generated want = io.rnnstreams.nn.Generator.generate(im, state, 5, 0, 0,
                new java.util.SplittableRandom(1), im.workspace(null));
        List<String> got = new ArrayList<>();
        greedy.get("tokens").forEach(n -> got.add(n.asText()));
        assertEquals(want.tokens(), got);
        assertEquals(json(out.get(1).value()), json(out.get(2).value()), "same seed, same sample");
        assertEquals(2, tags.readRecordsToList().size(), "generation adds no tokens to the sequence");
        Predictor.Prediction p = new Predictor(im).tokens(new String[] {"the", "cat"}, false);
        assertEquals(p.labelProbabilities()[p.label()], json(labels.readRecord().value()).get("p").floatValue(), 1e-6);
    }

    @Test
    void compatibleModelSwapContinuesTheSequenceIncompatibleResetsIt() {
        start();
        Model v1 = TestModels.tokenModel(CellType.GRU, 8, 0, 1, 9);
        Model v2 = TestModels.tokenModel(CellType.GRU, 8, 0, 2, 10);
        Model v3 = TestModels.tokenModel(CellType.LSTM, 8, 0, 3, 11);
        models.pipeInput("default", TestModels.bytes(v1));
        send("k", "{\"token\":\"the\"}");
        send("k", "{\"token\":\"cat\"}");
        models.pipeInput("default", TestModels.bytes(v2));
        send("k", "{\"token\":\"sat\"}");
        // Carrying on means v2 runs from v1's state after two tokens.
        InferenceModel i1 = new InferenceModel(v1);
        InferenceModel i2 = new InferenceModel(v2);
        float[] s = new float[i1.stateSize()];
        i1.step(s, "the", i1.workspace(null));
        i1.step(s, "cat", i1.workspace(null));
        i2.step(s, "sat", i2.workspace(null));
        float[] p = i2.tagProbabilities(s, i2.workspace(null));
        List<TestRecord<byte[], byte[]>> out = tags.readRecordsToList();
        JsonNode third = json(out.get(2).value());
        assertEquals(2, third.get("model").asLong());
        assertEquals(2, third.get("i").asInt());
        assertEquals(p[Predictor.argmax(p)], third.get("p").floatValue(), 1e-6);
        assertEquals(0, observer.resets.get());

        models.pipeInput("default", TestModels.bytes(v3));
        send("k", "{\"token\":\"on\"}");
        JsonNode fourth = json(tags.readRecord().value());
        assertEquals(3, fourth.get("model").asLong());
        assertEquals(0, fourth.get("i").asInt(), "an incompatible state starts over");
        assertEquals(1, observer.resets.get());
        assertEquals(2, observer.swaps.get());
    }

    /** Each way a model's state can stop fitting the stored one: cell, layers, width, delay. */
    static List<Model> incompatibleSuccessors() {
        return List.of(TestModels.tokenModel(CellType.LSTM, 2, 8, 0, 2, 12),
                TestModels.tokenModel(CellType.GRU, 1, 8, 0, 2, 12),
                TestModels.tokenModel(CellType.GRU, 2, 12, 0, 2, 12),
                TestModels.tokenModel(CellType.GRU, 2, 8, 1, 2, 12));
    }

    @ParameterizedTest
    @MethodSource("incompatibleSuccessors")
    void aStateTheNewModelCannotReadStartsOver(Model v2) {
        start();
        models.pipeInput("default", TestModels.bytes(TestModels.tokenModel(CellType.GRU, 2, 8, 0, 1, 9)));
        send("k", "{\"token\":\"the\"}");
        send("k", "{\"token\":\"cat\"}");
        tags.readRecordsToList();
        models.pipeInput("default", TestModels.bytes(v2));
        send("k", "{\"token\":\"sat\",\"end\":true}");
        // Its only tag is position 0 of a fresh sequence, equal to what v2 says about "sat" alone.
        List<TestRecord<byte[], byte[]>> out = tags.readRecordsToList();
        assertEquals(1, out.size());
        JsonNode tag = json(out.get(0).value());
        assertEquals(0, tag.get("i").asInt());
        assertEquals(2, tag.get("model").asLong());
        Predictor.Prediction alone = new Predictor(new InferenceModel(v2)).tokens(new String[] {"sat"}, false);
        assertEquals(alone.tagProbabilities()[0][alone.tags()[0]], tag.get("p").floatValue(), 1e-6);
        assertEquals(1, observer.resets.get());
    }

    @Test
    void badModelsAreRejectedAndTheCurrentOneStays() {
        start();
        models.pipeInput("default", TestModels.bytes(TestModels.tokenModel(CellType.GRU, 8, 0, 5, 12)));
        byte[] good = TestModels.bytes(TestModels.tokenModel(CellType.GRU, 8, 0, 6, 13));
        models.pipeInput("default", java.util.Arrays.copyOf(good, good.length / 2));
        models.pipeInput("default", "garbage".getBytes(StandardCharsets.UTF_8));
        models.pipeInput("default", TestModels.bytes(TestModels.tokenModel(CellType.GRU, 8, 0, 4, 14)));
        models.pipeInput("other-model", good);
        send("k", "{\"token\":\"the\"}");
        assertEquals(5, json(tags.readRecord().value()).get("model").asLong());
        assertEquals(3, observer.rejected.get());
    }

    @Test
    void everyBadInputGoesToTheDeadLetterTopicUnchangedWithItsReason() {
        start();
        send("k", "{\"token\":\"early\"}");
        models.pipeInput("default", TestModels.bytes(TestModels.tokenModel(CellType.GRU, 8, 0, 1, 15)));
        String longToken = "x".repeat(257);
        Object[][] cases = {
                {"k", "{\"token\":\"early\"}", "no model"},
                {"k", "{not json", "malformed json"},
                {"k", "[1,2,3]", "not a json object"},
                {"k", "{\"token\":5}", "wrong field type"},
                {"k", "{\"end\":\"yes\"}", "wrong field type"},
                {"k", "{}", "missing token"},
                {"k", "{\"id\":\"only\"}", "missing token"},
                {"k", "{\"token\":\"" + longToken + "\"}", "token too long"},
                {"k", "{\"token\":\"\"}", "empty token"},
                {"k", "{\"x\":[1.0,2.0]}", "model reads tokens"},
                {"k", "{\"token\":\"a\",\"x\":[1]}", "token and x both given"},
                {"k", "{\"x\":[1e400]}", "non-finite value"},
                {"k", "{\"x\":[NaN]}", "malformed json"},
                {"k", "{\"token\":\"a\",\"token\":\"b\"}", "malformed json"},
                {"k", "{\"generate\":0}", "bad generate"},
                {"k", "{\"generate\":100000}", "bad generate"},
                {"", "{\"token\":\"a\"}", "missing key"},
                {null, "{\"token\":\"a\"}", "missing key"},
                {"k", null, "null value"},
                {"k", "{\"token\":\"a\"} trailing", "malformed json"},
                {"k", "{\"token\":\"\\ud800\"}", "malformed json"},
                {"k", "{\"token\":\"a\",\"id\":\"x\\udc00\"}", "malformed json"},
        };
        for (int i = 1; i < cases.length; i++) {
            Object[] c = cases[i];
            tokens.pipeInput((String) c[0], c[1] == null ? null : ((String) c[1]).getBytes(StandardCharsets.UTF_8));
        }
        byte[] invalidUtf8 = {'{', '"', 't', 'o', 'k', 'e', 'n', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        tokens.pipeInput("k", invalidUtf8);
        byte[] utf16 = "{\"token\":\"a\"}".getBytes(StandardCharsets.UTF_16LE);
        tokens.pipeInput("k", utf16);
        List<TestRecord<byte[], byte[]>> out = dlq.readRecordsToList();
        assertEquals(cases.length + 2, out.size());
        for (int i = 0; i < cases.length; i++) {
            TestRecord<byte[], byte[]> r = out.get(i);
            Headers h = r.headers();
            assertEquals(cases[i][2], header(h, "error"), "case " + i + ": " + cases[i][1]);
            assertEquals("tokens", header(h, "source.topic"));
            assertEquals("0", header(h, "source.partition"));
            assertEquals(Integer.toString(i), header(h, "source.offset"));
            byte[] original = cases[i][1] == null ? null : ((String) cases[i][1]).getBytes(StandardCharsets.UTF_8);
            assertTrue(java.util.Arrays.equals(original, r.value()), "value unchanged in case " + i);
        }
        assertEquals("malformed json", header(out.get(cases.length).headers(), "error"));
        assertTrue(java.util.Arrays.equals(invalidUtf8, out.get(cases.length).value()));
        assertEquals("malformed json", header(out.get(cases.length + 1).headers(), "error"), "UTF-16 is not UTF-8");
        assertTrue(tags.isEmpty());
        assertEquals(cases.length + 2, observer.dlq.get());
    }

    @Test
    void vectorModelsTakeXAndCheckTheWidth() {
        start();
        Model model = TestModels.vectorModel(3, 1);
        models.pipeInput("default", TestModels.bytes(model));
        send("s", "{\"x\":[0.5,-1,2]}");
        send("s", "{\"x\":[0.1,0.2,0.3],\"end\":true}");
        send("s", "{\"x\":[1,2]}");
        send("s", "{\"token\":\"the\"}");
        List<TestRecord<byte[], byte[]>> out = tags.readRecordsToList();
        assertEquals(2, out.size());
        assertTrue(json(out.get(0).value()).get("token") == null, "vector steps have no token field");
        Predictor.Prediction p = new Predictor(new InferenceModel(model))
                .vectors(new float[][] {{0.5f, -1f, 2f}, {0.1f, 0.2f, 0.3f}}, false);
        assertEquals(p.labelProbabilities()[p.label()], json(labels.readRecord().value()).get("p").floatValue(), 1e-6);
        List<TestRecord<byte[], byte[]>> bad = dlq.readRecordsToList();
        assertEquals("wrong vector width", header(bad.get(0).headers(), "error"));
        assertEquals("model reads vectors", header(bad.get(1).headers(), "error"));
    }

    @Test
    void compactFloat16StateStaysCloseToFloat32() {
        start(ServingSettings.defaults().withStore(true, true));
        Model model = TestModels.tokenModel(CellType.LSTM, 16, 0, 1, 16);
        models.pipeInput("default", TestModels.bytes(model));
        String[] words = {"the", "cat", "sat", "on", "the", "mat", "a", "dog", "ran"};
        for (int i = 0; i < words.length; i++) {
            send("k", "{\"token\":\"" + words[i] + "\"" + (i == words.length - 1 ? ",\"end\":true" : "") + "}");
        }
        Predictor.Prediction exact = new Predictor(new InferenceModel(model)).tokens(words, false);
        List<TestRecord<byte[], byte[]>> out = tags.readRecordsToList();
        for (int i = 0; i < words.length; i++) {
            JsonNode t = json(out.get(i).value());
            int k = model.config().tagClasses().indexOf(t.get("tag").asText());
            assertEquals(exact.tagProbabilities()[i][k], t.get("p").floatValue(), 2e-3, "step " + i);
        }
    }

    private static String header(Headers h, String name) {
        return h.lastHeader(name) == null ? null : new String(h.lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    /** Counts what the topology reports. */
    static final class CountingObserver implements ServingObserver {
        final AtomicInteger tokens = new AtomicInteger();
        final AtomicInteger dlq = new AtomicInteger();
        final AtomicInteger swaps = new AtomicInteger();
        final AtomicInteger resets = new AtomicInteger();
        final AtomicInteger rejected = new AtomicInteger();
        final Map<String, AtomicInteger> completed = new ConcurrentHashMap<>();

        @Override
        public void tokenProcessed(long latencyNanos) {
            tokens.incrementAndGet();
        }

        @Override
        public void sequenceCompleted(String reason) {
            completed.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void deadLettered(String reason) {
            dlq.incrementAndGet();
        }

        @Override
        public void modelLoaded(long version) {}

        @Override
        public void modelSwapped() {
            swaps.incrementAndGet();
        }

        @Override
        public void modelRejected(String reason) {
            rejected.incrementAndGet();
        }

        @Override
        public void stateReset() {
            resets.incrementAndGet();
        }

        @Override
        public void tokensGenerated(int count) {}
    }
}
