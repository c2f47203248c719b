package io.rnnstreams.cli;

import io.rnnstreams.data.Example;
import io.rnnstreams.data.ExampleFormat;
import io.rnnstreams.data.SyntheticTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** Where examples come from: a file in a known format, or a generated task. */
final class DataOptions {
    @Option(names = "--data", paramLabel = "PATH", description = "Data file.")
    Path data;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "conllu, conll, tsv (label<TAB>text), tsv-text-label (text<TAB>label) or jsonl "
                    + "(default: from the file extension).")
    String format;

    @Option(names = "--synthetic", paramLabel = "TASK",
            description = "Use a generated data set instead of --data: hmm, long-dependency or sensor "
                    + "(docs/synthetic-tasks.md).")
    String synthetic;

    @Option(names = "--n", paramLabel = "N", defaultValue = "3000",
            description = "Examples to generate with --synthetic (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--length", paramLabel = "L",
            description = "Sequence length of the long-dependency task.")
    Integer length;

    boolean isSynthetic() {
        return synthetic != null;
    }

    SyntheticTask task() {
        if (synthetic == null) {
            throw new UserError("no --synthetic task");
        }
        return UserError.ifInvalid(() -> SyntheticTask.named(synthetic, length));
    }

    /** The examples of --data, or n generated ones with this seed. */
    List<Example> load(long seed) throws IOException {
        if ((data == null) == (synthetic == null)) {
            throw new UserError("give exactly one of --data PATH or --synthetic TASK");
        }
        if (synthetic != null) {
            if (n < 1) {
                throw new UserError("--n must be >= 1");
            }
            return task().generate(n, seed);
        }
        return read(data);
    }

    /** Reads a file in --format (or the format its extension implies). */
    List<Example> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new UserError(file + ": no such file");
        }
        ExampleFormat f = format != null ? UserError.ifInvalid(() -> ExampleFormat.named(format))
                : ExampleFormat.forFileName(file).orElseThrow(() ->
                        new UserError(file + ": cannot tell the format from the name; give --format"));
        List<Example> examples = f.read(file);
        if (examples.isEmpty()) {
            throw new UserError(file + ": no examples");
        }
        return examples;
    }
}
