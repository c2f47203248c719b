package io.rnnstreams.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BpttTest {

    @Test
    void truncationLongerThanTheBatchIsFullBptt() {
        Model a = TinyBatches.randomModel(TinyBatches.tokenConfig(CellType.GRU, 2), 31);
        Model b = a.copy();
        Batch batch = TinyBatches.batch(a, new int[] {7, 5, 6}, 32);
        Bptt.full(new Network(a), new Adam(0.01), 5, 0).train(batch, new SplittableRandom(1));
        new Bptt(new Network(b), new Adam(0.01), 10, 10, 5, 0).train(batch, new SplittableRandom(1));
        for (Param p : a.params()) {
            assertArrayEquals(p.values(), b.param(p.name()).values(), 0.0, p.name());
        }
    }

    @Test
    void truncatedWindowsCountEveryTargetOnce() {
        Model m = TinyBatches.randomModel(TinyBatches.tokenConfig(CellType.LSTM, 1), 33);
        Batch batch = TinyBatches.batch(m, new int[] {11, 9, 10}, 34);
        int tagTargets = 0;
        for (int t : batch.tagTargets()) {
            tagTargets += t >= 0 ? 1 : 0;
        }
        for (int[] k : new int[][] {{1, 1}, {2, 3}, {3, 3}, {4, 7}, {5, 20}}) {
            Bptt.Result r = new Bptt(new Network(m.copy()), new Sgd(0.0, 0), k[0], k[1], 0, 0)
                    .train(batch, new SplittableRandom(1));
            assertEquals(tagTargets, r.loss().count(Loss.TAG), "k1,k2 = " + k[0] + "," + k[1]);
            assertEquals(batch.rows(), r.loss().count(Loss.LABEL));
            assertEquals((batch.steps() + k[0] - 1) / k[0], r.updates());
        }
    }

    @Test
    void trainingReducesTheLoss() {
        Model m = TinyBatches.randomModel(TinyBatches.tokenConfig(CellType.GRU, 1), 35);
        Batch batch = TinyBatches.batch(m, new int[] {6, 6, 5, 4}, 36);
        Bptt bptt = Bptt.full(new Network(m), new Adam(0.05), 5, 0);
        double first = bptt.train(batch, new SplittableRandom(1)).loss().objective();
        double last = first;
        for (int i = 0; i < 300; i++) {
            last = bptt.train(batch, new SplittableRandom(1)).loss().objective();
        }
        assertTrue(last < first / 4, "loss " + first + " -> " + last);
    }

    @Test
    void nonFiniteGradientsSkipTheUpdate() {
        Model m = TinyBatches.randomModel(TinyBatches.vectorConfig(CellType.RNN, 1), 37);
        Batch batch = TinyBatches.batch(m, new int[] {3, 2}, 38);
        batch.vectors()[0] = Double.NaN;
        double[] before = m.param("tag.weight").values().clone();
        Bptt.Result r = Bptt.full(new Network(m), new Adam(0.1), 5, 0).train(batch, new SplittableRandom(1));
        assertEquals(1, r.skipped());
        assertEquals(0, r.updates());
        assertArrayEquals(before, m.param("tag.weight").values(), 0.0);
        assertTrue(m.isFinite());
    }
}
