package io.rnnstreams.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hmm task is learnable but not trivial: the baselines stay well below the Bayes-optimal
 * predictor computed from the true model. The figures printed here are the ones in
 * docs/synthetic-tasks.md.
 */
class HmmTaskTest {
    private static final HmmTask TASK = new HmmTask();
    private static final List<Example> TRAIN = TASK.generate(4_000, 1);
    private static final List<Example> TEST = TASK.generate(2_000, 2);

    @Test
    void examplesHaveTagsLabelsAndLengthsFromTheModel() {
        assertTrue(TASK.vocabulary().size() >= 190 && TASK.vocabulary().size() <= 230, "vocabulary size");
        for (Example e : TRAIN) {
            assertTrue(e.length() >= 5 && e.length() <= 30);
            assertTrue(TASK.labels().contains(e.label()));
            for (int t = 0; t < e.length(); t++) {
                assertTrue(TASK.vocabulary().contains(e.tokens()[t]));
                assertTrue(TASK.tags().contains(e.tags()[t]));
            }
        }
        assertEquals(26, TRAIN.stream().map(Example::length).distinct().count(), "every length 5..30 occurs");
    }

    @Test
    void mostFrequentTagBaselineStaysClearlyBelowTheOptimalCausalTagger() {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        Map<String, Integer> tagTotals = new HashMap<>();
        for (Example e : TRAIN) {
            for (int t = 0; t < e.length(); t++) {
                counts.computeIfAbsent(e.tokens()[t], w -> new HashMap<>()).merge(e.tags()[t], 1, Integer::sum);
                tagTotals.merge(e.tags()[t], 1, Integer::sum);
            }
        }
        String overall = argmax(tagTotals);
        int tokens = 0;
        int baselineRight = 0;
        int optimalRight = 0;
        int ambiguousTokens = 0;
        for (Example e : TEST) {
            String[] optimal = TASK.optimalTags(e.tokens());
            for (int t = 0; t < e.length(); t++) {
                Map<String, Integer> seen = counts.get(e.tokens()[t]);
                String guess = seen == null ? overall : argmax(seen);
                tokens++;
                baselineRight += guess.equals(e.tags()[t]) ? 1 : 0;
                optimalRight += optimal[t].equals(e.tags()[t]) ? 1 : 0;
                ambiguousTokens += seen != null && seen.size() > 1 ? 1 : 0;
            }
        }
        double baseline = (double) baselineRight / tokens;
        double optimal = (double) optimalRight / tokens;
        System.out.printf("hmm tags: %d test tokens, %.1f%% of them ambiguous words; "
                        + "most-frequent-tag %.2f%%, Bayes-optimal causal %.2f%%%n",
                tokens, 100.0 * ambiguousTokens / tokens, 100 * baseline, 100 * optimal);
        assertTrue(baseline < 0.92, "most-frequent-tag baseline too strong: " + baseline);
        assertTrue(baseline > 0.75, "most-frequent-tag baseline suspiciously weak: " + baseline);
        assertTrue(optimal > 0.95, "optimal tagger too weak: " + optimal);
        assertTrue(optimal - baseline > 0.05, "no room between baseline and ceiling");
    }

    @Test
    void majorityLabelIsChanceWhileTheOptimalLabelIsFarAbove() {
        Map<String, Integer> labels = new HashMap<>();
        TRAIN.forEach(e -> labels.merge(e.label(), 1, Integer::sum));
        String majority = argmax(labels);
        long majorityRight = TEST.stream().filter(e -> e.label().equals(majority)).count();
        long optimalRight = TEST.stream().filter(e -> TASK.optimalLabel(e.tokens()).equals(e.label())).count();
        double baseline = (double) majorityRight / TEST.size();
        double optimal = (double) optimalRight / TEST.size();
        System.out.printf("hmm label: majority %.2f%%, Bayes-optimal %.2f%%%n", 100 * baseline, 100 * optimal);
        assertTrue(baseline < 0.40);
        assertTrue(optimal > 0.85 && optimal < 0.995, "label should be learnable, not trivial: " + optimal);
    }

    @Test
    void trueModelCrossEntropyIsTheLanguageModelCeiling() {
        Map<String, Integer> unigram = new HashMap<>();
        long trainTokens = 0;
        for (Example e : TRAIN) {
            for (String w : e.tokens()) {
                unigram.merge(w, 1, Integer::sum);
                trainTokens++;
            }
        }
        int vocabulary = TASK.vocabulary().size();
        double unigramNats = 0;
        double modelNats = 0;
        long testTokens = 0;
        for (Example e : TEST) {
            for (String w : e.tokens()) {
                unigramNats -= Math.log((unigram.getOrDefault(w, 0) + 1.0) / (trainTokens + vocabulary));
            }
            modelNats -= TASK.logProbability(e.tokens());
            testTokens += e.length();
        }
        double unigramPerToken = unigramNats / testTokens;
        double modelPerToken = modelNats / testTokens;
        System.out.printf("hmm next token: unigram %.3f nats/token (perplexity %.1f), "
                        + "true model %.3f nats/token (perplexity %.1f)%n",
                unigramPerToken, Math.exp(unigramPerToken), modelPerToken, Math.exp(modelPerToken));
        assertTrue(modelPerToken < unigramPerToken - 0.3, "context should help next-token prediction");
    }

    @Test
    void optimalPredictorsRejectUnknownWords() {
        assertThrows(IllegalArgumentException.class, () -> TASK.optimalTags(new String[] {"the", "zebra"}));
        assertEquals(3, TASK.optimalTags(new String[] {"the", "dog", "walks"}).length);
        assertEquals(List.of("DET", "NOUN", "VERB"), List.of(TASK.optimalTags(new String[] {"the", "dog", "walks"})));
    }

    private static String argmax(Map<String, Integer> counts) {
        return counts.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .orElseThrow().getKey();
    }
}
