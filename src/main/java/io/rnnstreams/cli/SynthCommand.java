package io.rnnstreams.cli;

import io.rnnstreams.data.Example;
import io.rnnstreams.data.ExampleFormat;
import io.rnnstreams.data.SyntheticTask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code synth}: writes a generated data set to a file. */
@Command(
        name = "synth",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Write a generated data set with known structure to a file.",
            "See docs/synthetic-tasks.md for what each task tests and its baselines.",
            "",
            "Tasks:",
            "  hmm              tokens, 6 POS-like tags and a dialect label (north,",
            "                   south, west) from a known HMM; 5-30 tokens",
            "  long-dependency  label a/b set by a marker A/B among the first 3 of",
            "                   L tokens, then noise: vanilla RNNs fail, LSTM/GRU not",
            "  sensor           sessions of 20-80 events of 4 numbers (value, delta,",
            "                   rate, clock), tags normal/anomaly, label healthy/faulty",
            "",
            "Formats and what they hold:",
            "  jsonl            everything (tokens or vectors, tags, label)",
            "  conllu           tokens, tags (UPOS), label (# label = ... comment)",
            "  conll            tokens and tags (token<TAB>tag)",
            "  tsv              tokens and label (label<TAB>text)",
            "  tsv-text-label   tokens and label (text<TAB>label)",
            "A combination that would lose information is refused; leave parts out",
            "explicitly with --drop (hmm as tsv needs --drop tags).",
            ""},
        footer = {
            "",
            "Examples:",
            "  synth hmm --out hmm.jsonl --n 5000",
            "  synth long-dependency --length 100 --out long.tsv",
            "  synth hmm --out lm.conllu --drop tags,label   (language-model data)",
            "  synth sensor --out sensor.jsonl --seed 7"})
final class SynthCommand implements Callable<Integer> {
    static final int MAX_EXAMPLES = 100_000_000;
    /** From this many examples on, progress goes to stderr every tenth. */
    static final int PROGRESS_FROM = 100_000;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TASK", description = "hmm, long-dependency or sensor.")
    String task;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "File to write (replaced if it exists; its directory must exist).")
    Path out;

    @Option(names = "--n", paramLabel = "N", defaultValue = "1000",
            description = "Number of examples, 1.." + MAX_EXAMPLES + " (default: ${DEFAULT-VALUE});"
                    + " written as generated, with progress on stderr from " + PROGRESS_FROM + " on.")
    int n;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Random seed; the same seed gives the same file"
                    + " (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "jsonl, conllu, conll, tsv or tsv-text-label (default: from the extension"
                    + " of FILE: .jsonl .conllu .conll .tsv; otherwise jsonl).")
    String format;

    @Option(names = "--length", paramLabel = "L",
            description = "Sequence length for long-dependency, 3..100000 (default: 60).")
    Integer length;

    @Option(names = "--drop", paramLabel = "PART", split = ",",
            description = "Leave out 'tags' and/or 'label' from every example.")
    List<String> drop = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        if (n < 1 || n > MAX_EXAMPLES) {
            throw new UserError("--n must be between 1 and " + MAX_EXAMPLES + ", got " + n);
        }
        for (String part : drop) {
            if (!part.equals("tags") && !part.equals("label")) {
                throw new UserError("--drop takes 'tags' or 'label', got '" + part + "'");
            }
        }
        SyntheticTask generator = UserError.ifInvalid(() -> SyntheticTask.named(task, length));
        ExampleFormat target = format != null ? UserError.ifInvalid(() -> ExampleFormat.named(format))
                : ExampleFormat.forFileName(out).orElse(ExampleFormat.JSONL);
        Path directory = out.toAbsolutePath().getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new UserError("directory does not exist: " + directory);
        }
        if (Files.isDirectory(out)) {
            throw new UserError("--out is a directory: " + out);
        }

        Iterator<Example> stream = generator.examples(seed);
        Example first = strip(stream.next());
        Optional<String> why = target.whyNotWritable(first);
        if (why.isPresent()) {
            throw new UserError(why.get() + hint(target, first));
        }
        Counting counting = new Counting(first, stream);
        try {
            target.write(counting, out);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        spec.commandLine().getOut().printf("wrote %,d %s example%s (%,d %s) to %s as %s%n",
                n, generator.name(), n == 1 ? "" : "s", counting.steps,
                first.hasTokens() ? "tokens" : "events", out, target);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The first n examples, stripped, counted, with progress on stderr for large sets. */
    private final class Counting implements Iterator<Example> {
        private final Iterator<Example> rest;
        private Example pending;
        private int written;
        private long steps;

        Counting(Example first, Iterator<Example> rest) {
            this.pending = first;
            this.rest = rest;
        }

        @Override
        public boolean hasNext() {
            return written < n;
        }

        @Override
        public Example next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Example e = pending != null ? pending : strip(rest.next());
            pending = null;
            written++;
            steps += e.length();
            if (n >= PROGRESS_FROM && written % (n / 10) == 0) {
                spec.commandLine().getErr().printf("synth: %,d / %,d examples%n", written, n);
                spec.commandLine().getErr().flush();
            }
            return e;
        }
    }

    private Example strip(Example e) {
        boolean dropTags = drop.contains("tags");
        boolean dropLabel = drop.contains("label");
        if (!dropTags && !dropLabel) {
            return e;
        }
        String[] tags = dropTags ? null : e.tags();
        String label = dropLabel ? null : e.label();
        return e.hasTokens() ? Example.tokens(e.tokens(), tags, label)
                : Example.vectors(e.vectors(), tags, label);
    }

    /** What the user can do about a refused combination. */
    private static String hint(ExampleFormat target, Example e) {
        if (!e.hasTokens()) {
            return "; use --format jsonl";
        }
        boolean labelledText =
                target == ExampleFormat.TSV || target == ExampleFormat.TSV_TEXT_LABEL;
        if (e.tags() != null && labelledText) {
            return "; add --drop tags, or use --format jsonl or conllu";
        }
        if (e.label() != null && target == ExampleFormat.CONLL) {
            return "; add --drop label, or use --format jsonl or conllu";
        }
        return "; use --format jsonl";
    }
}
