package io.rnnstreams.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.data.Example;
import io.rnnstreams.data.HmmTask;
import io.rnnstreams.data.VocabularyBuilder;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.Model;
import io.rnnstreams.nn.ModelConfig;
import io.rnnstreams.nn.Param;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PublishGateTest {
    private static final List<Example> DATA = new HmmTask().generate(300, 3);

    private static Model model(long seed) {
        ModelConfig c = ModelConfig.builder().cell(CellType.GRU).hidden(12).embed(8)
                .tagClasses(VocabularyBuilder.tagClasses(DATA)).labelClasses(VocabularyBuilder.labelClasses(DATA))
                .nextHead(true).build();
        return Model.create(c, VocabularyBuilder.tokens(DATA, 1, 1000), new SplittableRandom(seed));
    }

    @Test
    void heldOutScoresAreEvaluationsScoresAndAddUp() {
        InferenceModel m = new InferenceModel(model(1));
        HeldOutScore whole = HeldOutScore.of(m, DATA, List.of(Task.TAG, Task.LABEL, Task.NEXT));
        for (Task task : Task.values()) {
            EvaluationReport r = Evaluation.evaluate(m, DATA, task);
            assertEquals(r.accuracy(), whole.accuracy(task), 1e-12, task.id());
            assertEquals(r.scored(), whole.scored(task), task.id());
        }
        assertEquals(Evaluation.evaluate(m, DATA, Task.NEXT).perplexity(), whole.perplexity(), 1e-9);
        HeldOutScore parts = HeldOutScore.of(m, DATA.subList(0, 100), List.of(Task.TAG, Task.LABEL))
                .plus(HeldOutScore.of(m, DATA.subList(100, 300), List.of(Task.TAG, Task.LABEL)));
        assertEquals(whole.accuracy(Task.TAG), parts.accuracy(Task.TAG), 1e-12);
        assertEquals(whole.accuracy(Task.LABEL), parts.accuracy(Task.LABEL), 1e-12);
    }

    @Test
    void holdsBackAWorseCandidateAndScoresThePublishedModelOncePerChunk() {
        Model published = model(1);
        HeldOutSet heldOut = new HeldOutSet();
        heldOut.add(DATA.subList(0, 150));
        PublishGate gate = new PublishGate(0.01);
        InferenceModel serving = new InferenceModel(published);

        PublishGate.Decision same = gate.decide(published.copy(), serving, heldOut);
        assertTrue(same.publish(), "an equal model is no regression");
        assertEquals(List.of(Task.TAG, Task.LABEL, Task.NEXT), same.tasks());
        HeldOutScore cached = heldOut.chunks().get(0).published;

        Model worse = published.copy();
        for (Param p : worse.params()) {
            if (p.name().startsWith("tag.")) {
                Arrays.fill(p.values(), 0.0);
            }
        }
        heldOut.add(DATA.subList(150, 300));
        PublishGate.Decision d = gate.decide(worse, serving, heldOut);
        assertFalse(d.publish());
        assertEquals(PublishGate.REGRESSION, d.reason());
        assertTrue(d.detail().startsWith("tag accuracy "), d.detail());
        assertEquals(300, d.heldOut());
        assertSame(cached, heldOut.chunks().get(0).published, "the old chunk was not scored again");
        assertEquals(same.candidate().accuracy(Task.LABEL), d.candidate().accuracy(Task.LABEL), 0.2,
                "only the tag head was broken");
    }

    @Test
    void theSetKeepsTheNewestExamplesWithinItsCaps() {
        HeldOutSet set = new HeldOutSet();
        List<Example> many = new HmmTask().generate(2_500, 4);
        set.add(many.subList(0, 1_000));
        set.add(many.subList(1_000, 2_000));
        set.add(many.subList(2_000, 2_500));
        assertEquals(1_500, set.size(), "the oldest chunk went");
        assertEquals(many.subList(1_000, 2_500), set.examples());
        set.clear();
        set.add(many);
        assertEquals(HeldOutSet.MAX_EXAMPLES, set.size(), "one big window keeps its newest examples");
        assertEquals(many.get(many.size() - 1), set.examples().get(set.size() - 1));
    }
}
