package io.rnnstreams.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rnnstreams.data.Example;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.nn.Param;
import io.rnnstreams.nn.Predictor;
import io.rnnstreams.nn.StepWorkspace;
import io.rnnstreams.nn.TokenFeature;
import io.rnnstreams.nn.Vocabulary;
import io.rnnstreams.stream.ModelRegistry;
import io.rnnstreams.stream.ServingObserver;
import io.rnnstreams.stream.ServingSettings;
import io.rnnstreams.stream.ServingTopology;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyGrowthTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path stateDir;

    private static Model model(CellType cell) {
        ModelConfig config = ModelConfig.builder().cell(cell).hidden(8).embed(4).unknownBuckets(4)
                .features(EnumSet.of(TokenFeature.SUFFIX), 8)
                .tagClasses(List.of("DET", "NOUN", "VERB")).labelClasses(List.of("a", "b")).nextHead(true).build();
        Model m = Model.create(config, Vocabulary.of(List.of("the", "dog")), new SplittableRandom(4));
        m.putMetadata(ModelFile.VERSION, "1");
        return m;
    }

    private static List<Example> window(String... tokens) {
        return List.of(Example.tokens(tokens, null, "a"));
    }

    @Test
    void newWordsStartFromTheirBucketRowSoPredictionsDoNotChange() {
        Model old = model(CellType.LSTM);
        Model grown = VocabularyGrowth.grow(old, window("the", "cat", "runs", "cat", "the"), 100);
        assertEquals(List.of("<eos>", "<unk>", "the", "dog", "cat", "runs"), grown.vocabulary().tokens(),
                "new words appended, most frequent first; old ids unchanged");
        assertEquals(old.config(), grown.config(), "H, cell, layers and heads unchanged");

        String[] sequence = {"the", "cat", "runs", "zebra", "dog"};
        Predictor.Prediction before = new Predictor(new InferenceModel(old)).tokens(sequence, false);
        Predictor.Prediction after = new Predictor(new InferenceModel(grown)).tokens(sequence, false);
        for (int i = 0; i < sequence.length; i++) {
            assertArrayEquals(before.tagProbabilities()[i], after.tagProbabilities()[i], "tags of " + sequence[i]);
        }
        assertArrayEquals(before.labelProbabilities(), after.labelProbabilities());

        int width = 4;
        double[] oldRows = old.param(Model.EMBEDDING).values();
        double[] newRows = grown.param(Model.EMBEDDING).values();
        for (int b = 0; b < 4; b++) {
            for (int j = 0; j < width; j++) {
                assertEquals(oldRows[(4 + b) * width + j], newRows[(6 + b) * width + j], "bucket rows moved down");
            }
        }
        Param next = grown.param("next.weight");
        assertEquals(6, next.shape()[0]);
        for (int j = 0; j < 8; j++) {
            assertEquals(next.values()[Vocabulary.UNK * 8 + j], next.values()[5 * 8 + j], "a new class starts as <unk>");
        }
    }

    @Test
    void growthStopsAtTheLimitAndKeepsTheModelWhenNothingIsNew() {
        Model old = model(CellType.GRU);
        Model capped = VocabularyGrowth.grow(old, window("cat", "runs", "runs"), 5);
        assertEquals(List.of("<eos>", "<unk>", "the", "dog", "runs"), capped.vocabulary().tokens());
        assertSame(old, VocabularyGrowth.grow(old, window("the", "dog"), 100));
        assertSame(old, VocabularyGrowth.grow(old, window("cat"), 4));
    }

    /**
     * A sequence half-way through under version 1 continues under the grown and further trained
     * version 2 from the state version 1 left: no reset, positions continue, and every later tag
     * is exactly version 2 stepping on from that state.
     */
    @Test
    void aServingStateFromVersionNContinuesUnderTheGrownVersion() throws Exception {
        Model v1 = model(CellType.GRU);
        Model v2 = VocabularyGrowth.grow(v1, window("cat", "runs"), 100);
        SplittableRandom noise = new SplittableRandom(9);
        for (Param p : v2.params()) {
            double[] v = p.values();
            for (int i = 0; i < v.length; i++) {
                v[i] += 0.05 * noise.nextGaussian();
            }
        }
        v2.putMetadata(ModelFile.VERSION, "2");

        AtomicInteger resets = new AtomicInteger();
        ServingObserver observer = new ServingObserver() {
            @Override
            public void stateReset() {
                resets.incrementAndGet();
            }
        };
        ServingSettings settings = ServingSettings.defaults().withIdleTimeout(Duration.ofMinutes(1));
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "growth");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        ModelRegistry registry = new ModelRegistry(settings.modelName(), settings.maxModelBytes(), observer);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        try (TopologyTestDriver driver = new TopologyTestDriver(ServingTopology.build(settings, registry, observer), p,
                t0)) {
            TestInputTopic<String, byte[]> tokens = driver.createInputTopic(settings.tokensTopic(),
                    new StringSerializer(), new ByteArraySerializer(), t0, Duration.ZERO);
            TestInputTopic<String, byte[]> models = driver.createInputTopic(settings.modelsTopic(),
                    new StringSerializer(), new ByteArraySerializer(), t0, Duration.ZERO);
            TestOutputTopic<byte[], byte[]> tags = driver.createOutputTopic(settings.tagsTopic(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            String[] words = {"the", "cat", "dog", "runs", "cat"};
            models.pipeInput("default", ModelFile.write(v1));
            for (int i = 0; i < 3; i++) {
                tokens.pipeInput("s", token(words[i], false));
            }
            models.pipeInput("default", ModelFile.write(v2));
            for (int i = 3; i < words.length; i++) {
                tokens.pipeInput("s", token(words[i], i == words.length - 1));
            }

            InferenceModel before = new InferenceModel(ModelFile.read(ModelFile.write(v1)));
            InferenceModel after = new InferenceModel(ModelFile.read(ModelFile.write(v2)));
            assertTrue(after.config().stateCompatibleWith(before.config()));
            float[] state = new float[before.stateSize()];
            StepWorkspace ws = before.workspace(null);
            StepWorkspace ws2 = after.workspace(null);
            List<JsonNode> out = tags.readValuesToList().stream().map(VocabularyGrowthTest::json).toList();
            assertEquals(words.length, out.size());
            for (int i = 0; i < words.length; i++) {
                InferenceModel m = i < 3 ? before : after;
                StepWorkspace w = i < 3 ? ws : ws2;
                m.step(state, words[i], w);
                float[] probabilities = m.tagProbabilities(state, w);
                int best = Predictor.argmax(probabilities);
                JsonNode t = out.get(i);
                assertEquals(i, t.get("i").asInt(), "position continues");
                assertEquals(i < 3 ? 1 : 2, t.get("model").asLong());
                assertEquals(m.config().tagClasses().get(best), t.get("tag").asText());
                assertEquals(probabilities[best], t.get("p").floatValue(), 1e-6, "tag " + i + " from the carried state");
            }
            assertEquals(0, resets.get(), "no state was reset");
        }
    }

    private static byte[] token(String word, boolean end) {
        return ("{\"token\":\"" + word + "\"" + (end ? ",\"end\":true" : "") + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode json(byte[] v) {
        try {
            return JSON.readTree(v);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
