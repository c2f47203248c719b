package io.rnnstreams.cli;

import io.rnnstreams.data.Example;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.Ensemble;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.ops.ConfigKeys;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bench}: end-to-end throughput and latency of the serving topology against a trivial one. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Measures the serving topology end to end in this process, against an in-process broker: "
                    + "M tokens over K keys are written first, then the clock runs from the topology's start "
                    + "until a consumer has read the last output. In the same run a trivial stateful topology "
                    + "(same store, state bytes, guarantee and outputs, no parsing or math) is timed the same "
                    + "way; the ratio of the two is what the model costs on top of Kafka Streams.",
            "Latency: after the backlog, tokens are sent at a share of the measured throughput and each "
                    + "output's receive time minus its input's send time is recorded.",
            "Every option taking a list runs the cross product. --set reaches every other setting "
                    + "(e.g. --set commit.interval.ms=50, --set kafka.producer.linger.ms=5).",
            "See docs/performance-end-to-end.md."},
        footer = {
            "",
            "Examples:",
            "  bench --quick",
            "  bench --cell gru --hidden 128 --guarantee exactly_once_v2 --store rocksdb --encoding float32",
            "  bench --json > bench.json",
            "  bench --model upos-x3.safetensors --guarantee exactly_once_v2 --store rocksdb --encoding float32",
            "  bench --soak 5m"})
public final class BenchCommand implements Callable<Integer> {
    static final long DEFAULT_TOKENS = 1_000_000;
    static final long QUICK_TOKENS = 100_000;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions config;

    @Option(names = "--quick", description = "A smoke check in under two minutes: 100,000 tokens, GRU H=128, exactly-once, "
            + "RocksDB, float32 and float16, one repeat, 3 s of latency.")
    boolean quick;

    @Option(names = "--tokens", paramLabel = "M", description = "Tokens per run (default 1,000,000, also for the soak's peak run; quick "
            + "100,000).")
    Long tokens;

    @Option(names = "--keys", paramLabel = "K", defaultValue = "10000",
            description = "Concurrent sequence keys (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--partitions", paramLabel = "P", defaultValue = "4",
            description = "Partitions of the tokens topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--cell", split = ",", paramLabel = "CELL", description = "rnn, lstm, gru (default: all).")
    List<String> cells;

    @Option(names = "--hidden", split = ",", paramLabel = "H", description = "Hidden widths (default: 64,128,256).")
    List<Integer> hidden;

    @Option(names = "--guarantee", split = ",", paramLabel = "G",
            description = "exactly_once_v2, at_least_once (default: both).")
    List<String> guarantees;

    @Option(names = "--store", split = ",", paramLabel = "STORE", description = "rocksdb, memory (default: both).")
    List<String> stores;

    @Option(names = "--encoding", split = ",", paramLabel = "ENC", description = "float32, float16 (default: both).")
    List<String> encodings;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Kafka Streams threads (num.stream.threads) of both the serving topology and its "
                    + "baseline in every run (default: ${DEFAULT-VALUE}). They share the machine's cores with the "
                    + "in-process broker and the bench's clients.")
    int threads;

    @Option(names = "--repeat", paramLabel = "N", description = "Runs per case; medians are reported "
            + "(default 3; quick 1).")
    Integer repeat;

    @Option(names = "--latency-seconds", paramLabel = "S", description = "Length of the paced latency phase of each "
            + "run (default 10; quick 3; 0 = none).")
    Integer latencySeconds;

    @Option(names = "--latency-share", paramLabel = "F", defaultValue = "0.5",
            description = "Rate of the latency phase as a share of the run's throughput (default: ${DEFAULT-VALUE}).")
    double latencyShare;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the input and the model.")
    long seed;

    @Option(names = "--json", description = "Print the results as JSON instead of a table.")
    boolean json;

    @Option(names = "--soak", paramLabel = "DURATION", description = "Soak instead of the matrix: measure the peak of "
            + "one case, then run at --soak-share of it for DURATION (e.g. 5m) with keys that go idle and expire.")
    String soak;

    @Option(names = "--state-accuracy", description = "Instead of the matrix, no broker: how float16 state changes "
            + "the tags of a random and of a trained model (default GRU H=128) on generated hmm sequences.")
    boolean stateAccuracy;

    @Option(names = "--model", paramLabel = "MODEL", description = "Bench this model or ensemble file instead of "
            + "random models of --cell x --hidden: a token model with a tag head and no delay (the bench's sequences "
            + "never end, so delayed tags would never come). With --state-accuracy: measure this tagging model on "
            + "--data instead (e.g. the EWT tagger of scripts/accuracy.sh).")
    Path model;

    @Option(names = "--data", paramLabel = "PATH", description = "With --state-accuracy --model: tagged examples "
            + "to measure on.")
    Path data;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Format of --data (default: from the file "
            + "extension).")
    String format;

    @Option(names = "--soak-share", paramLabel = "F", defaultValue = "0.5",
            description = "Soak rate as a share of the measured peak (default: ${DEFAULT-VALUE}).")
    double soakShare;

    @Option(names = "--soak-window", paramLabel = "DURATION", defaultValue = "10s",
            description = "Reporting window of the soak (default: ${DEFAULT-VALUE}).")
    String soakWindow;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "sequence.idle.timeout during the soak (default: ${DEFAULT-VALUE}).")
    String idleTimeout;

    @Override
    public Integer call() throws Exception {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (soak != null) {
            return soak(out, err);
        }
        if (stateAccuracy) {
            List<StateAccuracyRun.Row> rows = model != null
                    ? List.of(StateAccuracyRun.measure(model, tagExamples()))
                    : StateAccuracyRun.run(cases(), seed, err);
            if (json) {
                StateAccuracyRun.printJson(rows, out);
            } else {
                StateAccuracyRun.printTable(rows, out);
            }
            return 0;
        }
        List<BenchCase> cases = cases();
        int n = repeat != null ? repeat : quick ? 1 : 3;
        BenchRun.Plan plan = plan();
        err.printf("bench: %d case(s) x %d repeat(s), %,d tokens per run; starting the broker%n", cases.size(), n,
                plan.tokens());
        err.flush();
        try (BenchSession session = BenchSession.start(config, err)) {
            BenchSummary summary = new BenchMatrix(session, plan, cases, n).run();
            if (json) {
                summary.printJson(out);
            } else {
                summary.printTable(out);
            }
        }
        return 0;
    }

    private Integer soak(PrintWriter out, PrintWriter err) throws Exception {
        List<BenchCase> cases = cases();
        if (cases.size() != 1) {
            throw new UserError("--soak runs one case: give one --cell, --hidden, --guarantee, --store and "
                    + "--encoding (defaults: gru, 128, exactly_once_v2, rocksdb, float32)");
        }
        SoakRun.Settings s = new SoakRun.Settings(DurationOption.parse("--soak", soak),
                DurationOption.parse("--soak-window", soakWindow), DurationOption.parse("--idle-timeout", idleTimeout),
                soakShare, keys, partitions, seed,
                tokens != null ? tokens : DEFAULT_TOKENS);
        try (BenchSession session = BenchSession.start(config, err)) {
            SoakRun.Report report = new SoakRun(session, cases.get(0), s).run();
            if (json) {
                report.printJson(out);
            } else {
                report.printTable(out);
            }
            return report.stable() ? 0 : 1;
        }
    }

    private BenchRun.Plan plan() {
        long m = tokens != null ? tokens : quick ? QUICK_TOKENS : DEFAULT_TOKENS;
        int latency = latencySeconds != null ? latencySeconds : quick ? 3 : 10;
        return new BenchRun.Plan(m, keys, partitions, threads, seed, Duration.ofSeconds(latency), latencyShare);
    }

    /** The cross product of the list options; quick and soak narrow the defaults. */
    List<BenchCase> cases() {
        boolean narrow = quick || soak != null || stateAccuracy;
        List<String> cs = cells != null ? cells : narrow ? List.of("gru") : List.of("rnn", "lstm", "gru");
        List<Integer> hs = hidden != null ? hidden : narrow ? List.of(128) : List.of(64, 128, 256);
        List<String> gs = guarantees != null ? guarantees
                : narrow ? List.of("exactly_once_v2") : List.of("exactly_once_v2", "at_least_once");
        List<String> ss = stores != null ? stores : narrow ? List.of("rocksdb") : List.of("rocksdb", "memory");
        List<String> es = encodings != null ? encodings
                : soak != null ? List.of("float32") : List.of("float32", "float16");
        List<BenchCase> out = new ArrayList<>();
        if (model != null && !stateAccuracy) {
            BenchCase.ModelFileCase file = modelFileCase();
            for (String g : gs) {
                for (String s : ss) {
                    for (String e : es) {
                        out.add(BenchCase.of(file, g, s, e));
                    }
                }
            }
            return out;
        }
        for (String c : cs) {
            for (int h : hs) {
                for (String g : gs) {
                    for (String s : ss) {
                        for (String e : es) {
                            out.add(new BenchCase(CellType.parse(c), h, g, s, e));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** --model for the matrix, checked to be a model the bench can drive. */
    private BenchCase.ModelFileCase modelFileCase() {
        Ensemble e = ModelFile.readEnsemble(model);
        ModelConfig c = e.config();
        if (!c.tokenInput() || !c.hasTagHead() || c.delay() != 0) {
            throw new UserError(model + ": bench --model needs a token model with a tag head and delay 0; this one "
                    + (c.tokenInput() ? "" : "reads vectors, ") + (c.hasTagHead() ? "" : "has no tag head, ")
                    + "has delay " + c.delay());
        }
        return new BenchCase.ModelFileCase(model.getFileName().toString(), e);
    }

    /** The examples of --data, read as fit and eval read them. */
    private List<Example> tagExamples() throws IOException {
        DataOptions d = new DataOptions();
        d.format = format;
        return d.read(data);
    }

    private void validate() {
        if (stateAccuracy && (model != null) != (data != null)) {
            throw new UserError("--state-accuracy takes --model and --data together, or neither");
        }
        if (data != null && !stateAccuracy) {
            throw new UserError("--data goes with --state-accuracy --model");
        }
        if (model != null && !stateAccuracy && (cells != null || hidden != null || soak != null)) {
            throw new UserError("--model is benched in place of --cell and --hidden, and not with --soak");
        }
        check(cells, List.of("rnn", "lstm", "gru"), "--cell");
        check(guarantees, List.of("exactly_once_v2", "at_least_once"), "--guarantee");
        check(stores, List.of("rocksdb", "memory"), "--store");
        check(encodings, List.of("float32", "float16"), "--encoding");
        if (hidden != null && hidden.stream().anyMatch(h -> h < 1 || h > 8192)) {
            throw new UserError("--hidden must be between 1 and 8192, got " + hidden);
        }
        if (tokens != null && tokens < 1) {
            throw new UserError("--tokens must be at least 1, got " + tokens);
        }
        if (keys < 1) {
            throw new UserError("--keys must be at least 1, got " + keys);
        }
        if (partitions < 1) {
            throw new UserError("--partitions must be at least 1, got " + partitions);
        }
        if (threads < 1 || threads > 1024) {
            throw new UserError("--threads must be between 1 and 1024, got " + threads);
        }
        if (threads != 1 && (soak != null || stateAccuracy)) {
            throw new UserError("--threads applies to the matrix runs, not to --soak or --state-accuracy");
        }
        if (config.sets(ConfigKeys.NUM_STREAM_THREADS.name())) {
            throw new UserError("bench sets " + ConfigKeys.NUM_STREAM_THREADS.name() + " itself: use --threads");
        }
        if (repeat != null && repeat < 1) {
            throw new UserError("--repeat must be at least 1, got " + repeat);
        }
        if (latencySeconds != null && latencySeconds < 0) {
            throw new UserError("--latency-seconds must be >= 0, got " + latencySeconds);
        }
        if (!(latencyShare > 0 && latencyShare <= 1) || !(soakShare > 0 && soakShare <= 1)) {
            throw new UserError("--latency-share and --soak-share must be in (0, 1]");
        }
    }

    private static void check(List<String> given, List<String> allowed, String option) {
        if (given == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (String g : given) {
            if (!allowed.contains(g)) {
                throw new UserError(option + " accepts " + String.join(", ", allowed) + "; got '" + g + "'");
            }
            if (!seen.add(g)) {
                throw new UserError(option + " lists '" + g + "' twice");
            }
        }
    }
}
