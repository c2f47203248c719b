package io.rnnstreams.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TrainerMetricsTest {
    private final PrometheusMetrics metrics = new PrometheusMetrics("test-trainer", "t-1");
    private final TrainerMetrics trainer = new TrainerMetrics(metrics.registry());

    @AfterEach
    void close() {
        metrics.close();
    }

    private Scrape scrape() throws IOException {
        return Scrape.of(metrics);
    }

    @Test
    void gaugesReadNaNUntilSet() throws IOException {
        Scrape s = scrape();
        assertTrue(Double.isNaN(s.value("rnn_trainer_loss")));
        assertTrue(Double.isNaN(s.value("rnn_trainer_accuracy")));
        assertTrue(Double.isNaN(s.value("rnn_trainer_examples_per_second")));
        assertEquals(TrainerMetrics.GRADIENT_DISTANCES.size(),
                s.find("rnn_trainer_gradient_norm").size());
        assertTrue(Double.isNaN(s.value("rnn_trainer_gradient_norm", "distance", "50")));
        assertEquals(0, s.value("rnn_trainer_examples_total"));
    }

    @Test
    void everyMeterAppearsWithWhatWasReported() throws IOException {
        trainer.loss(0.75);
        trainer.accuracy(0.875);
        trainer.trained(100, 2_500);
        trainer.trained(20, 500);
        trainer.throughput(1_200.5, 30_000);
        trainer.windowClosed();
        trainer.modelPublished();
        trainer.modelHeldBack("regression");
        trainer.batchSkipped("non_finite_gradient");
        trainer.exampleRejected("malformed_json");
        trainer.exampleRejected("malformed_json");
        for (int d : TrainerMetrics.GRADIENT_DISTANCES) {
            trainer.gradientNorm(d, 1.0 / d);
        }

        Scrape s = scrape();
        assertEquals(0.75, s.value("rnn_trainer_loss"));
        assertEquals(0.875, s.value("rnn_trainer_accuracy"));
        assertEquals(120, s.value("rnn_trainer_examples_total"));
        assertEquals(3_000, s.value("rnn_trainer_tokens_total"));
        assertEquals(1_200.5, s.value("rnn_trainer_examples_per_second"));
        assertEquals(30_000, s.value("rnn_trainer_tokens_per_second"));
        assertEquals(1, s.value("rnn_trainer_windows_total"));
        assertEquals(1, s.value("rnn_trainer_models_published_total"));
        assertEquals(1, s.value("rnn_trainer_models_held_back_total", "reason", "regression"));
        assertEquals(1, s.value("rnn_trainer_batches_skipped_total",
                "reason", "non_finite_gradient"));
        assertEquals(2, s.value("rnn_trainer_examples_rejected_total",
                "reason", "malformed_json"));
        assertEquals(1.0, s.value("rnn_trainer_gradient_norm", "distance", "1"));
        assertEquals(0.2, s.value("rnn_trainer_gradient_norm", "distance", "5"));
        assertEquals(0.01, s.value("rnn_trainer_gradient_norm", "distance", "100"));
    }

    @Test
    void gradientNormsOnlyAtTheDeclaredDistances() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer.gradientNorm(7, 1.0));
        assertEquals("gradient norm distance 7 is not one of [1, 5, 10, 25, 50, 100]",
                e.getMessage());
    }
}
