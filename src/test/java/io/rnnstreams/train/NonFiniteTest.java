package io.rnnstreams.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.data.HmmTask;
import io.rnnstreams.nn.CellType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An absurd learning rate drives the weights past float32 range within a window: the trainer
 * skips the batches whose loss turned non-finite, holds the model back instead of publishing
 * infinities, and starts over from the last published weights (here: none).
 */
class NonFiniteTest {
    @Test
    void aModelBeyondFloat32IsNeverPublished() throws Exception {
        try (TrainerHarness h = new TrainerHarness(1)) {
            h.start(h.settings(100, 1, 1e308, 1.0, TrainerHarness.shape(CellType.RNN, 8, Task.TAG)));
            h.produce(new HmmTask().generate(100, 6), 0);
            WindowReport r = h.awaitWindow(1, Duration.ofMinutes(2));
            System.out.println(r.progressLine());
            assertEquals(WindowReport.Outcome.HELD_BACK, r.outcome(), r.progressLine());
            assertEquals("non-finite weights", r.detail());
            assertEquals(1.0, h.metrics.registry().get("rnn.trainer.models.held.back").tag("reason", "non-finite")
                    .counter().count());
            assertTrue(h.metrics.registry().get("rnn.trainer.batches.skipped").tag("reason", "non-finite")
                    .counter().count() > 0, "batches with a non-finite loss were skipped");
            assertTrue(TrainerHarness.readAll(h.modelsTopic).isEmpty(), "nothing published");
            assertEquals("no model yet", h.trainer().notReadyReason().orElse(""), "back to no model");
        }
    }
}
