package io.rnnstreams.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Groups examples of similar length into batches, so little compute goes to padding: shuffle
 * (so equal lengths mix differently each epoch), stable sort by length, cut into batches,
 * shuffle the batch order.
 */
public final class LengthBatches {
    private LengthBatches() {}

    public static List<List<Example>> of(List<Example> examples, int batchSize, RandomGenerator rng) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1");
        }
        List<Example> sorted = new ArrayList<>(examples);
        shuffle(sorted, rng);
        sorted.sort(Comparator.comparingInt(Example::length));
        List<List<Example>> batches = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i += batchSize) {
            batches.add(List.copyOf(sorted.subList(i, Math.min(i + batchSize, sorted.size()))));
        }
        shuffle(batches, rng);
        return batches;
    }

    /** Fisher-Yates with the given generator (Collections.shuffle wants a java.util.Random). */
    public static <T> void shuffle(List<T> list, RandomGenerator rng) {
        for (int i = list.size() - 1; i > 0; i--) {
            Collections.swap(list, i, rng.nextInt(i + 1));
        }
    }
}
