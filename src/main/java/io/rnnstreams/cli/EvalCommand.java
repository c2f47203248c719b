package io.rnnstreams.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rnnstreams.data.Example;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.train.Evaluation;
import io.rnnstreams.train.Task;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code eval}: scores a model on a data set; one JSON object on stdout. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Score a model on labelled data through the serving step (so the figures are what the stream "
                    + "produces). Prints ONE JSON object: task, examples, tokens, accuracy, per-class "
                    + "precision/recall/F1, the confusion matrix (rows gold, columns predicted), entity-level "
                    + "scores for BIO tag sets, perplexity for the next-token task."})
public final class EvalCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file.")
    Path model;

    @Mixin
    DataOptions data;

    @Option(names = "--task", paramLabel = "TASK",
            description = "tag, label or next (default: the first head the model and the data both have).")
    String task;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "2", description = "Seed for --synthetic data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        InferenceModel m = new InferenceModel(ModelFile.readEnsemble(model));
        List<Example> examples = data.load(seed);
        Task t = task != null ? Task.parse(task) : Evaluation.defaultTask(m.config(), examples);
        ObjectMapper json = new ObjectMapper();
        spec.commandLine().getOut().println(json.writeValueAsString(
                Evaluation.evaluate(m, examples, t).toJson(json)));
        return 0;
    }
}
