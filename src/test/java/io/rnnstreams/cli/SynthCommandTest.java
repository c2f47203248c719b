package io.rnnstreams.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.data.Example;
import io.rnnstreams.data.ExampleFormat;
import io.rnnstreams.data.SyntheticTask;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SynthCommandTest {
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

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    @Test
    void writesTheGeneratedDataSetAsJsonlByDefault() throws IOException {
        assertEquals(0, run("synth", "hmm", "--out", file("hmm.data"), "--n", "25", "--seed", "4"), err.toString());
        assertEquals(SyntheticTask.named("hmm").generate(25, 4), ExampleFormat.JSONL.read(dir.resolve("hmm.data")));
        assertTrue(out.toString().startsWith("wrote 25 hmm examples ("), out.toString());
    }

    @Test
    void formatFollowsTheExtensionOrTheOption() throws IOException {
        assertEquals(0, run("synth", "hmm", "--out", file("a.conllu"), "--n", "10"), err.toString());
        assertEquals(SyntheticTask.named("hmm").generate(10, 1), ExampleFormat.CONLLU.read(dir.resolve("a.conllu")));
        assertEquals(0, run("synth", "long-dependency", "--out", file("b.txt"), "--n", "10",
                "--format", "tsv-text-label", "--length", "80"), err.toString());
        List<Example> back = ExampleFormat.TSV_TEXT_LABEL.read(dir.resolve("b.txt"));
        assertEquals(SyntheticTask.named("long-dependency").withLength(80).generate(10, 1), back);
        assertEquals(80, back.get(0).length());
    }

    @Test
    void dropLeavesPartsOutExplicitly() throws IOException {
        assertEquals(0, run("synth", "hmm", "--out", file("h.tsv"), "--n", "10", "--drop", "tags"), err.toString());
        List<Example> back = ExampleFormat.TSV.read(dir.resolve("h.tsv"));
        List<Example> generated = SyntheticTask.named("hmm").generate(10, 1);
        for (int i = 0; i < 10; i++) {
            assertEquals(Example.tokens(generated.get(i).tokens(), null, generated.get(i).label()), back.get(i));
        }
        assertEquals(0, run("synth", "sensor", "--out", file("s.jsonl"), "--n", "3", "--drop", "tags,label"));
        assertTrue(ExampleFormat.JSONL.read(dir.resolve("s.jsonl")).stream()
                .allMatch(e -> e.tags() == null && e.label() == null));
    }

    @Test
    void impossibleCombinationsAreOneLineUserErrors() throws IOException {
        assertUserError("error: conllu cannot hold dense vectors; use --format jsonl",
                "synth", "sensor", "--out", file("s.conllu"));
        assertUserError("error: tsv cannot hold per-token tags; add --drop tags, or use --format jsonl or conllu",
                "synth", "hmm", "--out", file("h.tsv"));
        assertUserError("error: conll cannot hold a sequence label; add --drop label, or use --format jsonl or conllu",
                "synth", "hmm", "--out", file("h.conll"));
        assertUserError("error: unknown synthetic task 'xor' (expected one of: hmm, long-dependency, sensor)",
                "synth", "xor", "--out", file("x.jsonl"));
        assertUserError("error: unknown format 'csv' (expected one of: conllu, conll, tsv, tsv-text-label, jsonl)",
                "synth", "hmm", "--out", file("x"), "--format", "csv");
        assertUserError("error: hmm draws its lengths from 5..30; --length applies to long-dependency only",
                "synth", "hmm", "--out", file("x.jsonl"), "--length", "50");
        assertUserError("error: long-dependency length must be in 3..100000, got 2",
                "synth", "long-dependency", "--out", file("x.jsonl"), "--length", "2");
        assertUserError("error: --n must be between 1 and 100000000, got 0",
                "synth", "hmm", "--out", file("x.jsonl"), "--n", "0");
        assertUserError("error: --drop takes 'tags' or 'label', got 'tokens'",
                "synth", "hmm", "--out", file("x.jsonl"), "--drop", "tokens");
        assertUserError("error: directory does not exist: " + dir.resolve("no"),
                "synth", "hmm", "--out", file("no/x.jsonl"));
        assertUserError("error: --out is a directory: " + dir, "synth", "hmm", "--out", dir.toString());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(), files.toList(), "a refused command writes nothing");
        }
    }

    private void assertUserError(String message, String... args) {
        err.getBuffer().setLength(0);
        assertEquals(2, run(args));
        assertEquals(message + System.lineSeparator(), err.toString());
    }

    @Test
    void largeSetsAreStreamedWithProgress() throws IOException {
        assertEquals(0, run("synth", "long-dependency", "--length", "3", "--n", "100000", "--out", file("big.tsv")));
        assertEquals(10, err.toString().lines().filter(l -> l.startsWith("synth: ")).count(), err.toString());
        assertTrue(err.toString().contains("synth: 100,000 / 100,000 examples"), err.toString());
        assertEquals(SyntheticTask.named("long-dependency").withLength(3).generate(100_000, 1),
                ExampleFormat.TSV.read(dir.resolve("big.tsv")));
        assertTrue(out.toString().startsWith("wrote 100,000 long-dependency examples (300,000 tokens)"), out.toString());
    }

    @Test
    void missingOutIsAUsageError() {
        assertEquals(2, run("synth", "hmm"));
        assertTrue(err.toString().contains("Missing required option: '--out=FILE'"), err.toString());
    }

    @Test
    void helpNamesEveryTaskAndFormat() {
        assertEquals(0, run("synth", "--help"));
        String help = out.toString();
        for (String name : SyntheticTask.names()) {
            assertTrue(help.contains("  " + name + " "), name);
        }
        for (ExampleFormat f : ExampleFormat.values()) {
            assertTrue(help.contains("  " + f.cliName() + " "), f.cliName());
        }
        for (String option : List.of("--out", "--n", "--seed", "--format", "--length", "--drop")) {
            assertTrue(help.contains(option + "="), option);
        }
        assertTrue(help.lines().allMatch(line -> line.length() <= 80), "help fits 80 columns");
    }
}
