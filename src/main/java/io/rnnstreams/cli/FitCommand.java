package io.rnnstreams.cli;

import io.rnnstreams.data.Example;
import io.rnnstreams.data.LengthBatches;
import io.rnnstreams.data.VocabularyBuilder;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.Loss;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.nn.TokenFeature;
import io.rnnstreams.nn.Vocabulary;
import io.rnnstreams.train.EvaluationReport;
import io.rnnstreams.train.Fit;
import io.rnnstreams.train.Task;
import io.rnnstreams.train.Training;
import io.rnnstreams.train.TrainingSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code fit}: offline training from a file or a generated task, writing a model file. */
@Command(
        name = "fit",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Train a model offline and write it as a safetensors file (docs/model-format.md).",
            "Progress (epoch, examples/s, loss, dev accuracy) goes to stderr; the epoch with the best dev "
                    + "accuracy (entity F1 for BIO tag sets) is kept. Without --dev, a deterministic share of the data (--dev-share) is held "
                    + "out; with --synthetic, a separate generated dev set is used."},
        footer = {
            "",
            "Examples:",
            "  fit --synthetic hmm --task tag,label --out hmm.safetensors",
            "  fit --task tag --data en_ewt-ud-train.conllu --dev en_ewt-ud-dev.conllu --format conllu \\",
            "      --cell gru --hidden 128 --layers 2 --epochs 10 --out upos.safetensors",
            "  fit --task label --data sms.tsv --format tsv --out spam.safetensors"})
public final class FitCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--task", paramLabel = "TASK[,TASK]",
            description = "Heads to train: tag, label, next, or a comma list (default: what the data has: "
                    + "tags -> tag, labels -> label, else next). The first is the one dev accuracy selects on.")
    String task;

    @Mixin
    DataOptions data;

    @Option(names = "--dev", paramLabel = "PATH", description = "Dev file (same format as --data).")
    Path dev;

    @Option(names = "--dev-share", paramLabel = "F", defaultValue = "0.1",
            description = "Share of --data held out as dev set when there is no --dev (default: ${DEFAULT-VALUE}).")
    double devShare;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "Model file to write.")
    Path out;

    @Option(names = "--cell", paramLabel = "CELL", defaultValue = "gru",
            description = "rnn, lstm or gru (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--hidden", paramLabel = "N", defaultValue = "128", description = "Hidden size H (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", paramLabel = "N", defaultValue = "1", description = "Stacked layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--embed", paramLabel = "N", defaultValue = "64", description = "Token embedding width (default: ${DEFAULT-VALUE}).")
    int embed;

    @Option(names = "--features", paramLabel = "LIST", defaultValue = "lower,suffix,prefix,shape",
            description = "Token features summed into the input: lower, suffix, prefix, shape, suffix5 (4- and "
                    + "5-character suffixes), or none (default: ${DEFAULT-VALUE}).")
    String features;

    @Option(names = "--feature-buckets", paramLabel = "N", defaultValue = "16384",
            description = "Rows the token features hash into (default: ${DEFAULT-VALUE}).")
    int featureBuckets;

    @Option(names = "--unknown-buckets", paramLabel = "N", defaultValue = "256",
            description = "Rows unknown tokens hash into (default: ${DEFAULT-VALUE}).")
    int unknownBuckets;

    @Option(names = "--vocab-min-count", paramLabel = "N", defaultValue = "2",
            description = "Keep tokens seen at least N times; rarer ones go through the unknown buckets and "
                    + "features, which teaches the model unknown words (default: ${DEFAULT-VALUE}).")
    int vocabMinCount;

    @Option(names = "--vocab-max", paramLabel = "N", defaultValue = "50000", description = "Vocabulary size limit (default: ${DEFAULT-VALUE}).")
    int vocabMax;

    @Option(names = "--delay", paramLabel = "D", defaultValue = "0",
            description = "Look-ahead: emit the tag of token t after reading token t+D (default: ${DEFAULT-VALUE}).")
    int delay;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", description = "Passes over the data (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "32", description = "Sequences per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", paramLabel = "X", defaultValue = "0.002", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "adam", description = "adam or sgd (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--schedule", paramLabel = "NAME", defaultValue = "cosine",
            description = "constant, or cosine decay to 5%% of --lr over the run (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--tbptt", paramLabel = "K1,K2",
            description = "Truncated BPTT: update every K1 steps, backpropagating K2 >= K1 steps (default: full BPTT).")
    String tbptt;

    @Option(names = "--clip", paramLabel = "X", defaultValue = "5.0", description = "Global gradient-norm clip, 0 = none (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--dropout", paramLabel = "P", defaultValue = "0.0", description = "Dropout on the trunk's inputs and outputs (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--word-dropout", paramLabel = "P", defaultValue = "0",
            description = "Share of training tokens read as unknown words, their features kept, so the model learns "
                    + "to tag unknown words from their features (default: ${DEFAULT-VALUE}).")
    double wordDropout;

    @Option(names = "--average-decay", paramLabel = "D", defaultValue = "0",
            description = "Evaluate and keep a running average of the weights over the training updates, reaching "
                    + "back about 1/(1-D) updates (e.g. 0.999); 0 keeps the trained weights (default: ${DEFAULT-VALUE}).")
    double averageDecay;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of everything random (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        List<Example> train = data.load(seed);
        List<Example> devSet;
        if (dev != null) {
            devSet = data.read(dev);
        } else if (data.isSynthetic()) {
            devSet = data.task().generate(Math.max(200, data.n / 5), seed + 1_000_003);
        } else {
            if (!(devShare > 0 && devShare < 1)) {
                throw new UserError("--dev-share must be between 0 and 1");
            }
            List<Example> shuffled = new ArrayList<>(train);
            LengthBatches.shuffle(shuffled, new SplittableRandom(seed));
            int cut = (int) Math.round(shuffled.size() * devShare);
            devSet = shuffled.subList(0, cut);
            train = shuffled.subList(cut, shuffled.size());
        }
        List<Task> tasks = tasks(train);
        Model model = newModel(train, tasks);
        int[] k = UserError.ifInvalid(() -> TrainingSettings.parseTbptt(tbptt));
        TrainingSettings settings = UserError.ifInvalid(() -> new TrainingSettings(epochs, batch, lr, optimizer, k[0], k[1],
                clip, dropout, schedule, seed, averageDecay, wordDropout));
        err.printf("fit: %d training and %d dev examples, %s x%d H=%d, heads %s, %,d parameters%n", train.size(),
                devSet.size(), model.config().cell().id(), layers, hidden, tasks, model.parameterCount());
        ProgressBar bar = new ProgressBar(err);
        Fit.Result result = Fit.run(model, train, devSet, tasks.get(0), settings, new Fit.Listener() {
            @Override
            public void batchDone(int b, int batches, Loss loss) {
                bar.update(b, batches, String.format(Locale.ROOT, "batch %d/%d loss %.4f", b, batches,
                        loss.objective()));
            }

            @Override
            public void epochDone(int epoch, int total, Training.PassStats s, EvaluationReport report,
                    EvaluationReport trained) {
                bar.clear();
                err.printf(Locale.ROOT, "epoch %d/%d  loss %.4f  %,.0f ex/s  %,.0f tok/s  dev %s %.4f%s%s%s%n", epoch, total,
                        s.loss().objective(), s.examplesPerSecond(), s.tokensPerSecond(),
                        tasks.get(0).id(), report == null ? Double.NaN : report.accuracy(),
                        report == null || report.entities() == null ? ""
                                : String.format(Locale.ROOT, " entity F1 %.4f", report.entities().f1()),
                        trained == null ? ""
                                : String.format(Locale.ROOT, " (averaged; trained weights %.4f)", trained.accuracy()),
                        s.skipped() > 0 ? "  (" + s.skipped() + " non-finite batches skipped)" : "");
                err.flush();
            }
        });
        Model best = result.model();
        best.putMetadata("task", String.join(",", tasks.stream().map(Task::id).toList()));
        best.putMetadata("created", Instant.now().toString());
        best.putMetadata("training", String.format(Locale.ROOT,
                "{\"examples\":%d,\"epochs\":%d,\"best_epoch\":%d,\"batch\":%d,\"lr\":%s,\"optimizer\":\"%s\","
                        + "\"tbptt\":\"%s\",\"dropout\":%s,\"word_dropout\":%s,\"average_decay\":%s,\"seed\":%d,\"seconds\":%.1f}",
                train.size(), epochs, result.bestEpoch(), batch, lr, optimizer, tbptt == null ? "full" : tbptt,
                dropout, wordDropout, averageDecay, seed, result.seconds()));
        if (result.dev() != null) {
            best.putMetadata("dev_accuracy", Double.toString(result.dev().accuracy()));
            if (result.dev().entities() != null) {
                best.putMetadata("dev_entity_f1", Double.toString(result.dev().entities().f1()));
            }
        }
        ModelFile.write(best, out);
        err.printf(Locale.ROOT, "wrote %s (epoch %d, dev %s accuracy %.4f) in %.1f s%n", out, result.bestEpoch(),
                tasks.get(0).id(), result.dev() == null ? Double.NaN : result.dev().accuracy(), result.seconds());
        return 0;
    }

    private List<Task> tasks(List<Example> train) {
        Set<Task> set = new LinkedHashSet<>();
        if (task != null) {
            for (String t : task.split(",")) {
                set.add(UserError.ifInvalid(() -> Task.parse(t)));
            }
        } else if (train.stream().anyMatch(e -> e.tags() != null)) {
            set.add(Task.TAG);
        } else if (train.stream().anyMatch(e -> e.label() != null)) {
            set.add(Task.LABEL);
        } else {
            set.add(Task.NEXT);
        }
        if (set.contains(Task.TAG) && train.stream().noneMatch(e -> e.tags() != null)) {
            throw new UserError("--task tag needs data with tags");
        }
        if (set.contains(Task.LABEL) && train.stream().noneMatch(e -> e.label() != null)) {
            throw new UserError("--task label needs data with labels");
        }
        return new ArrayList<>(set);
    }

    private Model newModel(List<Example> train, List<Task> tasks) {
        boolean tokens = train.get(0).hasTokens();
        if (train.stream().anyMatch(e -> e.hasTokens() != tokens)) {
            throw new UserError("the data mixes token and vector examples");
        }
        ModelConfig.Builder b = ModelConfig.builder()
                .cell(UserError.ifInvalid(() -> CellType.parse(cell))).layers(layers).hidden(hidden).delay(delay)
                .tagClasses(tasks.contains(Task.TAG) ? VocabularyBuilder.tagClasses(train) : List.of())
                .labelClasses(tasks.contains(Task.LABEL) ? VocabularyBuilder.labelClasses(train) : List.of())
                .nextHead(tasks.contains(Task.NEXT));
        Vocabulary vocabulary = null;
        if (tokens) {
            Set<TokenFeature> set = features.equals("none") ? Set.of() : UserError.ifInvalid(() -> TokenFeature.parseSet(features));
            b.embed(embed).unknownBuckets(unknownBuckets).features(set, featureBuckets);
            vocabulary = VocabularyBuilder.tokens(train, vocabMinCount, vocabMax);
        } else {
            b.vectorInput(train.get(0).vectors()[0].length);
        }
        ModelConfig config = UserError.ifInvalid(b::build);
        return Model.create(config, vocabulary, new SplittableRandom(seed));
    }
}
