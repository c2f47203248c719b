package io.rnnstreams.data;

import io.rnnstreams.nn.Vocabulary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Vocabulary and class sets from training examples. Tokens seen at least minCount times are
 * kept, most frequent first (ties in code-point order), up to maxSize; the rest reach the model
 * through the unknown-token buckets and the token features.
 */
public final class VocabularyBuilder {
    private VocabularyBuilder() {}

    public static Vocabulary tokens(List<Example> examples, int minCount, int maxSize) {
        Map<String, Integer> counts = new HashMap<>();
        for (Example e : examples) {
            if (e.hasTokens()) {
                for (String t : e.tokens()) {
                    counts.merge(t, 1, Integer::sum);
                }
            }
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.removeIf(en -> en.getValue() < minCount);
        entries.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        List<String> words = new ArrayList<>();
        for (Map.Entry<String, Integer> en : entries) {
            if (words.size() + 2 >= maxSize) {
                break;
            }
            words.add(en.getKey());
        }
        return Vocabulary.of(words);
    }

    /** The distinct tags of the examples, sorted. */
    public static List<String> tagClasses(List<Example> examples) {
        TreeSet<String> set = new TreeSet<>();
        for (Example e : examples) {
            if (e.tags() != null) {
                set.addAll(List.of(e.tags()));
            }
        }
        return new ArrayList<>(set);
    }

    /** The distinct labels of the examples, sorted. */
    public static List<String> labelClasses(List<Example> examples) {
        TreeSet<String> set = new TreeSet<>();
        for (Example e : examples) {
            if (e.label() != null) {
                set.add(e.label());
            }
        }
        return new ArrayList<>(set);
    }
}
