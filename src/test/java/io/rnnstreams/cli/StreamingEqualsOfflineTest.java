package io.rnnstreams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.rnnstreams.data.Example;
import io.rnnstreams.data.ExampleFormat;
import io.rnnstreams.data.VocabularyBuilder;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.nn.TokenFeature;
import io.rnnstreams.train.Fit;
import io.rnnstreams.train.Task;
import io.rnnstreams.train.TrainingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real data through the real stream: a model trained here is published to a serving process on
 * the embedded broker, a data set from ../shared/data is replayed through it token by token,
 * and the scores of what came back equal, count for count, the offline {@code eval} of the same
 * model on the same file. Skipped with a message when the data is absent. The models are small
 * and briefly trained (this is about equality, not quality), but well above chance, so the
 * equality is not between two trivial answers.
 */
class StreamingEqualsOfflineTest {
    private static final Path DATA = Path.of(System.getProperty("rnnstreams.shared.data", "../shared/data"));
    private static final Path EWT_TRAIN = DATA.resolve("ud-english-ewt/en_ewt-ud-train.conllu");
    private static final Path EWT_DEV = DATA.resolve("ud-english-ewt/en_ewt-ud-dev.conllu");
    private static final Path SMS = DATA.resolve("sms-spam/sms-train.tsv");

    @TempDir
    static Path dir;

    @BeforeAll
    static void requireData() {
        assumeTrue(Files.exists(EWT_TRAIN) && Files.exists(EWT_DEV) && Files.exists(SMS),
                "UD English-EWT or the SMS Spam Collection not found under " + DATA + "; skipped");
    }

    @Test
    void ewtDevTaggedByTheStreamScoresExactlyAsEval() throws Exception {
        List<Example> train = ExampleFormat.CONLLU.read(EWT_TRAIN).subList(0, 4000);
        Path model = train(train, Task.TAG, 64, 0, 1, "upos.safetensors");
        JsonNode offline = CommandRun.of("eval", "--model", model.toString(), "--data", EWT_DEV.toString()).ok().json();
        assertTrue(offline.get("accuracy").asDouble() > 0.8, "a real tagger: " + offline.get("accuracy"));
        JsonNode streamed = replay(model, EWT_DEV, "ewt");
        assertEquals(2001, streamed.get("replay").get("sequences").asInt());
        assertEquals(25147, streamed.get("replay").get("tags_received").asLong());
        CommandRun.assertSameScores(offline, streamed.get("tag"));
    }

    @Test
    void lookAheadTaggerTwoTokensLateScoresExactlyAsEval() throws Exception {
        List<Example> train = ExampleFormat.CONLLU.read(EWT_TRAIN).subList(0, 4000);
        Path model = train(train, Task.TAG, 64, 2, 2, "upos-d2.safetensors");
        Path subset = dir.resolve("ewt-dev-400.jsonl");
        ExampleFormat.JSONL.write(ExampleFormat.CONLLU.read(EWT_DEV).subList(0, 400), subset);
        JsonNode offline = CommandRun.of("eval", "--model", model.toString(), "--data", subset.toString()).ok().json();
        // Look-ahead tagging is slower to learn (the tag of t is read two steps later); NOUN alone is 17%.
        assertTrue(offline.get("accuracy").asDouble() > 0.4, "a real tagger: " + offline.get("accuracy"));
        JsonNode streamed = replay(model, subset, "ewt-d2");
        CommandRun.assertSameScores(offline, streamed.get("tag"));
    }

    @Test
    void anEnsembleOfTwoTaggersScoresExactlyAsEval() throws Exception {
        List<Example> train = ExampleFormat.CONLLU.read(EWT_TRAIN).subList(0, 2000);
        Path a = train(train, Task.TAG, 32, 0, 1, "upos-a.safetensors");
        Path b = train(train.subList(0, 1500), Task.TAG, 32, 0, 1, "upos-b.safetensors");
        Path ensemble = dir.resolve("upos-x2.safetensors");
        CommandRun.of("ensemble", "--float16", "--out", ensemble.toString(), a.toString(), b.toString()).ok();
        Path subset = dir.resolve("ewt-dev-300.jsonl");
        ExampleFormat.JSONL.write(ExampleFormat.CONLLU.read(EWT_DEV).subList(0, 300), subset);
        JsonNode offline = CommandRun.of("eval", "--model", ensemble.toString(), "--data", subset.toString()).ok().json();
        JsonNode memberA = CommandRun.of("eval", "--model", a.toString(), "--data", subset.toString()).ok().json();
        assertTrue(offline.get("accuracy").asDouble() > 0.6, "a real tagger: " + offline.get("accuracy"));
        assertTrue(offline.get("accuracy").asDouble() != memberA.get("accuracy").asDouble()
                || !offline.get("confusion").equals(memberA.get("confusion")), "the ensemble is not its first member");
        JsonNode streamed = replay(ensemble, subset, "ewt-x2");
        CommandRun.assertSameScores(offline, streamed.get("tag"));
    }

    @Test
    void smsLabelsFromTheStreamScoreExactlyAsEval() throws Exception {
        List<Example> all = ExampleFormat.TSV.read(SMS);
        List<Example> train = new ArrayList<>();
        List<Example> heldOut = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            ((i + 1) % 5 == 0 ? heldOut : train).add(all.get(i));
        }
        Path model = train(train, Task.LABEL, 32, 0, 1, "sms.safetensors");
        Path file = dir.resolve("sms-held-out-400.jsonl");
        ExampleFormat.JSONL.write(heldOut.subList(0, 400), file);
        JsonNode offline = CommandRun.of("eval", "--model", model.toString(), "--data", file.toString()).ok().json();
        assertTrue(offline.get("accuracy").asDouble() > 0.9, "a real classifier: " + offline.get("accuracy"));
        JsonNode streamed = replay(model, file, "sms");
        assertEquals(400, streamed.get("replay").get("labels_received").asInt());
        CommandRun.assertSameScores(offline, streamed.get("label"));
    }

    /** Publishes the model, replays the file with --gold, checks every answer came from that model. */
    private static JsonNode replay(Path model, Path data, String keys) throws Exception {
        SharedBrokerServing serving = SharedBrokerServing.instance();
        long version = serving.publish(ModelFile.readEnsemble(model));
        JsonNode streamed = CommandRun.of(List.of("replay", "--data", data.toString(), "--keys", keys, "--gold"),
                serving.setArguments()).ok().json();
        assertEquals("[" + version + "]", streamed.get("replay").get("models").toString());
        return streamed;
    }

    /** A GRU with word features, briefly trained; the model file it writes. */
    private static Path train(List<Example> train, Task task, int hidden, int delay, int epochs, String name)
            throws Exception {
        ModelConfig.Builder b = ModelConfig.builder().cell(CellType.GRU).hidden(hidden).embed(64).unknownBuckets(256)
                .features(EnumSet.allOf(TokenFeature.class), 16384).delay(delay);
        if (task == Task.TAG) {
            b.tagClasses(VocabularyBuilder.tagClasses(train));
        } else {
            b.labelClasses(VocabularyBuilder.labelClasses(train));
        }
        Model model = Model.create(b.build(), VocabularyBuilder.tokens(train, 2, 50000), new SplittableRandom(1));
        Fit.run(model, train, null, task, new TrainingSettings(epochs, 32, 0.005, "adam", 0, 0, 5, 0, "cosine", 1, 0, 0), null);
        Path file = dir.resolve(name);
        ModelFile.write(model, file);
        return file;
    }
}
