package io.rnnstreams.data;

import java.util.List;

/**
 * A generated data set with known structure, for {@code synth}, {@code fit --synthetic} and the
 * demo. docs/synthetic-tasks.md describes each task, why it exists and the accuracy of the obvious
 * baselines and of the best possible predictor.
 *
 * <p>Generation is deterministic: the same seed gives the same examples on every run, JVM and JDK
 * version, and {@code generate(n, seed)} is a prefix of {@code generate(m, seed)} for n &lt; m.
 */
public interface SyntheticTask {

    /** The name used on the command line. */
    String name();

    /** One line: what the examples hold. */
    String description();

    /** n examples (n &ge; 0) drawn with this seed. */
    List<Example> generate(int n, long seed);

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
}
