package io.rnnstreams.train;

import io.rnnstreams.data.Example;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.Predictor;
import io.rnnstreams.nn.StepWorkspace;
import io.rnnstreams.nn.TokenEncoder;
import io.rnnstreams.nn.Vocabulary;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a model on examples through the serving step ({@link Predictor}), so offline scores
 * are exactly what the stream would produce.
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
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            index.put(classes.get(i), i);
        }
        long[][] confusion = new long[classes.size()][classes.size()];
        Predictor predictor = new Predictor(model);
        boolean bio = task == Task.TAG && BioSpans.isBioTagSet(classes);
        long tokens = 0;
        long scored = 0;
        long correct = 0;
        long unknown = 0;
        long predictedSpans = 0;
        long goldSpans = 0;
        long matchedSpans = 0;
        int used = 0;
        for (Example e : examples) {
            if (task == Task.TAG ? e.tags() == null : e.label() == null) {
                continue;
            }
            used++;
            tokens += e.length();
            Predictor.Prediction p = e.hasTokens() ? predictor.tokens(e.tokens(), false)
                    : predictor.vectors(e.vectors(), false);
            String[] gold = task == Task.TAG ? e.tags() : new String[] {e.label()};
            int[] predicted = task == Task.TAG ? p.tags() : new int[] {p.label()};
            for (int i = 0; i < gold.length; i++) {
                scored++;
                Integer g = index.get(gold[i]);
                if (g == null) {
                    unknown++;
                    continue;
                }
                confusion[g][predicted[i]]++;
                correct += g == predicted[i] ? 1 : 0;
            }
            if (bio) {
                String[] predictedTags = new String[predicted.length];
                for (int i = 0; i < predicted.length; i++) {
                    predictedTags[i] = classes.get(predicted[i]);
                }
                List<BioSpans.Span> gs = BioSpans.of(gold);
                List<BioSpans.Span> ps = BioSpans.of(predictedTags);
                goldSpans += gs.size();
                predictedSpans += ps.size();
                for (BioSpans.Span s : ps) {
                    matchedSpans += gs.contains(s) ? 1 : 0;
                }
            }
        }
        EvaluationReport.SpanScores spans = bio
                ? new EvaluationReport.SpanScores(predictedSpans, goldSpans, matchedSpans) : null;
        return new EvaluationReport(task, used, tokens, scored, correct, classes, confusion, unknown, spans, Double.NaN);
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
        return new EvaluationReport(Task.NEXT, used, tokens, tokens, correct, List.of(), new long[0][0], 0, null,
                tokens == 0 ? Double.NaN : Math.exp(nll / tokens));
    }
}
