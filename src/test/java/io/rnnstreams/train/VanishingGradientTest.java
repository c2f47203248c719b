package io.rnnstreams.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.data.LongDependencyTask;
import io.rnnstreams.nn.CellType;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The trainer's gradient-norm metric shows why the long-dependency task defeats a vanilla RNN:
 * after a window of 60-step sequences, the gradient reaching 50 steps back is orders of magnitude
 * below the one reaching 1 step back for the vanilla cell, and not for LSTM or GRU.
 */
class VanishingGradientTest {
    private static final int LENGTH = 60;
    private static final int WINDOW = 64;

    @Test
    void theVanillaRnnGradientVanishesAndTheGatedOnesDoNot() throws Exception {
        Map<CellType, Double> ratio = new EnumMap<>(CellType.class);
        for (CellType cell : CellType.values()) {
            try (TrainerHarness h = new TrainerHarness(1)) {
                h.start(h.settings(WINDOW, 1, 0.005, 1.0, TrainerHarness.shape(cell, 16, Task.LABEL)));
                h.produce(new LongDependencyTask(LENGTH).generate(WINDOW, 3), 0);
                h.awaitWindow(1, Duration.ofMinutes(2));
                double back1 = exported(h, 1);
                double back50 = exported(h, 50);
                System.out.printf("%s: gradient norm 1 step back %.3e, 50 steps back %.3e%n", cell.id(), back1,
                        back50);
                assertTrue(back1 > 0 && back50 > 0, cell + ": norms were measured");
                assertTrue(Double.isNaN(exported(h, 100)), cell + ": nothing is 100 steps long");
                ratio.put(cell, back50 / back1);
            }
        }
        double rnn = ratio.get(CellType.RNN);
        for (CellType gated : new CellType[] {CellType.LSTM, CellType.GRU}) {
            assertTrue(rnn * 1000 < ratio.get(gated),
                    "norm 50 back / 1 back: rnn " + rnn + " is over 1000x below " + gated + " " + ratio.get(gated));
        }
        assertTrue(rnn < 1e-3, "the vanilla RNN's gradient 50 steps back has vanished: ratio " + rnn);
    }

    private static double exported(TrainerHarness h, int distance) {
        return h.metrics.registry().get("rnn.trainer.gradient.norm").tag("distance", Integer.toString(distance))
                .gauge().value();
    }
}
