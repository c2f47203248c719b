package io.rnnstreams.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LongDependencyTaskTest {

    @Test
    void markerInTheFirstThreeDecidesTheLabelAndTheRestIsNoise() {
        List<Example> examples = new LongDependencyTask(60).generate(2_000, 5);
        int[] markerPositions = new int[3];
        for (Example e : examples) {
            assertEquals(60, e.length());
            assertEquals(e.label(), LongDependencyTask.optimalLabel(e.tokens()));
            int markers = 0;
            for (int t = 0; t < e.length(); t++) {
                String token = e.tokens()[t];
                if (token.equals("A") || token.equals("B")) {
                    markers++;
                    markerPositions[t]++;
                } else {
                    assertTrue(token.matches("n(1?[0-9])"), token);
                }
            }
            assertEquals(1, markers);
        }
        for (int count : markerPositions) {
            assertTrue(count > 550, "marker positions should be uniform over the first three");
        }
        long a = examples.stream().filter(e -> e.label().equals("a")).count();
        System.out.printf("long-dependency: majority label %.2f%%, optimal 100%%%n",
                100.0 * Math.max(a, examples.size() - a) / examples.size());
        assertTrue(Math.abs(a - 1_000) < 100, "labels should be balanced: " + a);
    }

    /** A bag-of-noise-words classifier (naive Bayes, trained on other data) is at chance. */
    @Test
    void noiseTokensCarryNoInformation() {
        LongDependencyTask task = new LongDependencyTask(60);
        Map<String, int[]> counts = new HashMap<>();
        for (Example e : task.generate(2_000, 1)) {
            int label = e.label().equals("a") ? 0 : 1;
            for (int t = 3; t < e.length(); t++) {
                counts.computeIfAbsent(e.tokens()[t], w -> new int[2])[label]++;
            }
        }
        List<Example> test = task.generate(2_000, 2);
        int right = 0;
        for (Example e : test) {
            double score = 0;
            for (int t = 3; t < e.length(); t++) {
                int[] c = counts.get(e.tokens()[t]);
                score += Math.log((c[0] + 1.0) / (c[1] + 1.0));
            }
            right += (score > 0 ? "a" : "b").equals(e.label()) ? 1 : 0;
        }
        double accuracy = (double) right / test.size();
        assertTrue(Math.abs(accuracy - 0.5) < 0.04, "noise-only classifier beats chance: " + accuracy);
    }

    @Test
    void lengthIsConfigurableWithinBounds() {
        assertEquals(200, new LongDependencyTask(60).withLength(200).generate(3, 1).get(2).length());
        assertThrows(IllegalArgumentException.class, () -> new LongDependencyTask(2));
        assertThrows(IllegalArgumentException.class, () -> new LongDependencyTask(100_001));
    }
}
