package io.rnnstreams.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleFormatTest {
    @TempDir
    Path dir;

    private Path file(String name, String content) throws IOException {
        return Files.write(dir.resolve(name), content.getBytes(StandardCharsets.UTF_8));
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /** Reads the content as the format and returns the error message; asserts path and line. */
    private String error(ExampleFormat format, String content, int line) throws IOException {
        Path f = file("bad." + format.cliName(), content);
        DataFormatException e = assertThrows(DataFormatException.class, () -> format.read(f));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith(f + ":" + line + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage().substring((f + ":" + line + ": ").length());
    }

    private static String[] a(String... s) {
        return s;
    }

    private static String word(int id, String form, String upos) {
        return id + "\t" + form + "\t" + form.toLowerCase() + "\t" + upos + "\tXX\t_\t0\troot\t_\t_\n";
    }

    @Nested
    class Conllu {
        @Test
        void readsWordsAndUposSkippingCommentsRangesAndEmptyNodes() throws IOException {
            String content = "# sent_id = 1\n# text = don't go\n"
                    + "1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
                    + word(1, "do", "AUX") + word(2, "n't", "PART") + word(3, "go", "VERB")
                    + "3.1\tgo\tgo\t_\t_\t_\t_\t_\t_\t_\n"
                    + "\n\n"
                    + "# label = greeting\n" + word(1, "Hi", "INTJ")
                    + "\n"
                    + word(1, "x\u0085y", "X").replace("\n", "\r\n") + word(2, "end", "NOUN").replace("\n", "");
            List<Example> examples = ExampleFormat.CONLLU.read(file("a.conllu", content));
            assertEquals(List.of(
                    Example.tokens(a("do", "n't", "go"), a("AUX", "PART", "VERB"), null),
                    Example.tokens(a("Hi"), a("INTJ"), "greeting"),
                    Example.tokens(a("x\u0085y", "end"), a("X", "NOUN"), null)), examples);
        }

        @Test
        void sentenceWithoutUposIsALanguageModelExample() throws IOException {
            Example e = ExampleFormat.CONLLU.read(file("lm.conllu", word(1, "a", "_") + word(2, "b", "_"))).get(0);
            assertNull(e.tags());
        }

        @Test
        void errorsNameTheLine() throws IOException {
            assertEquals("expected 10 tab-separated columns, found 3",
                    error(ExampleFormat.CONLLU, "# c\n" + word(1, "a", "X") + "2\tb\tc\n", 3));
            assertEquals("word ID '3' where 2 was expected",
                    error(ExampleFormat.CONLLU, word(1, "a", "X") + word(3, "b", "X"), 2));
            assertEquals("word ID 'x' where 1 was expected", error(ExampleFormat.CONLLU, word(1, "a", "X")
                    .replaceFirst("1", "x"), 1));
            assertEquals("malformed ID '1-x'",
                    error(ExampleFormat.CONLLU, "\n1-x\tab\t_\t_\t_\t_\t_\t_\t_\t_\n" + word(1, "a", "X"), 2));
            assertEquals("empty FORM", error(ExampleFormat.CONLLU, word(1, "", "X"), 1));
            assertEquals("empty UPOS", error(ExampleFormat.CONLLU, word(1, "a", ""), 1));
            assertEquals("UPOS '_' for some words of a sentence but not all",
                    error(ExampleFormat.CONLLU, word(1, "a", "X") + word(2, "b", "X") + word(3, "c", "_"), 3));
            assertEquals("empty label comment", error(ExampleFormat.CONLLU, "#label =  \n" + word(1, "a", "X"), 1));
            assertEquals("second label comment for one sentence",
                    error(ExampleFormat.CONLLU, "# label = a\n# label = b\n" + word(1, "a", "X"), 2));
            assertEquals("sentence has no words (integer IDs)", error(ExampleFormat.CONLLU,
                    word(1, "a", "X") + "\n# c\n1-2\tab\t_\t_\t_\t_\t_\t_\t_\t_\n\n", 3));
        }

        @Test
        void invalidUtf8NamesTheLine() throws IOException {
            byte[] bad = (word(1, "a", "X") + word(2, "b?", "X")).getBytes(StandardCharsets.UTF_8);
            int at = new String(bad, StandardCharsets.ISO_8859_1).indexOf('?');
            bad[at] = (byte) 0xC3;
            Path f = file("bad.conllu", bad);
            DataFormatException e = assertThrows(DataFormatException.class, () -> ExampleFormat.CONLLU.read(f));
            assertEquals(f + ":2: invalid UTF-8", e.getMessage());
        }

        @Test
        void roundTripsTagsLabelsAndUntaggedSentences() throws IOException {
            List<Example> examples = List.of(
                    Example.tokens(a("the", "dog", "#1", "_"), a("DET", "NOUN", "X", "SYM"), "north"),
                    Example.tokens(a("lm", "only"), null, null),
                    Example.tokens(a("label", "only"), null, "b"));
            Path f = dir.resolve("rt.conllu");
            ExampleFormat.CONLLU.write(examples, f);
            assertEquals(examples, ExampleFormat.CONLLU.read(f));
        }

        @Test
        void refusesWhatItCannotHold() {
            assertEquals(Optional.of("conllu cannot hold dense vectors"), ExampleFormat.CONLLU.whyNotWritable(
                    Example.vectors(new float[][] {{1}}, null, null)));
            assertTrue(ExampleFormat.CONLLU.whyNotWritable(Example.tokens(a("a\tb"), null, null)).isPresent());
            assertTrue(ExampleFormat.CONLLU.whyNotWritable(Example.tokens(a("a"), a("_"), null)).isPresent());
            assertTrue(ExampleFormat.CONLLU.whyNotWritable(Example.tokens(a("a"), null, " padded")).isPresent());
        }
    }

    @Nested
    class Conll {
        @Test
        void readsTokenTagLinesWithBlankLinesBetweenSequences() throws IOException {
            List<Example> examples = ExampleFormat.CONLL.read(file("a.conll",
                    "RT\tO\n@\tB-ORG\nSportsCenter\tB-ORG\n\n\n\nAllen\tB-PER\r\nIverson\tI-PER"));
            assertEquals(List.of(
                    Example.tokens(a("RT", "@", "SportsCenter"), a("O", "B-ORG", "B-ORG"), null),
                    Example.tokens(a("Allen", "Iverson"), a("B-PER", "I-PER"), null)), examples);
        }

        @Test
        void errorsNameTheLine() throws IOException {
            assertEquals("expected token<TAB>tag, found 1 columns", error(ExampleFormat.CONLL, "a\tO\nb\n", 2));
            assertEquals("expected token<TAB>tag, found 3 columns", error(ExampleFormat.CONLL, "a\tO\tX\n", 1));
            assertEquals("empty tag", error(ExampleFormat.CONLL, "a\tO\n\n\tO\nb\t\n", 4));
            assertEquals("empty tag", error(ExampleFormat.CONLL, "a\t\n", 1));
        }

        @Test
        void keepsEmptyTokensAsTheBroadTwitterCorpusHasThem() throws IOException {
            assertEquals(List.of(Example.tokens(a("a", ""), a("O", "O"), null), Example.tokens(a(""), a("O"), null)),
                    ExampleFormat.CONLL.read(file("e.conll", "a\tO\n\tO\n\n\tO\n")));
        }

        @Test
        void roundTripsAndRefusesLabels() throws IOException {
            List<Example> examples = List.of(Example.tokens(a("a", "b"), a("O", "B-LOC"), null),
                    Example.tokens(a(""), a("O"), null));
            Path f = dir.resolve("rt.conll");
            ExampleFormat.CONLL.write(examples, f);
            assertEquals(examples, ExampleFormat.CONLL.read(f));
            assertEquals(Optional.of("conll cannot hold a sequence label"),
                    ExampleFormat.CONLL.whyNotWritable(Example.tokens(a("a"), a("O"), "x")));
        }
    }

    @Nested
    class Tsv {
        @Test
        void splitsOnTheFirstTabAndTokenizes() throws IOException {
            List<Example> examples = ExampleFormat.TSV.read(file("a.tsv",
                    "ham\tOk lar... Joking\twif u\n\nspam\tFree \"entry\" &lt;#&gt;\n"));
            assertEquals(List.of(
                    Example.tokens(a("Ok", "lar", "...", "Joking", "wif", "u"), null, "ham"),
                    Example.tokens(a("Free", "\"", "entry", "\"", "&lt;", "#", "&gt;"), null, "spam")), examples);
        }

        @Test
        void textLabelSplitsOnTheLastTabWithoutCsvQuoting() throws IOException {
            List<Example> examples = ExampleFormat.TSV_TEXT_LABEL.read(file("a.txt",
                    "\" The structure is\u0085weak.  \t0\nGreat\tfun!\t1 \n"));
            assertEquals(List.of(
                    Example.tokens(a("\"", "The", "structure", "is", "weak", "."), null, "0"),
                    Example.tokens(a("Great", "fun", "!"), null, "1")), examples);
        }

        @Test
        void errorsNameTheLine() throws IOException {
            assertEquals("no tab: expected label<TAB>text", error(ExampleFormat.TSV, "ham\tok\nspam free\n", 2));
            assertEquals("empty label", error(ExampleFormat.TSV, " \tok\n", 1));
            assertEquals("empty text", error(ExampleFormat.TSV, "ham\tok\n\nham\t  \n", 3));
            assertEquals("no tab: expected text<TAB>label", error(ExampleFormat.TSV_TEXT_LABEL, "good 1\n", 1));
            assertEquals("empty label", error(ExampleFormat.TSV_TEXT_LABEL, "good\t1\ngood\t\n", 2));
            assertEquals("empty text", error(ExampleFormat.TSV_TEXT_LABEL, "\t1\n", 1));
        }

        @Test
        void roundTripsAndRefusesWhatWouldNotReadBack() throws IOException {
            List<Example> examples = List.of(
                    Example.tokens(a("do", "n't", "3.14", ":)", "&lt;"), null, "a"),
                    Example.tokens(a("b"), null, "b"));
            for (ExampleFormat f : List.of(ExampleFormat.TSV, ExampleFormat.TSV_TEXT_LABEL)) {
                Path p = dir.resolve("rt-" + f.cliName());
                f.write(examples, p);
                assertEquals(examples, f.read(p), f.cliName());
                assertEquals(Optional.of(f.cliName() + " cannot hold per-token tags"),
                        f.whyNotWritable(Example.tokens(a("a"), a("X"), "l")));
                assertEquals(Optional.of(f.cliName() + " needs a label on every example"),
                        f.whyNotWritable(Example.tokens(a("a"), null, null)));
                assertTrue(f.whyNotWritable(Example.tokens(a("don't"), null, "x")).isPresent());
            }
        }
    }

    @Nested
    class Jsonl {
        @Test
        void readsOneObjectPerLineSkippingBlankLines() throws IOException {
            List<Example> examples = ExampleFormat.JSONL.read(file("a.jsonl",
                    "{\"tokens\":[\"a\"],\"label\":\"x\"}\n\n   \n{\"x\":[[1,2]],\"tags\":[\"n\"]}"));
            assertEquals(2, examples.size());
            assertArrayEquals(new float[] {1, 2}, examples.get(1).vectors()[0]);
        }

        @Test
        void errorsNameTheLineAndTheReason() throws IOException {
            assertEquals("tags length mismatch: tags has 1 entries for 2 steps", error(ExampleFormat.JSONL,
                    "{\"tokens\":[\"a\"]}\n\n{\"tokens\":[\"a\",\"b\"],\"tags\":[\"X\"]}\n", 3));
            assertTrue(error(ExampleFormat.JSONL, "{\"tokens\":[\"a\"]\n", 1).startsWith("malformed json: "));
            assertEquals("ragged x: x row 1 has 1 values, row 0 has 2",
                    error(ExampleFormat.JSONL, "{\"x\":[[1,2],[3]]}\n", 1));
        }

        @Test
        void roundTrips() throws IOException {
            List<Example> examples = List.of(
                    Example.tokens(a("a", "b"), a("X", "Y"), "l"),
                    Example.vectors(new float[][] {{0.1f, -2.5e-8f}, {3, 4}}, a("normal", "anomaly"), "faulty"));
            Path f = dir.resolve("rt.jsonl");
            ExampleFormat.JSONL.write(examples, f);
            assertEquals(examples, ExampleFormat.JSONL.read(f));
        }
    }

    @Test
    void writeRefusesBeforeTouchingTheFile() throws IOException {
        Path f = file("keep.tsv", "ham\tkeep me\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExampleFormat.TSV.write(
                List.of(Example.tokens(a("ok"), null, "a"), Example.vectors(new float[][] {{1}}, null, "b")), f));
        assertEquals("example 2: tsv cannot hold dense vectors", e.getMessage());
        assertEquals("ham\tkeep me\n", Files.readString(f));
        assertEquals(List.of(f), Files.list(dir).toList());
    }

    @Test
    void namesAndExtensions() {
        assertEquals(ExampleFormat.TSV_TEXT_LABEL, ExampleFormat.named("tsv-text-label"));
        assertEquals("unknown format 'csv' (expected one of: conllu, conll, tsv, tsv-text-label, jsonl)",
                assertThrows(IllegalArgumentException.class, () -> ExampleFormat.named("csv")).getMessage());
        assertEquals(Optional.of(ExampleFormat.CONLLU), ExampleFormat.forFileName(Path.of("x/en.CONLLU")));
        assertEquals(Optional.of(ExampleFormat.CONLL), ExampleFormat.forFileName(Path.of("btc.conll")));
        assertEquals(Optional.of(ExampleFormat.JSONL), ExampleFormat.forFileName(Path.of("a.jsonl")));
        assertEquals(Optional.empty(), ExampleFormat.forFileName(Path.of("btc.dev")));
    }
}
