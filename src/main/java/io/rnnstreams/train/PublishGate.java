package io.rnnstreams.train;

import io.rnnstreams.data.Example;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether a candidate may be published: it is scored next to the last published model on
 * the same held-out examples, through the serving step, for every head the held-out data can
 * score, and held back when any accuracy drops by more than the tolerance.
 */
final class PublishGate {
    static final String REGRESSION = "regression";

    private final double tolerance;

    PublishGate(double tolerance) {
        this.tolerance = tolerance;
    }

    /**
     * The verdict: publish or not, why not (a short code and a sentence for the log), and the
     * held-out accuracies per task of both models (baseline empty when there is none).
     */
    record Decision(boolean publish, String reason, String detail, Map<Task, EvaluationReport> candidate,
            Map<Task, Double> baseline, int heldOut) {

        /** Accuracy of the first scored task (tag, label, next), NaN when nothing was scored. */
        double accuracy() {
            return candidate.values().stream().findFirst().map(EvaluationReport::accuracy).orElse(Double.NaN);
        }

        Double baselineAccuracy() {
            return baseline.values().stream().findFirst().orElse(null);
        }
    }

    Decision decide(Model candidate, Model baseline, List<Example> heldOut) {
        Map<Task, EvaluationReport> scores = new LinkedHashMap<>();
        Map<Task, Double> base = new LinkedHashMap<>();
        InferenceModel c = new InferenceModel(candidate);
        InferenceModel b = baseline == null ? null : new InferenceModel(baseline);
        List<String> drops = new ArrayList<>();
        for (Task task : tasks(candidate.config(), heldOut)) {
            EvaluationReport report = Evaluation.evaluate(c, heldOut, task);
            scores.put(task, report);
            if (b != null && supports(b.config(), task)) {
                double before = Evaluation.evaluate(b, heldOut, task).accuracy();
                base.put(task, before);
                if (before - report.accuracy() > tolerance) {
                    drops.add(String.format(Locale.ROOT, "%s accuracy %.4f < %.4f - %.4f", task.id(),
                            report.accuracy(), before, tolerance));
                }
            }
        }
        if (!drops.isEmpty()) {
            return new Decision(false, REGRESSION, String.join("; ", drops) + " on " + heldOut.size()
                    + " held-out examples", scores, base, heldOut.size());
        }
        return new Decision(true, null, null, scores, base, heldOut.size());
    }

    /** The tasks the model has a head for and the held-out data has targets for. */
    static List<Task> tasks(ModelConfig config, List<Example> heldOut) {
        List<Task> tasks = new ArrayList<>();
        if (config.hasTagHead() && heldOut.stream().anyMatch(e -> e.tags() != null)) {
            tasks.add(Task.TAG);
        }
        if (config.hasLabelHead() && heldOut.stream().anyMatch(e -> e.label() != null)) {
            tasks.add(Task.LABEL);
        }
        if (config.nextHead() && heldOut.stream().anyMatch(Example::hasTokens)) {
            tasks.add(Task.NEXT);
        }
        return tasks;
    }

    private static boolean supports(ModelConfig config, Task task) {
        return switch (task) {
            case TAG -> config.hasTagHead();
            case LABEL -> config.hasLabelHead();
            case NEXT -> config.nextHead();
        };
    }
}
