package io.rnnstreams.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rnnstreams.data.Example;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.nn.Predictor;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code predict}: one JSON line of predictions per input sequence. */
@Command(
        name = "predict",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Predict every sequence of a data set; prints JSON lines, one per sequence:",
            "  tag models:   {\"tokens\":[..],\"tags\":[..],\"tag_p\":[[..full distribution..],..]}",
            "  label models: {\"label\":..,\"label_p\":[..]} (with --running also \"running_label_p\": the "
                    + "distribution after each token)",
            "Distributions follow the class order in the model metadata (tag_classes, label_classes)."})
public final class PredictCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file.")
    Path model;

    @Mixin
    DataOptions data;

    @Option(names = "--running", description = "Also print the label distribution after every token.")
    boolean running;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "2", description = "Seed for --synthetic data (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        InferenceModel m = new InferenceModel(ModelFile.readEnsemble(model));
        ModelConfig c = m.config();
        Predictor predictor = new Predictor(m);
        ObjectMapper json = new ObjectMapper();
        PrintWriter out = spec.commandLine().getOut();
        for (Example e : data.load(seed)) {
            if (e.hasTokens() != c.tokenInput()) {
                throw new UserError("the model reads " + (c.tokenInput() ? "tokens" : "vectors")
                        + " but the data has " + (e.hasTokens() ? "tokens" : "vectors"));
            }
            Predictor.Prediction p = e.hasTokens() ? predictor.tokens(e.tokens(), running)
                    : predictor.vectors(e.vectors(), running);
            ObjectNode o = json.createObjectNode();
            if (e.hasTokens()) {
                ArrayNode t = o.putArray("tokens");
                for (String s : e.tokens()) {
                    t.add(s);
                }
            }
            if (p.tags() != null) {
                ArrayNode tags = o.putArray("tags");
                ArrayNode probs = o.putArray("tag_p");
                for (int i = 0; i < p.tags().length; i++) {
                    tags.add(c.tagClasses().get(p.tags()[i]));
                    ArrayNode row = probs.addArray();
                    for (float v : p.tagProbabilities()[i]) {
                        row.add(v);
                    }
                }
            }
            if (p.labelProbabilities() != null) {
                o.put("label", c.labelClasses().get(p.label()));
                ArrayNode probs = o.putArray("label_p");
                for (float v : p.labelProbabilities()) {
                    probs.add(v);
                }
                if (p.runningLabelProbabilities() != null) {
                    ArrayNode run = o.putArray("running_label_p");
                    for (float[] step : p.runningLabelProbabilities()) {
                        ArrayNode row = run.addArray();
                        for (float v : step) {
                            row.add(v);
                        }
                    }
                }
            }
            out.println(json.writeValueAsString(o));
        }
        out.flush();
        return 0;
    }
}
