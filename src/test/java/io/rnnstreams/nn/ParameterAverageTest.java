package io.rnnstreams.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParameterAverageTest {
    private static final double EPS = 1e-12;

    /** Sets every weight of the model to {@code value}. */
    private static void fill(Model model, double value) {
        for (Param p : model.params()) {
            Arrays.fill(p.values(), value);
        }
    }

    @Test
    void plainMeanUntilTheDecayTakesOverThenExponential() {
        Model model = TinyBatches.randomModel(TinyBatches.vectorConfig(CellType.GRU, 1), 1);
        ParameterAverage average = new ParameterAverage(model, 0.75);
        // Weights 1, 2, 3, 4: 1 / (1 - 0.75) = 4 updates are a plain mean, 2.5.
        double[] expected = {1, 1.5, 2, 2.5};
        for (int t = 1; t <= 4; t++) {
            fill(model, t);
            average.update();
            assertEveryWeight(average.averagedModel(), expected[t - 1]);
        }
        // From then on a = 0.75 a + 0.25 w: 0.75 * 2.5 + 0.25 * 10 = 4.375, then 0.75 * 4.375 + 0.25 * 10.
        fill(model, 10);
        average.update();
        assertEveryWeight(average.averagedModel(), 4.375);
        average.update();
        assertEveryWeight(average.averagedModel(), 0.75 * 4.375 + 2.5);
        assertEquals(6, average.updates());
    }

    @Test
    void averagesEachWeightOnItsOwnAndLeavesTheModelAlone() {
        Model model = TinyBatches.randomModel(TinyBatches.tokenConfig(CellType.LSTM, 2), 2);
        List<Param> params = model.params();
        double[][] first = new double[params.size()][];
        for (int p = 0; p < params.size(); p++) {
            first[p] = params.get(p).values().clone();
        }
        ParameterAverage average = new ParameterAverage(model, 0.999);
        average.update();
        Model before = model.copy();
        TinyBatches.randomModel(model.config(), 3).params()
                .forEach(p -> System.arraycopy(p.values(), 0, model.param(p.name()).values(), 0, p.size()));
        average.update();
        Model averaged = average.averagedModel();
        for (int p = 0; p < params.size(); p++) {
            double[] now = params.get(p).values();
            double[] a = averaged.params().get(p).values();
            for (int i = 0; i < a.length; i++) {
                assertEquals((first[p][i] + now[i]) / 2, a[i], EPS, params.get(p).name() + "[" + i + "]");
            }
            assertArrayEquals(first[p], before.params().get(p).values(), 0);
        }
        assertEquals(model.config(), averaged.config());
        assertEquals(model.vocabulary().size(), averaged.vocabulary().size());
    }

    @Test
    void rejectsDecaysOutsideTheOpenUnitInterval() {
        Model model = TinyBatches.randomModel(TinyBatches.vectorConfig(CellType.RNN, 1), 1);
        assertThrows(IllegalArgumentException.class, () -> new ParameterAverage(model, 0));
        assertThrows(IllegalArgumentException.class, () -> new ParameterAverage(model, 1));
        assertThrows(IllegalStateException.class, () -> new ParameterAverage(model, 0.9).averagedModel());
    }

    private static void assertEveryWeight(Model model, double expected) {
        for (Param p : model.params()) {
            for (double v : p.values()) {
                assertEquals(expected, v, EPS, p.name());
            }
        }
    }
}
