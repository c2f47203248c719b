package io.rnnstreams.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rnnstreams.data.Example;
import io.rnnstreams.data.HmmTask;
import io.rnnstreams.data.VocabularyBuilder;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.nn.Vocabulary;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up: from an --init model file when the models topic has none, then, after a restart,
 * from the newest published model, with the version, the window count and examples_seen going on
 * where they were.
 */
class ResumeTest {
    private static final int WINDOW = 100;
    private static final Duration WAIT = Duration.ofMinutes(2);

    @TempDir
    Path dir;

    @Test
    void startsFromTheInitModelThenResumesFromTheModelsTopic() throws Exception {
        List<Example> data = new HmmTask().generate(2 * WINDOW, 8);
        Path init = dir.resolve("init.safetensors");
        ModelConfig config = ModelConfig.builder().cell(CellType.GRU).hidden(16).embed(8)
                .tagClasses(VocabularyBuilder.tagClasses(data)).labelClasses(VocabularyBuilder.labelClasses(data))
                .build();
        Model start = Model.create(config, Vocabulary.of(List.of("the", "a")), new SplittableRandom(2));
        start.putMetadata(ModelFile.VERSION, "7");
        ModelFile.write(start, init);

        try (TrainerHarness h = new TrainerHarness(2)) {
            TrainerSettings settings = h.settings(WINDOW, 1, 0.005, 1.0,
                    TrainerHarness.shape(CellType.LSTM, 8, Task.NEXT));
            h.start(settings.withInitModel(init));
            awaitReady(h.trainer());
            h.produce(data.subList(0, WINDOW), 0);
            h.awaitWindow(1, WAIT);
            h.stop();

            h.start(settings);
            h.produce(data.subList(WINDOW, 2 * WINDOW), WINDOW);
            h.awaitWindow(2, WAIT);

            List<Model> published = h.publishedModels();
            assertEquals(2, published.size());
            Model first = published.get(0);
            Model second = published.get(1);
            assertEquals(CellType.GRU, second.config().cell(), "the init model's architecture, not model.*");
            assertEquals("8", first.metadata().get(ModelFile.VERSION));
            assertEquals("7", first.metadata().get(ModelProvenance.PARENT_VERSION));
            assertEquals("9", second.metadata().get(ModelFile.VERSION));
            assertEquals("8", second.metadata().get(ModelProvenance.PARENT_VERSION));
            assertEquals(List.of("1", "2"), List.of(first.metadata().get(ModelProvenance.WINDOW),
                    second.metadata().get(ModelProvenance.WINDOW)));
            assertEquals(WINDOW, ModelProvenance.number(first, ModelProvenance.EXAMPLES_SEEN, 0));
            assertEquals(2 * WINDOW, ModelProvenance.number(second, ModelProvenance.EXAMPLES_SEEN, 0));
            long trained = ModelProvenance.number(second, ModelProvenance.EXAMPLES_TRAINED, 0);
            assertTrue(trained > 1.6 * WINDOW && trained < 2 * WINDOW, "about 90% trained: " + trained);
            assertTrue(second.vocabulary().size() > 150, "the vocabulary grew from 4 tokens to the data's");

            ObjectMapper json = new ObjectMapper();
            JsonNode validation = json.readTree(second.metadata().get(ModelProvenance.VALIDATION));
            assertTrue(validation.get("held_out_examples").asInt() > 0);
            assertTrue(validation.get("tag").get("accuracy").asDouble() > 0);
            JsonNode training = json.readTree(second.metadata().get(ModelProvenance.TRAINING_CONFIG));
            assertEquals(WINDOW, training.get("window_examples").asInt());
            assertEquals("full", training.get("tbptt").asText());
            Instant.parse(second.metadata().get(ModelProvenance.CREATED));
            assertEquals(2.0, h.metrics.registry().get("rnn.trainer.models.published").counter().count(),
                    "one registry across both runs");
            assertEquals(Optional.empty(), h.trainer().notReadyReason());
        }
    }

    private static void awaitReady(SideTrainer trainer) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (trainer.notReadyReason().isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(Optional.empty(), trainer.notReadyReason(), "ready: partitions assigned and a model");
    }
}
