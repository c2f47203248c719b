package io.rnnstreams.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The readers against the real data sets in ../shared/data, checked against the counts their
 * SOURCE.md files report. Skipped (with the reason) where a file is absent.
 */
class SharedDataTest {

    private static Path shared(String relative) {
        String root = System.getProperty("rnnstreams.shared.data");
        Assumptions.assumeTrue(root != null, "system property rnnstreams.shared.data is not set");
        Path file = Path.of(root, relative);
        Assumptions.assumeTrue(Files.isRegularFile(file), "shared data file absent: " + file);
        return file;
    }

    private static long steps(List<Example> examples) {
        return examples.stream().mapToLong(Example::length).sum();
    }

    private static Map<String, Integer> labelCounts(List<Example> examples) {
        Map<String, Integer> counts = new TreeMap<>();
        examples.forEach(e -> counts.merge(e.label(), 1, Integer::sum));
        return counts;
    }

    @Test
    void ewtDev() throws IOException {
        List<Example> dev = ExampleFormat.CONLLU.read(shared("ud-english-ewt/en_ewt-ud-dev.conllu"));
        assertEquals(2_001, dev.size());
        assertEquals(25_147, steps(dev));
        assertTrue(dev.stream().allMatch(e -> e.tags() != null && e.label() == null));
        assertEquals(List.of("From", "the", "AP", "comes", "this", "story", ":"), List.of(dev.get(0).tokens()));
        assertEquals(List.of("ADP", "DET", "PROPN", "VERB", "DET", "NOUN", "PUNCT"), List.of(dev.get(0).tags()));
    }

    @Test
    void ewtTrain() throws IOException {
        List<Example> train = ExampleFormat.CONLLU.read(shared("ud-english-ewt/en_ewt-ud-train.conllu"));
        assertEquals(12_544, train.size());
        assertEquals(204_577, steps(train));
        Map<String, Integer> upos = new TreeMap<>();
        train.forEach(e -> List.of(e.tags()).forEach(t -> upos.merge(t, 1, Integer::sum)));
        assertEquals(17, upos.size());
        assertEquals(34_751, upos.get("NOUN"));
        assertEquals(400, upos.get("X"));
    }

    @Test
    void broadTwitterCorpusDev() throws IOException {
        List<Example> dev = ExampleFormat.CONLL.read(shared("broad-twitter-corpus/btc.dev"));
        assertEquals(1_001, dev.size());
        assertEquals(15_027, steps(dev));
        long bPer = dev.stream().flatMap(e -> List.of(e.tags()).stream()).filter("B-PER"::equals).count();
        assertEquals(1_194, bPer);
    }

    @Test
    void smsSpam() throws IOException {
        List<Example> sms = ExampleFormat.TSV.read(shared("sms-spam/sms-train.tsv"));
        assertEquals(4_500, sms.size());
        assertEquals(Map.of("ham", 3_894, "spam", 606), labelCounts(sms));
    }

    @Test
    void sentimentLabelledSentences() throws IOException {
        Map<String, Map<String, Integer>> expected = Map.of(
                "amazon_cells_labelled.train.txt", Map.of("0", 385, "1", 415),
                "imdb_labelled.train.txt", Map.of("0", 395, "1", 405),
                "yelp_labelled.train.txt", Map.of("0", 411, "1", 389));
        for (var entry : expected.entrySet()) {
            List<Example> sentences = ExampleFormat.TSV_TEXT_LABEL.read(
                    shared("sentiment-labelled-sentences/" + entry.getKey()));
            assertEquals(800, sentences.size(), entry.getKey());
            assertEquals(entry.getValue(), labelCounts(sentences), entry.getKey());
        }
    }
}
