package io.rnnstreams.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Finite-difference gradient checks in double precision: for every cell, every head, stacked
 * layers, masked/padded batches, dropout, and truncated-BPTT windows from a carried state, the
 * analytic gradient of every parameter tensor matches central differences.
 */
class GradientCheckTest {
    private static final double EPS = 1e-6;
    private static final double TOLERANCE = 1e-5;
    private static final int[] LENGTHS = {5, 3, 4};

    @ParameterizedTest
    @EnumSource(CellType.class)
    void tokenModelWithAllHeadsTwoLayersAndPadding(CellType cell) {
        Model m = TinyBatches.randomModel(TinyBatches.tokenConfig(cell, 2), 1);
        Batch batch = TinyBatches.batch(m, LENGTHS, 2);
        check(m, batch, 0, batch.steps(), 0, null, 0.0);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void vectorModelWithTagAndLabelHeads(CellType cell) {
        Model m = TinyBatches.randomModel(TinyBatches.vectorConfig(cell, 2), 3);
        Batch batch = TinyBatches.batch(m, LENGTHS, 4);
        check(m, batch, 0, batch.steps(), 0, null, 0.0);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void truncatedWindowFromCarriedState(CellType cell) {
        Model m = TinyBatches.randomModel(TinyBatches.tokenConfig(cell, 2), 5);
        Batch batch = TinyBatches.batch(m, new int[] {6, 4, 6}, 6);
        BatchState start = BatchState.zeros(m.config(), batch.rows());
        SplittableRandom rng = new SplittableRandom(7);
        for (int l = 0; l < m.config().layers(); l++) {
            for (int i = 0; i < start.h(l).length; i++) {
                start.h(l)[i] = rng.nextDouble() - 0.5;
                start.c(l)[i] = rng.nextDouble() - 0.5;
            }
        }
        // Window [2, 6): backpropagate 4 steps, losses only on the last 2 (k1 = 2, k2 = 4).
        check(m, batch, 2, 6, 4, start, 0.0);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void dropoutWithAFixedMask(CellType cell) {
        Model m = TinyBatches.randomModel(TinyBatches.tokenConfig(cell, 2), 8);
        Batch batch = TinyBatches.batch(m, LENGTHS, 9);
        check(m, batch, 0, batch.steps(), 0, null, 0.3);
    }

    private static void check(Model m, Batch batch, int from, int to, int lossFrom, BatchState start,
            double dropout) {
        Network net = new Network(m);
        NetworkCache cache = new NetworkCache(m.config());
        m.zeroGrad();
        net.forward(batch, from, to, lossFrom, start, dropout, new SplittableRandom(42), cache);
        net.backward(cache);
        for (Param p : m.params()) {
            double[] v = p.values();
            double[] numeric = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                double saved = v[i];
                v[i] = saved + EPS;
                double plus = net.forward(batch, from, to, lossFrom, start, dropout, new SplittableRandom(42), cache).objective();
                v[i] = saved - EPS;
                double minus = net.forward(batch, from, to, lossFrom, start, dropout, new SplittableRandom(42), cache).objective();
                v[i] = saved;
                numeric[i] = (plus - minus) / (2 * EPS);
            }
            double diff = 0;
            double scale = 0;
            double[] analytic = p.gradient();
            for (int i = 0; i < v.length; i++) {
                diff += sq(analytic[i] - numeric[i]);
                scale += sq(analytic[i]) + sq(numeric[i]);
            }
            double relative = Math.sqrt(diff) / Math.max(Math.sqrt(scale), 1e-12);
            assertTrue(scale > 0, p + ": gradient is identically zero, nothing was checked");
            assertTrue(relative < TOLERANCE, p + ": relative error " + relative + " (gradient norm " + Math.sqrt(scale) + ")");
        }
    }

    private static double sq(double x) {
        return x * x;
    }
}
