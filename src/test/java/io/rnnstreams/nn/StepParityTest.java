package io.rnnstreams.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The float32 one-token step gives the same states and head distributions as the batched
 * double-precision forward used in training, step by step.
 */
class StepParityTest {
    private static final double TOLERANCE = 1e-5;
    private static final List<String> TOKENS = List.of("the", "Cat", "sat", "on", "the", "mat", "!", "zebra");

    @ParameterizedTest
    @EnumSource(CellType.class)
    void tokenModelWithPrecomputedProjection(CellType cell) {
        Model m = TinyBatches.randomModel(TinyBatches.tokenConfig(cell, 2), 11);
        compare(m, new InferenceModel(m), false);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void tokenModelWithoutPrecomputedProjection(CellType cell) {
        Model m = TinyBatches.randomModel(TinyBatches.tokenConfig(cell, 2), 12);
        InferenceModel inference = new InferenceModel(m, 0);
        assertEquals(false, inference.projectionPrecomputed());
        compare(m, inference, false);
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void vectorModel(CellType cell) {
        Model m = TinyBatches.randomModel(TinyBatches.vectorConfig(cell, 3), 13);
        compare(m, new InferenceModel(m), true);
    }

    private static void compare(Model m, InferenceModel inference, boolean vectors) {
        ModelConfig c = m.config();
        int steps = TOKENS.size();
        SplittableRandom rng = new SplittableRandom(5);
        double[] x = vectors ? new double[steps * c.inputWidth()] : null;
        int[] words = vectors ? null : new int[steps];
        int per = c.featuresPerToken();
        int[] features = vectors ? null : new int[steps * per];
        TokenEncoder encoder = vectors ? null : m.tokenEncoder();
        for (int t = 0; t < steps; t++) {
            if (vectors) {
                for (int k = 0; k < c.inputWidth(); k++) {
                    x[t * c.inputWidth() + k] = (float) rng.nextGaussian();
                }
            } else {
                words[t] = encoder.wordId(TOKENS.get(t));
                encoder.featureIds(TOKENS.get(t), features, t * per);
            }
        }
        double[] mask = new double[steps];
        java.util.Arrays.fill(mask, 1);
        int[] tags = c.hasTagHead() ? new int[steps] : null;
        int[] labels = c.hasLabelHead() ? new int[1] : null;
        int[] next = c.nextHead() ? new int[steps] : null;
        Batch batch = new Batch(1, steps, words, features, x, mask, tags, next, labels);
        Network net = new Network(m);
        NetworkCache cache = new NetworkCache(c);
        net.forward(batch, 0, steps, 0, null, 0, new SplittableRandom(1), cache);

        StepWorkspace ws = inference.workspace(null);
        float[] state = new float[inference.stateSize()];
        float[] v = new float[vectors ? c.inputWidth() : 0];
        int stride = c.cell().hasCellState() ? 2 * c.hidden() : c.hidden();
        for (int t = 0; t < steps; t++) {
            if (vectors) {
                for (int k = 0; k < v.length; k++) {
                    v[k] = (float) x[t * v.length + k];
                }
                inference.step(state, v, ws);
            } else {
                inference.step(state, TOKENS.get(t), ws);
            }
            for (int l = 0; l < c.layers(); l++) {
                for (int j = 0; j < c.hidden(); j++) {
                    assertEquals(cache.layers[l].h[t + 1].data[j], state[l * stride + j], TOLERANCE,
                            "h of layer " + l + " at step " + t);
                    if (c.cell().hasCellState()) {
                        assertEquals(cache.layers[l].c[t + 1].data[j], state[l * stride + c.hidden() + j], TOLERANCE,
                                "c of layer " + l + " at step " + t);
                    }
                }
            }
            if (c.hasTagHead()) {
                float[] p = inference.tagProbabilities(state, ws);
                for (int k = 0; k < c.tagClasses().size(); k++) {
                    assertEquals(cache.tag.probs.get(t, k), p[k], TOLERANCE, "tag p at step " + t);
                }
            }
            if (c.nextHead()) {
                float[] p = inference.nextProbabilities(state, ws);
                for (int k = 0; k < m.vocabulary().size(); k++) {
                    assertEquals(cache.next.probs.get(t, k), p[k], TOLERANCE, "next p at step " + t);
                }
            }
        }
        if (c.hasLabelHead()) {
            float[] p = inference.labelProbabilities(state, ws);
            for (int k = 0; k < c.labelClasses().size(); k++) {
                assertEquals(cache.label.probs.get(0, k), p[k], TOLERANCE, "label p");
            }
        }
    }
}
