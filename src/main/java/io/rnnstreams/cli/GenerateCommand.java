package io.rnnstreams.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rnnstreams.data.Tokenizer;
import io.rnnstreams.nn.Generator;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.nn.StepWorkspace;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code generate}: one-to-many, offline. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Generate a continuation with a model's next-token head: the prompt (tokenized as in "
                    + "docs/tokenizer.md) is read into the state, then N tokens are generated, each fed back. "
                    + "Greedy by default; stops early at end of sequence.",
            "Prints one JSON line: {\"tokens\":[..],\"p\":[..]} with each token's probability under the model."})
public final class GenerateCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "Model file (with a next head).")
    Path model;

    @Option(names = "--prompt", paramLabel = "TEXT", defaultValue = "", description = "Text to start from (default: empty).")
    String prompt;

    @Option(names = "--n", paramLabel = "N", defaultValue = "20", description = "Tokens to generate (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "0",
            description = "0 = greedy; otherwise sample from p^(1/T) (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0", description = "Sample among the K most likely tokens, 0 = all (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (n < 1 || temperature < 0 || topK < 0) {
            throw new UserError("--n must be >= 1, --temperature and --top-k >= 0");
        }
        InferenceModel m = new InferenceModel(ModelFile.readEnsemble(model));
        if (!m.config().nextHead()) {
            throw new UserError(model + " has no next-token head (train it with --task next)");
        }
        StepWorkspace ws = m.workspace(null);
        float[] state = new float[m.stateSize()];
        String[] tokens = new Tokenizer().tokenize(prompt);
        for (String t : tokens) {
            m.step(state, t, ws);
        }
        Generator.Generated g = Generator.generate(m, state, n, temperature, topK, new SplittableRandom(seed), ws);
        ObjectMapper json = new ObjectMapper();
        ObjectNode o = json.createObjectNode();
        ArrayNode t = o.putArray("tokens");
        g.tokens().forEach(t::add);
        ArrayNode p = o.putArray("p");
        for (float v : g.probabilities()) {
            p.add(v);
        }
        spec.commandLine().getOut().println(json.writeValueAsString(o));
        return 0;
    }
}
