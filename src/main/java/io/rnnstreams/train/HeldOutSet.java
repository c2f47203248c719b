package io.rnnstreams.train;

import io.rnnstreams.data.Example;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The held-out examples accumulated across windows, newest kept. One window's share alone is too
 * small for a stable accuracy (100 examples move it by 1% each); the cap keeps the per-window
 * evaluation of two models cheap next to training, and dropping the oldest follows drift.
 */
final class HeldOutSet {
    static final int MAX_EXAMPLES = 2_000;
    static final long MAX_STEPS = 100_000;

    private final ArrayDeque<Example> examples = new ArrayDeque<>();
    private long steps;

    void addAll(Collection<Example> added) {
        for (Example e : added) {
            examples.addLast(e);
            steps += e.length();
        }
        while (examples.size() > MAX_EXAMPLES || (steps > MAX_STEPS && examples.size() > 1)) {
            steps -= examples.removeFirst().length();
        }
    }

    List<Example> examples() {
        return new ArrayList<>(examples);
    }

    int size() {
        return examples.size();
    }

    void clear() {
        examples.clear();
        steps = 0;
    }
}
