package io.rnnstreams.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.data.Example;
import io.rnnstreams.data.HmmTask;
import io.rnnstreams.data.VocabularyBuilder;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.Loss;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.Param;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** fit with --average-decay: the averaged weights are what is scored, reported and kept. */
class FitAverageTest {
    private final List<Example> train = new HmmTask().generate(300, 1);
    private final List<Example> dev = new HmmTask().generate(100, 2);

    private Model newModel() {
        ModelConfig config = ModelConfig.builder().cell(CellType.GRU).hidden(16).embed(8).unknownBuckets(4)
                .features(java.util.Set.of(), 0).tagClasses(VocabularyBuilder.tagClasses(train)).build();
        return Model.create(config, VocabularyBuilder.tokens(train, 1, 1000), new SplittableRandom(1));
    }

    private static TrainingSettings settings(double averageDecay) {
        return new TrainingSettings(2, 32, 0.01, "adam", 0, 0, 5, 0, "cosine", 1, averageDecay, 0);
    }

    /** Records what the listener is told after each epoch: {dev, trained weights' dev}. */
    private static final class Reports implements Fit.Listener {
        final List<EvaluationReport[]> epochs = new ArrayList<>();

        @Override
        public void batchDone(int batch, int batches, Loss runningLoss) {}

        @Override
        public void epochDone(int epoch, int total, Training.PassStats stats, EvaluationReport dev,
                EvaluationReport trainedDev) {
            epochs.add(new EvaluationReport[] {dev, trainedDev});
        }
    }

    @Test
    void keepsAndScoresTheAveragedWeights() {
        Model model = newModel();
        Reports reports = new Reports();
        Fit.Result result = Fit.run(model, train, dev, Task.TAG, settings(0.9), reports);

        assertEquals(2, reports.epochs.size());
        EvaluationReport[] last = reports.epochs.get(1);
        assertNotNull(last[1], "the trained weights' score is reported next to the average's");
        assertEquals(Evaluation.evaluate(new InferenceModel(model), dev, Task.TAG).accuracy(), last[1].accuracy());
        assertEquals(Evaluation.evaluate(new InferenceModel(result.model()), dev, Task.TAG).accuracy(),
                result.dev().accuracy(), "the kept model is the one whose score is reported");
        assertFalse(sameWeights(model, result.model()), "the kept weights are the average, not the trained ones");
    }

    @Test
    void withoutAveragingTheTrainedWeightsAreKept() {
        Model model = newModel();
        Reports reports = new Reports();
        Fit.Result result = Fit.run(model, train, null, Task.TAG, settings(0), reports);
        assertNull(reports.epochs.get(1)[1]);
        assertTrue(sameWeights(model, result.model()));
    }

    private static boolean sameWeights(Model a, Model b) {
        for (Param p : a.params()) {
            if (!Arrays.equals(p.values(), b.param(p.name()).values())) {
                return false;
            }
        }
        return true;
    }
}
