package io.rnnstreams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.embedded.SharedBroker;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.Ensemble;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.nn.Vocabulary;
import io.rnnstreams.ops.RnnStreamsConfig;
import io.rnnstreams.train.PublishedModels;
import io.rnnstreams.train.SideTrainer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * `publish` puts a model on the models topic, a 20 MB model reaches a serving instance, and an
 * ensemble on the topic stops a side trainer of the same name.
 */
class PublishAndLargeModelTest {
    @TempDir
    Path dir;

    @Test
    void aTwentyMegabyteModelIsPublishedAndServed() throws Exception {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 19_000; i++) {
            words.add("w" + i);
        }
        ModelConfig config = ModelConfig.builder().cell(CellType.GRU).hidden(64).embed(256).unknownBuckets(1000)
                .tagClasses(List.of("A", "B")).build();
        Model model = Model.create(config, Vocabulary.of(words), new SplittableRandom(1));
        Path file = dir.resolve("big.safetensors");
        ModelFile.write(model, file);
        assertTrue(file.toFile().length() > 20_000_000, "model is " + file.toFile().length() + " bytes");

        String models = SharedBroker.uniqueName("models");
        String tokens = SharedBroker.uniqueName("tokens");
        String prefix = SharedBroker.uniqueName("t");
        List<String> sets = List.of(
                "kafka.bootstrap.servers=" + SharedBroker.bootstrapServers(),
                "application.id=" + SharedBroker.uniqueName("app"),
                "state.dir=" + dir.resolve("state"), "http.port=-1", "topics.partitions=1",
                "topics.models=" + models, "topics.tokens=" + tokens, "topics.tags=" + prefix + "-tags",
                "topics.labels=" + prefix + "-labels", "topics.generated=" + prefix + "-generated",
                "topics.dlq=" + prefix + "-dlq");
        List<String> args = new ArrayList<>(List.of("publish", "--model", file.toString(), "--model-version", "5"));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute(args.toArray(new String[0])), err.toString());
        assertTrue(out.toString().startsWith("published default version 5 ("), out.toString());

        Map<String, String> setMap = new java.util.LinkedHashMap<>();
        for (String s : sets) {
            setMap.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        }
        RnnStreamsConfig c = RnnStreamsConfig.load(Optional.empty(), Map.of(), setMap);
        try (ServingProcess serving = ServingProcess.start(c)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (serving.app().registry().current() == null && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(serving.app().registry().current() != null, "the 20 MB model reached the serving instance");
            assertEquals(5, serving.app().registry().current().version());
        }
    }

    @Test
    void anEnsembleIsPublishedWithItsVersionAndASideTrainerRefusesToReplaceIt() throws Exception {
        List<Model> members = new ArrayList<>();
        for (long seed = 1; seed <= 2; seed++) {
            members.add(Model.create(ModelConfig.builder().hidden(8).embed(4).tagClasses(List.of("A", "B")).build(),
                    Vocabulary.of(List.of("a")), new SplittableRandom(seed)));
        }
        Path file = dir.resolve("ensemble.safetensors");
        Ensemble ensemble = Ensemble.averaging(members).withMetadata(ModelFile.WEIGHTS, ModelFile.FLOAT16);
        ModelFile.write(ensemble, file);
        String models = SharedBroker.uniqueName("models");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertEquals(0, cl.execute("publish", "--model", file.toString(), "--model-version", "3",
                "--set", "kafka.bootstrap.servers=" + SharedBroker.bootstrapServers(), "--set", "topics.models=" + models,
                "--set", "topics.partitions=1"), err.toString());
        int bytes = ModelFile.write(ensemble.withMetadata(ModelFile.VERSION, "3")).length;
        assertTrue(out.toString().startsWith("published default version 3 (" + bytes + " bytes)"),
                "published as float16, as written: " + out);

        SideTrainer.TrainerException e = assertThrows(SideTrainer.TrainerException.class, () -> PublishedModels.latest(
                Map.of("bootstrap.servers", SharedBroker.bootstrapServers()), models, "default", 1 << 20));
        assertTrue(e.getMessage().contains("version 3 on " + models + " is an ensemble of 2 models"), e.getMessage());
    }

    @Test
    void aModelOverTheLimitIsAUserError() throws Exception {
        Model model = io.rnnstreams.nn.Model.create(ModelConfig.builder().hidden(8).embed(4)
                .tagClasses(List.of("A", "B")).build(), Vocabulary.of(List.of("a")), new SplittableRandom(1));
        Path file = dir.resolve("m.safetensors");
        ModelFile.write(model, file);
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute("publish", "--model", file.toString(), "--set", "models.max.bytes=1000",
                "--set", "kafka.bootstrap.servers=" + SharedBroker.bootstrapServers());
        assertEquals(2, exit);
        assertTrue(err.toString().contains("over models.max.bytes=1000"), err.toString());
    }
}
