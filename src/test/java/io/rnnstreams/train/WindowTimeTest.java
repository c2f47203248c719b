package io.rnnstreams.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.rnnstreams.data.HmmTask;
import io.rnnstreams.nn.CellType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code train.window.seconds}: a trickle of examples far below {@code train.window.examples}
 * still trains and publishes, one window per period counted from each window's first record.
 */
class WindowTimeTest {
    private static final Duration PERIOD = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofMinutes(2);

    @Test
    void aWindowClosesWhenItsTimeIsUpBeforeItIsFull() throws Exception {
        HmmTask task = new HmmTask();
        try (TrainerHarness h = new TrainerHarness(1)) {
            h.start(h.settings(10_000, PERIOD, 2, 0.01, 0.5, TrainerHarness.shape(CellType.GRU, 8, Task.TAG)));
            long sent = System.nanoTime();
            h.produce(task.generate(60, 31), 0);
            WindowReport first = h.awaitWindow(1, WAIT);
            long closedAfter = System.nanoTime() - sent;
            assertEquals(60, first.records(), first.progressLine());
            assertEquals(WindowReport.Outcome.PUBLISHED, first.outcome(), first.progressLine());
            assertTrue(closedAfter >= PERIOD.toNanos(), "closed " + closedAfter / 1e6 + " ms after the first record");

            h.produce(task.generate(25, 32), 60);
            WindowReport second = h.awaitWindow(2, WAIT);
            assertEquals(25, second.records(), second.progressLine());
            // A tolerance of 0.5 publishes any candidate that is not wildly worse: this test is about when, not whether.
            assertEquals(WindowReport.Outcome.PUBLISHED, second.outcome(), second.progressLine());
            assertEquals(2, h.publishedModels().size());
        }
    }
}
