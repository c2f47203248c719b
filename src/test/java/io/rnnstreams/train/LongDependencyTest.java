package io.rnnstreams.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.data.Example;
import io.rnnstreams.data.LongDependencyTask;
import io.rnnstreams.data.SyntheticTask;
import io.rnnstreams.data.VocabularyBuilder;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelConfig;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The long-term dependency task at length 60: the label is set by a marker among the first
 * three tokens, the rest is noise. Gated cells learn it; the vanilla RNN's gradient vanishes
 * over the distance and it stays near chance.
 */
class LongDependencyTest {
    private static final int LENGTH = 60;

    @Test
    void gatedCellsLearnItAndTheVanillaRnnDoesNot() {
        SyntheticTask task = SyntheticTask.named(LongDependencyTask.NAME).withLength(LENGTH);
        List<Example> train = task.generate(1200, 1);
        List<Example> dev = task.generate(400, 2);
        double rnn = accuracy(CellType.RNN, train, dev);
        double lstm = accuracy(CellType.LSTM, train, dev);
        double gru = accuracy(CellType.GRU, train, dev);
        System.out.printf("long-dependency L=%d dev accuracy: rnn %.3f, lstm %.3f, gru %.3f%n", LENGTH, rnn, lstm, gru);
        assertTrue(gru >= 0.95, "GRU " + gru);
        assertTrue(lstm >= 0.95, "LSTM " + lstm);
        assertTrue(rnn <= 0.65, "vanilla RNN " + rnn + " should stay near chance");
    }

    private static double accuracy(CellType cell, List<Example> train, List<Example> dev) {
        ModelConfig config = ModelConfig.builder().cell(cell).hidden(32).embed(16).unknownBuckets(4)
                .features(Set.of(), 0).labelClasses(VocabularyBuilder.labelClasses(train)).build();
        Model model = Model.create(config, VocabularyBuilder.tokens(train, 1, 1000), new SplittableRandom(1));
        TrainingSettings settings = new TrainingSettings(4, 32, 0.01, "adam", 0, 0, 5, 0, "cosine", 1, 0, 0);
        Fit.run(model, train, null, Task.LABEL, settings, null);
        return Evaluation.evaluate(new InferenceModel(model), dev, Task.LABEL).accuracy();
    }
}
