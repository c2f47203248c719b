package io.rnnstreams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.Ensemble;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.nn.Vocabulary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** bench end to end on a tiny configuration: what it prints, not how fast anything is. */
class BenchCommandTest {
    private static final String[] TINY = {"bench", "--tokens", "3000", "--keys", "50", "--partitions", "2",
        "--cell", "gru", "--hidden", "16", "--guarantee", "at_least_once", "--store", "memory",
        "--encoding", "float16", "--repeat", "1", "--latency-seconds", "1"};

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void printsBothThroughputsAndTheirRatio() {
        assertEquals(0, run(TINY), err.toString());
        String row = out.toString().lines().filter(l -> l.startsWith("gru H=16 alos memory float16")).findFirst()
                .orElseThrow(() -> new AssertionError("no result row in:\n" + out));
        String[] columns = row.substring("gru H=16 alos memory float16".length()).trim().split("\\s+");
        double ours = number(columns[0]);
        double baseline = number(columns[1]);
        double ratio = number(columns[2]);
        double versusFloat32 = number(columns[3]);
        assertTrue(ours > 0 && baseline > 0 && versusFloat32 > 0, row);
        assertEquals(ours / baseline, ratio, 0.01 + ratio * 0.01, row);
        assertTrue(out.toString().contains("p99"), out.toString());
    }

    @Test
    void twoStreamThreadsRunBothTopologiesAndAreCounted() throws Exception {
        List<String> args = new ArrayList<>(List.of(TINY));
        args.addAll(List.of("--threads", "2", "--json"));
        // A run fails unless every one of its tokens' outputs arrives, so exit 0 means they all did.
        assertEquals(0, run(args.toArray(String[]::new)), err.toString());
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertEquals(2, json.get("plan").get("streamThreads").asInt(), out.toString());
        JsonNode repeat = json.get("results").get(0).get("repeats").get(0);
        for (String run : List.of("serving", "baseline", "float32Baseline")) {
            assertEquals(2, repeat.get(run).get("streamThreads").asInt(), run + " in:\n" + out);
            assertTrue(repeat.get(run).get("throughput").asDouble() > 0, run + " in:\n" + out);
            assertTrue(repeat.get(run).get("streamThreadCores").asDouble() > 0, run + " in:\n" + out);
        }
    }

    @Test
    void streamThreadsAreTheProcessingThreadsOfTheirApplicationOnly() {
        String app = "bench-serve-1";
        assertTrue(ProcessResources.isStreamThread(app + "-3f2a-StreamThread-2", app));
        assertFalse(ProcessResources.isStreamThread(
                "kafka-producer-network-thread | " + app + "-3f2a-StreamThread-1-producer", app));
        assertFalse(ProcessResources.isStreamThread(app + "-3f2a-GlobalStreamThread", app));
        assertFalse(ProcessResources.isStreamThread("bench-serve-12-3f2a-StreamThread-1", app));
    }

    @Test
    void soakReportsEveryWindowAndAVerdict() {
        int exit = run("bench", "--soak", "6s", "--soak-window", "2s", "--idle-timeout", "1s", "--tokens", "3000",
                "--keys", "50", "--partitions", "2", "--cell", "gru", "--hidden", "16", "--guarantee", "at_least_once",
                "--store", "memory", "--encoding", "float16");
        // Six seconds on a shared machine may well look unstable; the exit code must say what the verdict says.
        assertEquals(out.toString().contains("verdict: STABLE") ? 0 : 1, exit, err.toString());
        List<String[]> windows = out.toString().lines().map(String::trim).filter(l -> l.matches("\\d+ .*"))
                .map(l -> l.split("\\s+")).toList();
        assertEquals(3, windows.size(), out.toString());
        for (String[] w : windows) {
            assertTrue(number(w[1]) > 0, "outputs/s of window " + w[0] + " in:\n" + out);
        }
        assertTrue(number(windows.get(2)[11]) > 0, "keys idle for 1 s were labelled and expired:\n" + out);
        assertTrue(out.toString().contains("verdict: STABLE") || out.toString().contains("verdict: NOT STABLE"),
                out.toString());
    }

    @Test
    void benchesAnEnsembleFileAgainstTheBaselineOfItsStateSize() throws Exception {
        List<Model> members = new ArrayList<>();
        for (long seed = 1; seed <= 2; seed++) {
            members.add(Model.create(ModelConfig.builder().cell(CellType.LSTM).hidden(8).embed(4).unknownBuckets(8)
                    .tagClasses(List.of("A", "B")).build(), Vocabulary.of(List.of("the", "a")), new SplittableRandom(seed)));
        }
        Path file = dir.resolve("x2.safetensors");
        ModelFile.write(Ensemble.averaging(members), file);
        assertEquals(0, run("bench", "--tokens", "3000", "--keys", "50", "--partitions", "2", "--model", file.toString(),
                "--guarantee", "at_least_once", "--store", "memory", "--encoding", "float32", "--repeat", "1",
                "--latency-seconds", "1", "--json"), err.toString());
        JsonNode result = new ObjectMapper().readTree(out.toString()).get("results").get(0);
        assertEquals("x2.safetensors", result.get("model").asText(), out.toString());
        assertEquals(2, result.get("members").asInt());
        assertEquals("lstm", result.get("cell").asText());
        assertEquals(27 + 4 * 2 * 2 * 8, result.get("stateBytes").asInt(), "two LSTM states of h and c, H=8");
        assertTrue(result.get("throughput").asDouble() > 0 && result.get("baselineThroughput").asDouble() > 0,
                out.toString());

        members.set(1, Model.create(ModelConfig.builder().cell(CellType.LSTM).hidden(8).embed(4).unknownBuckets(8)
                .tagClasses(List.of("A", "B")).delay(1).build(), Vocabulary.of(List.of("the")), new SplittableRandom(3)));
        ModelFile.write(members.get(1), file);
        assertEquals(2, run("bench", "--model", file.toString()));
        assertTrue(err.toString().contains("needs a token model with a tag head and delay 0; this one has delay 1"),
                err.toString());
        assertEquals(2, run("bench", "--model", file.toString(), "--hidden", "64"));
        assertTrue(err.toString().contains("--model is benched in place of --cell and --hidden"), err.toString());
    }

    @Test
    void rejectsUnknownMatrixValuesAsUserErrors() {
        assertEquals(2, run("bench", "--cell", "transformer"));
        assertTrue(err.toString().contains("--cell accepts rnn, lstm, gru"), err.toString());
        assertEquals(2, run("bench", "--soak", "5 minutes"));
        assertTrue(err.toString().contains("--soak 5 minutes: expected a duration"), err.toString());
        assertEquals(2, run("bench", "--soak", "1m", "--hidden", "64,128"));
        assertTrue(err.toString().contains("--soak runs one case"), err.toString());
        assertEquals(2, run("bench", "--threads", "0"));
        assertTrue(err.toString().contains("--threads must be between 1 and 1024"), err.toString());
        assertEquals(2, run("bench", "--threads", "2", "--set", "num.stream.threads=3"));
        assertTrue(err.toString().contains("use --threads"), err.toString());
    }

    private static double number(String column) {
        return Double.parseDouble(column.replace(",", ""));
    }
}
