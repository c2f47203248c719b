package io.rnnstreams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rnnstreams.data.ExampleFormat;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.nn.Predictor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** fit, eval, predict and generate end to end on small generated data, and their user errors. */
class OfflineCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private StringWriter out;
    private StringWriter err;

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void fitEvalPredictOnATagAndLabelTask() throws Exception {
        assertEquals(0, run("synth", "hmm", "--out", path("train.jsonl"), "--n", "600", "--seed", "1"), err.toString());
        assertEquals(0, run("synth", "hmm", "--out", path("dev.jsonl"), "--n", "150", "--seed", "2"), err.toString());
        assertEquals(0, run("fit", "--task", "tag,label", "--data", path("train.jsonl"), "--dev", path("dev.jsonl"),
                "--format", "jsonl", "--cell", "lstm", "--hidden", "24", "--layers", "2", "--epochs", "3",
                "--batch", "16", "--lr", "0.01", "--tbptt", "5,10", "--seed", "3", "--out", path("m.safetensors")),
                err.toString());
        assertTrue(err.toString().contains("epoch 3/3"), err.toString());
        assertTrue(err.toString().contains("dev tag"), err.toString());
        var model = ModelFile.read(dir.resolve("m.safetensors"));
        assertEquals(2, model.config().layers());
        assertEquals("tag,label", model.metadata().get("task"));

        assertEquals(0, run("eval", "--model", path("m.safetensors"), "--data", path("dev.jsonl")), err.toString());
        JsonNode report = JSON.readTree(out.toString());
        assertEquals(1, out.toString().trim().lines().count(), "one JSON object");
        assertEquals("tag", report.get("task").asText());
        assertEquals(150, report.get("examples").asInt());
        assertTrue(report.get("accuracy").asDouble() > 0.6, report.toString());
        assertEquals(6, report.get("confusion").get("matrix").size());
        assertTrue(report.get("per_class").has("NOUN"));

        assertEquals(0, run("eval", "--model", path("m.safetensors"), "--data", path("dev.jsonl"), "--task", "label"));
        assertEquals("label", JSON.readTree(out.toString()).get("task").asText());

        assertEquals(0, run("predict", "--model", path("m.safetensors"), "--data", path("dev.jsonl"), "--running"));
        List<String> lines = out.toString().lines().toList();
        assertEquals(150, lines.size());
        JsonNode first = JSON.readTree(lines.get(0));
        int length = first.get("tokens").size();
        assertEquals(length, first.get("tags").size());
        assertEquals(length, first.get("tag_p").size());
        assertEquals(6, first.get("tag_p").get(0).size());
        double sum = 0;
        for (JsonNode p : first.get("label_p")) {
            sum += p.asDouble();
        }
        assertEquals(1.0, sum, 1e-5);
        assertEquals(length, first.get("running_label_p").size());
    }

    @Test
    void fitAndGenerateWithANextTokenModel() throws Exception {
        assertEquals(0, run("fit", "--synthetic", "hmm", "--task", "next", "--n", "300", "--hidden", "16",
                "--epochs", "1", "--out", path("lm.safetensors")), err.toString());
        assertEquals(0, run("generate", "--model", path("lm.safetensors"), "--prompt", "the old", "--n", "6"));
        JsonNode g = JSON.readTree(out.toString());
        assertTrue(g.get("tokens").size() <= 6);
        assertEquals(g.get("tokens").size(), g.get("p").size());
        String greedy = out.toString();
        assertEquals(0, run("generate", "--model", path("lm.safetensors"), "--prompt", "the old", "--n", "6"));
        assertEquals(greedy, out.toString(), "greedy generation is deterministic");
        assertEquals(0, run("generate", "--model", path("lm.safetensors"), "--n", "6", "--temperature", "1.5",
                "--top-k", "10", "--seed", "9"));
        String sampled = out.toString();
        assertEquals(0, run("generate", "--model", path("lm.safetensors"), "--n", "6", "--temperature", "1.5",
                "--top-k", "10", "--seed", "9"));
        assertEquals(sampled, out.toString(), "same seed, same sample");
    }

    @Test
    void userErrorsAreOneLineWithExitCode2() throws Exception {
        Files.writeString(dir.resolve("bad.conllu"), "1\tThe\tthe\tDET\n");
        assertUserError(run("fit", "--data", path("bad.conllu"), "--out", path("x.safetensors")), "bad.conllu:1:");
        assertUserError(run("fit", "--data", path("missing.conllu"), "--out", path("x.safetensors")), "no such file");
        assertUserError(run("fit", "--synthetic", "nope", "--out", path("x.safetensors")), "nope");
        assertUserError(run("fit", "--synthetic", "hmm", "--cell", "transformer", "--out", path("x.safetensors")),
                "unknown cell");
        assertUserError(run("fit", "--synthetic", "hmm", "--tbptt", "9,3", "--out", path("x.safetensors")), "k1 <= k2");
        assertUserError(run("eval", "--model", path("none.safetensors"), "--synthetic", "hmm"), "no such file");
        Files.write(dir.resolve("trunc.safetensors"), new byte[] {1, 0, 0, 0, 0, 0, 0, 0, '{'});
        assertUserError(run("predict", "--model", path("trunc.safetensors"), "--synthetic", "hmm"), "trunc.safetensors:");
        assertEquals(2, run("fit", "--no-such-option"));
    }

    @Test
    void ensembleOfTwoSeedsIsEvaluatedAsTheMeanOfItsMembers() throws Exception {
        assertEquals(0, run("synth", "hmm", "--out", path("dev.jsonl"), "--n", "60", "--seed", "2"), err.toString());
        for (String seed : List.of("1", "2")) {
            assertEquals(0, run("fit", "--synthetic", "hmm", "--n", "200", "--task", "tag,label", "--hidden", "12",
                    "--epochs", "1", "--seed", seed, "--out", path("m" + seed + ".safetensors")), err.toString());
        }
        assertEquals(0, run("fit", "--synthetic", "hmm", "--n", "200", "--task", "tag,label", "--hidden", "10",
                "--epochs", "1", "--out", path("narrow.safetensors")), err.toString());

        assertEquals(0, run("ensemble", "--out", path("e.safetensors"), path("m1.safetensors"), path("m2.safetensors")),
                err.toString());
        assertTrue(out.toString().startsWith("wrote " + path("e.safetensors") + ": an ensemble of 2 gru 1x12 models"),
                out.toString());
        assertEquals(0, run("eval", "--model", path("e.safetensors"), "--data", path("dev.jsonl"), "--task", "label"),
                err.toString());
        double ensembleAccuracy = JSON.readTree(out.toString()).get("accuracy").asDouble();

        var members = List.of(ModelFile.read(dir.resolve("m1.safetensors")), ModelFile.read(dir.resolve("m2.safetensors")));
        var dev = ExampleFormat.named("jsonl").read(dir.resolve("dev.jsonl"));
        int right = 0;
        for (var e : dev) {
            float[] a = new Predictor(new InferenceModel(members.get(0))).tokens(e.tokens(), false).labelProbabilities();
            float[] b = new Predictor(new InferenceModel(members.get(1))).tokens(e.tokens(), false).labelProbabilities();
            float[] sum = new float[a.length];
            for (int c = 0; c < a.length; c++) {
                sum[c] = (a[c] + b[c]) / 2;
            }
            int best = Predictor.argmax(sum);
            right += members.get(0).config().labelClasses().get(best).equals(e.label()) ? 1 : 0;
        }
        assertEquals(right / (double) dev.size(), ensembleAccuracy, 1e-9, "eval scores the mean distribution");

        assertUserError(run("ensemble", "--out", path("x.safetensors"), path("m1.safetensors"), path("narrow.safetensors")),
                "cannot average these models: member 1 is gru 1x10, not the gru 1x12 of member 0's");
        assertUserError(run("ensemble", "--out", path("x.safetensors"), path("e.safetensors"), path("m1.safetensors")),
                "e.safetensors: an ensemble of 2 models, where a single model is needed");
        assertEquals(2, run("ensemble", "--out", path("x.safetensors"), path("m1.safetensors")), "two members at least");
    }

    @Test
    void everyCommandHasCompleteHelp() {
        for (String command : Main.commandLine().getSubcommands().keySet()) {
            if (command.equals("help")) {
                continue;
            }
            CommandLine cl = Main.commandLine().getSubcommands().get(command);
            for (CommandLine.Model.OptionSpec o : cl.getCommandSpec().options()) {
                assertTrue(o.description().length > 0 && !o.description()[0].isBlank(),
                        command + " " + o.longestName() + " has no description");
            }
            assertEquals(0, run(command, "--help"));
            assertTrue(out.toString().contains("Usage: rnn-streams " + command), out.toString());
        }
    }

    private void assertUserError(int exit, String expected) {
        assertEquals(2, exit, err.toString());
        String message = err.toString().trim();
        assertTrue(message.startsWith("error: "), message);
        assertTrue(message.contains(expected), "expected '" + expected + "' in: " + message);
        assertEquals(1, message.lines().count(), "one line: " + message);
        assertFalse(message.contains("Exception"), message);
    }
}
