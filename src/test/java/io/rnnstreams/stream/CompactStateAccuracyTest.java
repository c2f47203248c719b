package io.rnnstreams.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.data.Example;
import io.rnnstreams.data.HmmTask;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.Predictor;
import io.rnnstreams.nn.Vocabulary;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CompactStateAccuracyTest {
    @Test
    void float16StateKeepsNearlyEveryTagOfAnLstm() {
        HmmTask task = new HmmTask();
        ModelConfig config = ModelConfig.builder().cell(CellType.LSTM).hidden(32).embed(16)
                .tagClasses(task.tags()).build();
        InferenceModel model = new InferenceModel(
                Model.create(config, Vocabulary.of(task.vocabulary()), new SplittableRandom(3)));
        List<Example> examples = task.generate(200, 9);
        CompactStateAccuracy.Result r = CompactStateAccuracy.measure(model, examples);

        assertEquals(examples.stream().mapToInt(Example::length).sum(), r.tokens());
        assertTrue(r.agreement() > 0.99, "agreement " + r.agreement());
        assertTrue(r.maxDifference() > 0 && r.maxDifference() < 0.01, "max difference " + r.maxDifference());
        assertTrue(r.meanDifference() <= r.maxDifference());
        Example first = examples.get(0);
        Predictor.Prediction exact = new Predictor(model).tokens(first.tokens(), false);
        long correct = 0;
        for (int t = 0; t < first.length(); t++) {
            correct += task.tags().get(exact.tags()[t]).equals(first.tags()[t]) ? 1 : 0;
        }
        assertEquals(correct, CompactStateAccuracy.measure(model, List.of(first)).float32Correct(),
                "float32 tags are the predictor's");
    }

    @Test
    void aLookAheadModelIsScoredOnTheTagsItEmitsDStepsLate() {
        HmmTask task = new HmmTask();
        ModelConfig config = ModelConfig.builder().cell(CellType.GRU).hidden(16).embed(8)
                .tagClasses(task.tags()).delay(2).build();
        InferenceModel model = new InferenceModel(
                Model.create(config, Vocabulary.of(task.vocabulary()), new SplittableRandom(5)));
        List<Example> examples = task.generate(50, 11);
        CompactStateAccuracy.Result r = CompactStateAccuracy.measure(model, examples);

        assertEquals(examples.stream().mapToInt(Example::length).sum(), r.tokens(), "every token tagged once");
        Predictor predictor = new Predictor(model);
        long correct = 0;
        for (Example e : examples) {
            Predictor.Prediction p = predictor.tokens(e.tokens(), false);
            for (int t = 0; t < e.length(); t++) {
                correct += task.tags().get(p.tags()[t]).equals(e.tags()[t]) ? 1 : 0;
            }
        }
        assertEquals(correct, r.float32Correct(), "float32 tags are the predictor's, delay included");
    }
}
