package io.rnnstreams.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rnnstreams.data.Example;
import io.rnnstreams.data.HmmTask;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelFile;
import io.rnnstreams.stream.CompactStateAccuracy;
import io.rnnstreams.train.Fit;
import io.rnnstreams.train.Task;
import io.rnnstreams.train.TrainingSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bench --state-accuracy}: the effect of the float16 state encoding on the tags, for a
 * random model and for one trained on the {@code hmm} task, on fresh {@code hmm} sequences.
 */
final class StateAccuracyRun {
    static final int TRAIN_EXAMPLES = 3000;
    static final int DEV_EXAMPLES = 300;
    static final int EPOCHS = 3;
    static final int TEST_EXAMPLES = 2000;

    record Row(String model, CompactStateAccuracy.Result result) {}

    private StateAccuracyRun() {}

    static List<Row> run(List<BenchCase> cases, long seed, PrintWriter progress) {
        HmmTask task = new HmmTask();
        List<Example> test = task.generate(TEST_EXAMPLES, seed + 2);
        BenchWorkload shape = new BenchWorkload(1, false, seed);
        List<Row> rows = new ArrayList<>();
        List<BenchCase> models = cases.stream()
                .map(c -> new BenchCase(c.cell(), c.hidden(), "exactly_once_v2", "rocksdb", "float32")).distinct()
                .toList();
        for (BenchCase c : models) {
            String name = c.cell().id() + " H=" + c.hidden();
            Model model = c.model(shape, seed);
            rows.add(new Row(name + " random, hmm", CompactStateAccuracy.measure(new InferenceModel(model), test)));
            progress.printf("state accuracy: training %s on %,d hmm sequences (%d epochs)%n", name, TRAIN_EXAMPLES,
                    EPOCHS);
            progress.flush();
            Fit.Result fit = Fit.run(model, task.generate(TRAIN_EXAMPLES, seed), task.generate(DEV_EXAMPLES, seed + 1),
                    Task.TAG, TrainingSettings.defaults().withEpochs(EPOCHS).withSeed(seed), null);
            rows.add(new Row(name + " trained, hmm", CompactStateAccuracy.measure(new InferenceModel(fit.model()), test)));
        }
        return rows;
    }

    /** One given tagging model on given examples. */
    static Row measure(Path modelFile, List<Example> examples) {
        InferenceModel model = new InferenceModel(ModelFile.readEnsemble(modelFile));
        if (!model.config().hasTagHead()) {
            throw new UserError(modelFile + ": --state-accuracy compares tags, and this model has no tag head");
        }
        return new Row(modelFile.getFileName().toString(), CompactStateAccuracy.measure(model, examples));
    }

    static void printTable(List<Row> rows, PrintWriter out) {
        out.println("float16 vs float32 state (the math is float32 either way)");
        String header = String.format("%-28s %8s %10s %9s %9s %8s %8s", "model", "tokens", "agreement", "max|dp|",
                "mean|dp|", "acc f32", "acc f16");
        out.println(header);
        out.println("-".repeat(header.length()));
        for (Row r : rows) {
            CompactStateAccuracy.Result a = r.result();
            out.printf("%-28s %,8d %9.4f%% %9.5f %9.6f %7.2f%% %7.2f%%%n", r.model(), a.tokens(),
                    100 * a.agreement(), a.maxDifference(), a.meanDifference(), 100 * a.float32Accuracy(),
                    100 * a.float16Accuracy());
        }
        out.println("agreement: tokens with the same tag; dp: difference of a tag probability; acc: share of the "
                + "data's own tags (random models guess)");
        out.flush();
    }

    static void printJson(List<Row> rows, PrintWriter out) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ArrayNode array = json.createArrayNode();
        for (Row r : rows) {
            ObjectNode o = array.addObject();
            o.put("model", r.model());
            o.set("result", json.valueToTree(r.result()));
            o.put("agreement", r.result().agreement());
        }
        out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(array));
        out.flush();
    }
}
