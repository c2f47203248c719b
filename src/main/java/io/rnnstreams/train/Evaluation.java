package io.rnnstreams.train;

import io.rnnstreams.data.Example;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.Predictor;
import io.rnnstreams.nn.StepWorkspace;
import io.rnnstreams.nn.TokenEncoder;
import io.rnnstreams.nn.Vocabulary;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores a model on examples through the serving step ({@link Predictor}), so offline scores
 * are exactly what the stream would produce; the counting is {@link ClassificationCounts}, which
 * scores predictions read back from the stream the same way.
 */
public final class Evaluation {
    private Evaluation() {}

    /** The task to score: the first of tag, label, next that both the model and the data have. */
    public static Task defaultTask(ModelConfig config, List<Example> examples) {
        boolean tags = examples.stream().anyMatch(e -> e.tags() != null);
        boolean labels = examples.stream().anyMatch(e -> e.label() != null);
        if (config.hasTagHead() && tags) {
            return Task.TAG;
        }
        if (config.hasLabelHead() && labels) {
            return Task.LABEL;
        }
        if (config.nextHead()) {
            return Task.NEXT;
        }
        throw new IllegalArgumentException("the data has nothing this model predicts (model heads: "
                + heads(config) + "; data: " + (tags ? "tags " : "") + (labels ? "labels" : "tokens only") + ")");
    }

    static String heads(ModelConfig c) {
        List<String> h = new ArrayList<>();
        if (c.hasTagHead()) {
            h.add("tag");
        }
        if (c.hasLabelHead()) {
            h.add("label");
        }
        if (c.nextHead()) {
            h.add("next");
        }
        return String.join(", ", h);
    }

    public static EvaluationReport evaluate(InferenceModel model, List<Example> examples, Task task) {
        ModelConfig c = model.config();
        switch (task) {
            case TAG -> require(c.hasTagHead(), "the model has no tag head");
            case LABEL -> require(c.hasLabelHead(), "the model has no label head");
            case NEXT -> require(c.nextHead(), "the model has no next-token head");
        }
        return task == Task.NEXT ? next(model, examples) : classify(model, examples, task);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    private static EvaluationReport classify(InferenceModel model, List<Example> examples, Task task) {
        ModelConfig c = model.config();
        List<String> classes = task == Task.TAG ? c.tagClasses() : c.labelClasses();
        ClassificationCounts counts = new ClassificationCounts(task, classes);
        Predictor predictor = new Predictor(model);
        for (Example e : examples) {
            if (task == Task.TAG ? e.tags() == null : e.label() == null) {
                continue;
            }
            Predictor.Prediction p = e.hasTokens() ? predictor.tokens(e.tokens(), false)
                    : predictor.vectors(e.vectors(), false);
            if (task == Task.TAG) {
                String[] predicted = new String[p.tags().length];
                for (int i = 0; i < predicted.length; i++) {
                    predicted[i] = classes.get(p.tags()[i]);
                }
                counts.addTags(e.tags(), predicted);
            } else {
                counts.addLabel(e.length(), e.label(), classes.get(p.label()));
            }
        }
        return counts.report();
    }

    private static EvaluationReport next(InferenceModel model, List<Example> examples) {
        TokenEncoder encoder = new TokenEncoder(model.config(), model.vocabulary());
        StepWorkspace ws = model.workspace(null);
        long tokens = 0;
        long correct = 0;
        double nll = 0;
        int used = 0;
        for (Example e : examples) {
            if (!e.hasTokens()) {
                continue;
            }
            used++;
            float[] state = new float[model.stateSize()];
            String[] t = e.tokens();
            for (int i = 0; i < t.length; i++) {
                model.step(state, t[i], ws);
                int target = i + 1 < t.length ? encoder.vocabularyId(t[i + 1]) : Vocabulary.EOS;
                float[] p = model.nextProbabilities(state, ws);
                correct += Predictor.argmax(p) == target ? 1 : 0;
                nll -= Math.log(Math.max(p[target], 1e-30));
                tokens++;
            }
        }
        return new EvaluationReport(Task.NEXT, used, tokens, tokens, correct, List.of(), new long[0][0], 0, 0, null,
                tokens == 0 ? Double.NaN : Math.exp(nll / tokens));
    }
}
