package io.rnnstreams.data;

import java.util.Iterator;
import java.util.function.Supplier;

/** An endless iterator over examples drawn one at a time by a generator. */
final class ExampleStream implements Iterator<Example> {
    private final Supplier<Example> draw;

    ExampleStream(Supplier<Example> draw) {
        this.draw = draw;
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public Example next() {
        return draw.get();
    }
}
