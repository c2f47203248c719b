package io.rnnstreams.train;

import io.rnnstreams.data.Example;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.Predictor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one model got right on some held-out examples, per task: correct and scored predictions
 * (tokens for tag and next, sequences for label) and, for next, the summed negative
 * log-likelihood. Scores add up over disjoint example sets, so a set's score is kept per chunk and
 * only new chunks are scored. Tag and label come from one serving-step pass per example, the
 * same {@link Predictor} {@link Evaluation} uses.
 */
record HeldOutScore(long[] correct, long[] scored, double nextNll) {
    static final HeldOutScore EMPTY = new HeldOutScore(new long[Task.values().length],
            new long[Task.values().length], 0);

    static HeldOutScore of(InferenceModel model, List<Example> examples, List<Task> tasks) {
        long[] correct = new long[Task.values().length];
        long[] scored = new long[Task.values().length];
        double nll = 0;
        ModelConfig c = model.config();
        boolean tag = tasks.contains(Task.TAG);
        boolean label = tasks.contains(Task.LABEL);
        if (tag || label) {
            Map<String, Integer> tagIndex = index(c.tagClasses());
            Map<String, Integer> labelIndex = index(c.labelClasses());
            Predictor predictor = new Predictor(model);
            for (Example e : examples) {
                boolean scoreTags = tag && e.tags() != null;
                boolean scoreLabel = label && e.label() != null;
                if (!scoreTags && !scoreLabel) {
                    continue;
                }
                Predictor.Prediction p = e.hasTokens() ? predictor.tokens(e.tokens(), false)
                        : predictor.vectors(e.vectors(), false);
                if (scoreTags) {
                    for (int i = 0; i < e.tags().length; i++) {
                        correct[Task.TAG.ordinal()] += p.tags()[i] == tagIndex.getOrDefault(e.tags()[i], -1) ? 1 : 0;
                    }
                    scored[Task.TAG.ordinal()] += e.tags().length;
                }
                if (scoreLabel) {
                    correct[Task.LABEL.ordinal()] += p.label() == labelIndex.getOrDefault(e.label(), -1) ? 1 : 0;
                    scored[Task.LABEL.ordinal()]++;
                }
            }
        }
        if (tasks.contains(Task.NEXT)) {
            EvaluationReport next = Evaluation.evaluate(model, examples, Task.NEXT);
            correct[Task.NEXT.ordinal()] = next.correct();
            scored[Task.NEXT.ordinal()] = next.scored();
            nll = next.scored() == 0 ? 0 : Math.log(next.perplexity()) * next.scored();
        }
        return new HeldOutScore(correct, scored, nll);
    }

    HeldOutScore plus(HeldOutScore other) {
        long[] c = correct.clone();
        long[] s = scored.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] += other.correct[i];
            s[i] += other.scored[i];
        }
        return new HeldOutScore(c, s, nextNll + other.nextNll);
    }

    double accuracy(Task task) {
        long s = scored[task.ordinal()];
        return s == 0 ? Double.NaN : (double) correct[task.ordinal()] / s;
    }

    long scored(Task task) {
        return scored[task.ordinal()];
    }

    double perplexity() {
        long s = scored[Task.NEXT.ordinal()];
        return s == 0 ? Double.NaN : Math.exp(nextNll / s);
    }

    private static Map<String, Integer> index(List<String> classes) {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < classes.size(); i++) {
            m.put(classes.get(i), i);
        }
        return m;
    }
}
