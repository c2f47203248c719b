package io.rnnstreams.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The serving step allocates nothing once warmed up (a regression guard for the hot path). */
class StepAllocationTest {
    private static final List<String> TOKENS = List.of("the", "Cat", "sat", "on", "zebra", "3.14", "!");

    /** GRU at H = 128 is also what the step benchmark measures (there with -prof gc). */
    @ParameterizedTest
    @CsvSource({"RNN,32", "LSTM,32", "GRU,32", "GRU,128"})
    void tokenStepAndHeadsAllocateNothing(CellType cell, int hidden) {
        ModelConfig config = ModelConfig.builder().cell(cell).layers(2).hidden(hidden).embed(16)
                .features(java.util.EnumSet.allOf(TokenFeature.class), 64)
                .tagClasses(List.of("A", "B", "C")).labelClasses(List.of("x", "y")).build();
        Model m = Model.create(config, TinyBatches.vocabulary(), new java.util.SplittableRandom(1));
        InferenceModel inference = new InferenceModel(m);
        StepWorkspace ws = inference.workspace(null);
        float[] state = new float[inference.stateSize()];
        String[] tokens = TOKENS.toArray(new String[0]);
        run(inference, ws, state, tokens, 20_000);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        run(inference, ws, state, tokens, 100_000);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // Any per-step allocation shows as >= 16 bytes x 100,000 steps = 1.6 MB; the slack covers
        // one-off allocations of the JVM on this thread (class init, JIT deoptimisation).
        assertTrue(allocated < 1024, "bytes allocated by 100,000 steps: " + allocated);
    }

    private static void run(InferenceModel inference, StepWorkspace ws, float[] state, String[] tokens, int n) {
        for (int i = 0; i < n; i++) {
            inference.step(state, tokens[i % tokens.length], ws);
            inference.tagProbabilities(state, ws);
            if (i % 50 == 49) {
                inference.labelProbabilities(state, ws);
                java.util.Arrays.fill(state, 0f);
            }
        }
    }
}
