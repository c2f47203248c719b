package io.rnnstreams.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightInitTest {
    @Test
    void featureRowsStartAtZeroAndWordRowsRandom() {
        ModelConfig config = TinyBatches.tokenConfig(CellType.LSTM, 1);
        Model model = Model.create(config, TinyBatches.vocabulary(), new SplittableRandom(1));
        for (double v : model.param(Model.FEATURES).values()) {
            assertEquals(0.0, v, "a feature row no training token reaches must add nothing");
        }
        double sumSquares = 0;
        double[] words = model.param(Model.EMBEDDING).values();
        for (double v : words) {
            sumSquares += v * v;
        }
        double variance = sumSquares / words.length;
        double expected = 1.0 / (1 + config.featuresPerToken());
        assertTrue(variance > expected / 3 && variance < expected * 3, "word row variance " + variance);
    }
}
