package io.rnnstreams.bench;

import io.rnnstreams.nn.Vocabulary;
import java.util.ArrayList;
import java.util.List;

/** The synthetic vocabulary every benchmark uses: the two reserved tokens plus numbered words. */
final class BenchVocabulary {
    static final int SIZE = 5_000;

    private BenchVocabulary() {}

    static Vocabulary create() {
        List<String> words = new ArrayList<>(SIZE - 2);
        for (int i = 0; words.size() < SIZE - 2; i++) {
            words.add("w" + i);
        }
        Vocabulary v = Vocabulary.of(words);
        if (v.size() != SIZE) {
            throw new IllegalStateException("vocabulary of " + v.size() + " tokens, expected " + SIZE);
        }
        return v;
    }
}
