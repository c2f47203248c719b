package io.rnnstreams.train;

import io.rnnstreams.data.Example;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ParameterAverage;
import java.util.List;

/**
 * Offline training: epochs over a data set with a cosine schedule over the whole run; after
 * each epoch the model is scored on the dev set (through the serving step) and the weights of the
 * epoch with the best {@link EvaluationReport#selectionScore} are kept. With a non-zero average
 * decay those weights are the running parameter average rather than the trained weights.
 */
public final class Fit {
    private Fit() {}

    /** The kept model, its dev score (null without dev data) and when it was reached. */
    public record Result(Model model, EvaluationReport dev, int bestEpoch, double seconds) {}

    /** Progress reporting (the command line prints it). */
    public interface Listener extends Training.BatchListener {
        /**
         * @param dev        the dev score of the weights that compete for keeping (null without dev data)
         * @param trainedDev with averaging, the dev score of the trained weights themselves, to show
         *                   what averaging adds; null otherwise
         */
        void epochDone(int epoch, int epochs, Training.PassStats stats, EvaluationReport dev,
                EvaluationReport trainedDev);
    }

    public static Result run(Model model, List<Example> train, List<Example> dev, Task devTask,
            TrainingSettings settings, Listener listener) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        long start = System.nanoTime();
        Training training = new Training(model, settings);
        training.planUpdates(training.updatesPerPass(train) * settings.epochs());
        Model best = null;
        EvaluationReport bestDev = null;
        int bestEpoch = settings.epochs();
        for (int epoch = 1; epoch <= settings.epochs(); epoch++) {
            Training.PassStats stats = training.pass(train, listener);
            EvaluationReport report = null;
            EvaluationReport trainedReport = null;
            if (dev != null && !dev.isEmpty()) {
                Model candidate = candidate(training);
                if (candidate != model) {
                    trainedReport = Evaluation.evaluate(new InferenceModel(model), dev, devTask);
                }
                report = Evaluation.evaluate(new InferenceModel(candidate), dev, devTask);
                if (bestDev == null || report.selectionScore() > bestDev.selectionScore()) {
                    bestDev = report;
                    best = candidate == model ? model.copy() : candidate;
                    bestEpoch = epoch;
                }
            }
            if (listener != null) {
                listener.epochDone(epoch, settings.epochs(), stats, report, trainedReport);
            }
        }
        return new Result(best != null ? best : candidate(training), bestDev, bestEpoch, (System.nanoTime() - start) / 1e9);
    }

    /** The weights that compete for keeping: the running average if there is one, else the model itself. */
    private static Model candidate(Training training) {
        ParameterAverage average = training.average();
        return average != null && average.updates() > 0 ? average.averagedModel() : training.model();
    }
}
