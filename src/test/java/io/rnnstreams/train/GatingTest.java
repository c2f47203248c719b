package io.rnnstreams.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.data.Example;
import io.rnnstreams.data.HmmTask;
import io.rnnstreams.nn.CellType;
import io.rnnstreams.nn.InferenceModel;
import io.rnnstreams.nn.Model;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A window whose tags and labels are random (a broken labelling job upstream) trains a worse
 * candidate; the held-out comparison holds it back, so serving never sees the regression.
 */
class GatingTest {
    private static final int WINDOW = 400;
    private static final Duration WAIT = Duration.ofMinutes(2);

    @Test
    void aWindowOfCorruptedLabelsIsHeldBack() throws Exception {
        HmmTask task = new HmmTask();
        List<Example> clean = task.generate(WINDOW, 21);
        List<Example> corrupted = corrupt(task.generate(WINDOW, 22), new SplittableRandom(23));
        try (TrainerHarness h = new TrainerHarness(1)) {
            h.start(h.settings(WINDOW, 6, 0.01, 0.01, TrainerHarness.shape(CellType.GRU, 32, Task.TAG, Task.LABEL)));
            h.produce(clean, 0);
            WindowReport first = h.awaitWindow(1, WAIT);
            assertEquals(WindowReport.Outcome.PUBLISHED, first.outcome(), first.progressLine());

            h.produce(corrupted, WINDOW);
            WindowReport second = h.awaitWindow(2, WAIT);
            assertEquals(WindowReport.Outcome.HELD_BACK, second.outcome(), second.progressLine());
            assertTrue(second.accuracy() < second.baseline() - 0.01,
                    "the candidate is worse on the same held-out examples: " + second.progressLine());
            assertEquals(1.0, h.metrics.registry().get("rnn.trainer.models.held.back").tag("reason", "regression")
                    .counter().count());

            List<Model> published = h.publishedModels();
            assertEquals(1, published.size(), "only the clean window's model was published");
            List<Example> fresh = task.generate(200, 24);
            double served = Evaluation.evaluate(new InferenceModel(published.get(0)), fresh, Task.TAG).accuracy();
            System.out.printf("gating: published model tags fresh sequences at %.4f%n", served);
            assertTrue(served > 0.5, "the published model still tags well: " + served);
        }
    }

    /** The same sequences with every tag and label replaced by a random class. */
    private static List<Example> corrupt(List<Example> examples, SplittableRandom rng) {
        List<String> tags = List.of("DET", "ADJ", "NOUN", "VERB", "ADV", "PUNCT");
        List<String> labels = List.of("north", "south", "west");
        List<Example> out = new ArrayList<>();
        for (Example e : examples) {
            String[] t = new String[e.length()];
            for (int i = 0; i < t.length; i++) {
                t[i] = tags.get(rng.nextInt(tags.size()));
            }
            out.add(Example.tokens(e.tokens(), t, labels.get(rng.nextInt(labels.size()))));
        }
        return out;
    }
}
