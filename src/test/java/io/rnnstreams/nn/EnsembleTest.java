package io.rnnstreams.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An ensemble serves the mean of its members' distributions, each member on its own slice of the state. */
class EnsembleTest {
    private static final String[] TOKENS = {"the", "Cat", "sat", "on", "zebra", "3.14"};

    private static Model member(CellType cell, int delay, Vocabulary vocabulary, int featureBuckets, long seed) {
        ModelConfig config = ModelConfig.builder().cell(cell).layers(2).hidden(5).embed(4).unknownBuckets(3)
                .features(EnumSet.of(TokenFeature.LOWER, TokenFeature.SUFFIX), featureBuckets)
                .tagClasses(List.of("A", "B", "C")).labelClasses(List.of("x", "y")).nextHead(true).delay(delay)
                .build();
        return Model.create(config, vocabulary, new SplittableRandom(seed));
    }

    @ParameterizedTest
    @EnumSource(CellType.class)
    void everyHeadIsTheMeanOfTheMembersAndEachMemberKeepsItsOwnState(CellType cell) {
        // Members may differ in their encoders (here the feature table), not in what callers see.
        List<Model> members = List.of(member(cell, 1, TinyBatches.vocabulary(), 7, 1),
                member(cell, 1, TinyBatches.vocabulary(), 11, 2), member(cell, 1, TinyBatches.vocabulary(), 7, 3));
        InferenceModel ensemble = new InferenceModel(Ensemble.averaging(members));
        assertEquals(3, ensemble.members());
        StepWorkspace ws = ensemble.workspace(null);
        float[] state = new float[ensemble.stateSize()];
        int memberState = members.get(0).config().stateSize();
        assertEquals(3 * memberState, state.length);

        InferenceModel[] alone = new InferenceModel[3];
        StepWorkspace[] aloneWs = new StepWorkspace[3];
        float[][] aloneState = new float[3][];
        for (int k = 0; k < 3; k++) {
            alone[k] = new InferenceModel(members.get(k));
            aloneWs[k] = alone[k].workspace(null);
            aloneState[k] = new float[memberState];
        }
        for (String token : TOKENS) {
            ensemble.step(state, token, ws);
            float[][] tag = new float[3][];
            float[][] label = new float[3][];
            float[][] next = new float[3][];
            for (int k = 0; k < 3; k++) {
                alone[k].step(aloneState[k], token, aloneWs[k]);
                assertArrayEquals(aloneState[k], Arrays.copyOfRange(state, k * memberState,
                        (k + 1) * memberState), "member " + k + "'s slice of the state after '" + token + "'");
                tag[k] = alone[k].tagProbabilities(aloneState[k], aloneWs[k]).clone();
                label[k] = alone[k].labelProbabilities(aloneState[k], aloneWs[k]).clone();
                next[k] = alone[k].nextProbabilities(aloneState[k], aloneWs[k]).clone();
            }
            assertMean(tag, ensemble.tagProbabilities(state, ws));
            assertMean(label, ensemble.labelProbabilities(state, ws));
            assertMean(next, ensemble.nextProbabilities(state, ws));
        }
        ensemble.stepEndOfSequence(state, ws);
        for (int k = 0; k < 3; k++) {
            alone[k].stepEndOfSequence(aloneState[k], aloneWs[k]);
            assertArrayEquals(aloneState[k], Arrays.copyOfRange(state, k * memberState,
                    (k + 1) * memberState), "member " + k + " after the end-of-sequence step");
        }
    }

    @Test
    void vectorMembersAverageToo() {
        List<Model> members = List.of(TinyBatches.randomModel(TinyBatches.vectorConfig(CellType.GRU, 1), 4),
                TinyBatches.randomModel(TinyBatches.vectorConfig(CellType.GRU, 1), 5));
        InferenceModel ensemble = new InferenceModel(Ensemble.averaging(members));
        float[] x = new float[members.get(0).config().inputWidth()];
        Arrays.fill(x, 0.3f);
        Predictor.Prediction mean = new Predictor(ensemble).vectors(new float[][] {x, x}, false);
        Predictor.Prediction a = new Predictor(new InferenceModel(members.get(0))).vectors(new float[][] {x, x}, false);
        Predictor.Prediction b = new Predictor(new InferenceModel(members.get(1))).vectors(new float[][] {x, x}, false);
        assertMean(new float[][] {a.labelProbabilities(), b.labelProbabilities()}, mean.labelProbabilities());
        assertMean(new float[][] {a.tagProbabilities()[1], b.tagProbabilities()[1]}, mean.tagProbabilities()[1]);
    }

    @Test
    void oneMemberIsExactlyTheModel() {
        byte[] file = ModelFile.write(member(CellType.LSTM, 0, TinyBatches.vocabulary(), 7, 6));
        Predictor.Prediction single = new Predictor(new InferenceModel(ModelFile.read(file))).tokens(TOKENS, true);
        Predictor.Prediction viaFile = new Predictor(new InferenceModel(ModelFile.readEnsemble(file)))
                .tokens(TOKENS, true);
        for (int t = 0; t < TOKENS.length; t++) {
            assertArrayEquals(single.tagProbabilities()[t], viaFile.tagProbabilities()[t]);
        }
        assertArrayEquals(single.labelProbabilities(), viaFile.labelProbabilities());
    }

    @Test
    void theMembersShareOneBudgetForPrecomputedProjections() {
        List<Model> members = List.of(member(CellType.GRU, 0, TinyBatches.vocabulary(), 7, 1),
                member(CellType.GRU, 0, TinyBatches.vocabulary(), 7, 2));
        long rows = TinyBatches.vocabulary().size() + 3 + 7;
        long oneMember = rows * 3 * 5 * 4;
        assertTrue(new InferenceModel(members.get(0), oneMember).projectionPrecomputed());
        assertTrue(new InferenceModel(Ensemble.averaging(members), 2 * oneMember).projectionPrecomputed());
        InferenceModel tight = new InferenceModel(Ensemble.averaging(members), 2 * oneMember - 2);
        assertEquals(false, tight.projectionPrecomputed(), "half of the budget each is too little");
        Predictor.Prediction fast = new Predictor(new InferenceModel(Ensemble.averaging(members), 2 * oneMember))
                .tokens(TOKENS, false);
        Predictor.Prediction slow = new Predictor(tight).tokens(TOKENS, false);
        for (int t = 0; t < TOKENS.length; t++) {
            assertArrayEquals(fast.tagProbabilities()[t], slow.tagProbabilities()[t], 1e-5f, "token " + t);
        }
    }

    @Test
    void membersThatServeDifferentlyAreRefusedWithTheDifference() {
        Vocabulary v = TinyBatches.vocabulary();
        Model base = member(CellType.GRU, 1, v, 7, 1);
        assertRefused(base, member(CellType.LSTM, 1, v, 7, 2), "member 1 is lstm 2x5, not the gru 2x5 of member 0's");
        assertRefused(base, member(CellType.GRU, 0, v, 7, 2), "member 1 has delay 0, not the delay 1 of member 0's");
        ModelConfig otherTags = ModelConfig.builder().cell(CellType.GRU).layers(2).hidden(5).embed(4).unknownBuckets(3)
                .tagClasses(List.of("A", "C", "B")).labelClasses(List.of("x", "y")).nextHead(true).delay(1).build();
        assertRefused(base, Model.create(otherTags, v, new SplittableRandom(2)), "has tag classes [A, C, B]");
        Vocabulary fewer = Vocabulary.of(List.of("the", "cat"));
        assertRefused(base, member(CellType.GRU, 1, fewer, 7, 2), "next-token head over another vocabulary");
        Model vectors = TinyBatches.randomModel(TinyBatches.vectorConfig(CellType.GRU, 1), 4);
        assertRefused(base, vectors, "member 1 is gru 1x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Ensemble(Collections.nCopies(Ensemble.MAX_MEMBERS + 1, base), Map.of()));
        assertTrue(e.getMessage().contains("1..16 members"), e.getMessage());
    }

    private static void assertRefused(Model a, Model b, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ensemble.averaging(List.of(a, b)));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void theEnsembleStepAllocatesNothing() {
        List<Model> members = List.of(member(CellType.GRU, 0, TinyBatches.vocabulary(), 7, 1),
                member(CellType.GRU, 0, TinyBatches.vocabulary(), 7, 2));
        InferenceModel ensemble = new InferenceModel(Ensemble.averaging(members));
        StepWorkspace ws = ensemble.workspace(null);
        float[] state = new float[ensemble.stateSize()];
        run(ensemble, ws, state, 20_000);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        run(ensemble, ws, state, 100_000);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < 1024, "bytes allocated by 100,000 ensemble steps: " + allocated);
    }

    private static void run(InferenceModel model, StepWorkspace ws, float[] state, int n) {
        for (int i = 0; i < n; i++) {
            model.step(state, TOKENS[i % TOKENS.length], ws);
            model.tagProbabilities(state, ws);
            if (i % 50 == 49) {
                model.labelProbabilities(state, ws);
                Arrays.fill(state, 0f);
            }
        }
    }

    private static void assertMean(float[][] members, float[] actual) {
        double total = 0;
        for (int i = 0; i < actual.length; i++) {
            double sum = 0;
            for (float[] m : members) {
                sum += m[i];
            }
            assertEquals(sum / members.length, actual[i], 1e-6, "class " + i);
            total += actual[i];
        }
        assertEquals(1.0, total, 1e-5, "a distribution");
    }
}
