package io.rnnstreams.train;

import io.rnnstreams.data.Example;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The held-out examples accumulated across windows, one chunk per window, newest kept. One
 * window's share alone is too small for a stable accuracy (100 examples move it by 1% each);
 * dropping the oldest chunks follows drift. Each chunk remembers the published model's score on
 * it, so a window scores the published model on its new chunk only, and the cap keeps scoring the
 * candidate cheap next to training.
 */
final class HeldOutSet {
    static final int MAX_EXAMPLES = 2_000;
    static final long MAX_STEPS = 50_000;

    /** One window's held-out examples and the published model's score on them (null = not yet). */
    static final class Chunk {
        final List<Example> examples;
        final long steps;
        HeldOutScore published;

        Chunk(List<Example> examples) {
            this.examples = List.copyOf(examples);
            this.steps = examples.stream().mapToLong(Example::length).sum();
        }
    }

    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private int examples;
    private long steps;

    void add(List<Example> added) {
        int from = 0;
        long addedSteps = added.stream().mapToLong(Example::length).sum();
        while (from < added.size() - 1 && (added.size() - from > MAX_EXAMPLES || addedSteps > MAX_STEPS)) {
            addedSteps -= added.get(from++).length();
        }
        if (from == added.size()) {
            return;
        }
        Chunk c = new Chunk(added.subList(from, added.size()));
        chunks.addLast(c);
        examples += c.examples.size();
        steps += c.steps;
        while (chunks.size() > 1 && (examples > MAX_EXAMPLES || steps > MAX_STEPS)) {
            Chunk old = chunks.removeFirst();
            examples -= old.examples.size();
            steps -= old.steps;
        }
    }

    List<Chunk> chunks() {
        return new ArrayList<>(chunks);
    }

    List<Example> examples() {
        List<Example> out = new ArrayList<>(examples);
        chunks.forEach(c -> out.addAll(c.examples));
        return out;
    }

    int size() {
        return examples;
    }

    void clear() {
        chunks.clear();
        examples = 0;
        steps = 0;
    }
}
