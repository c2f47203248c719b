package io.rnnstreams.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A generated data set with known structure, for {@code synth}, {@code fit --synthetic} and the
 * demo. docs/synthetic-tasks.md describes each task, why it exists and the accuracy of the obvious
 * baselines and of the best possible predictor.
 *
 * <p>Generation is deterministic: the same seed gives the same examples on every run, JVM and JDK
 * version, and {@code generate(n, seed)} is a prefix of {@code generate(m, seed)} for n &lt; m.
 * {@link #examples(long)} streams them, for data sets larger than memory.
 */
public interface SyntheticTask {

    /** The name used on the command line. */
    String name();

    /** One line: what the examples hold. */
    String description();

    /** An endless stream of examples drawn with this seed ({@code hasNext()} is always true). */
    Iterator<Example> examples(long seed);

    /** The first n examples (n &ge; 0) of {@link #examples(long) examples(seed)}. */
    default List<Example> generate(int n, long seed) {
        if (n < 0) {
            throw new IllegalArgumentException("n must not be negative: " + n);
        }
        Iterator<Example> stream = examples(seed);
        List<Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(stream.next());
        }
        return out;
    }

    /**
     * The same task with sequences of the given length.
     *
     * @throws IllegalArgumentException if the task's lengths are part of its design, or the
     *     length is out of range
     */
    SyntheticTask withLength(int length);

    /** The command-line names of all tasks. */
    static List<String> names() {
        return List.of(HmmTask.NAME, LongDependencyTask.NAME, SensorTask.NAME);
    }

    /** The task with this name, in its default configuration. */
    static SyntheticTask named(String name) {
        return switch (name) {
            case HmmTask.NAME -> new HmmTask();
            case LongDependencyTask.NAME ->
                    new LongDependencyTask(LongDependencyTask.DEFAULT_LENGTH);
            case SensorTask.NAME -> new SensorTask();
            default -> throw new IllegalArgumentException("unknown synthetic task '" + name
                    + "' (expected one of: " + String.join(", ", names()) + ")");
        };
    }

    /** The task with this name, with sequences of {@code length} when it is not null. */
    static SyntheticTask named(String name, Integer length) {
        SyntheticTask task = named(name);
        return length == null ? task : task.withLength(length);
    }
}
