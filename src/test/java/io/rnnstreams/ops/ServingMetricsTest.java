package io.rnnstreams.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServingMetricsTest {
    private final PrometheusMetrics metrics = new PrometheusMetrics("test", "i-1");
    private final ServingMetrics serving = new ServingMetrics(metrics.registry());

    @AfterEach
    void close() {
        metrics.close();
    }

    private Scrape scrape() throws IOException {
        return Scrape.of(metrics);
    }

    @Test
    void countersGaugesAndTheLatencyHistogramAppearInTheScrape() throws IOException {
        Scrape before = scrape();
        assertTrue(Double.isNaN(before.value("rnn_model_version")));
        assertEquals(0, before.value("rnn_sequences_completed_total", "reason", "end"));
        assertEquals(0, before.value("rnn_sequences_completed_total", "reason", "idle"));

        serving.tokenProcessed(20_000);
        serving.tokenProcessed(30_000);
        serving.tokenProcessed(2_000_000);
        serving.tokensGenerated(5);
        serving.sequenceCompleted(ServingMetrics.COMPLETED_END);
        serving.sequenceCompleted(ServingMetrics.COMPLETED_END);
        serving.sequenceCompleted(ServingMetrics.COMPLETED_IDLE);
        serving.dlq("malformed_json");
        serving.dlq("malformed_json");
        serving.dlq("token_too_long");
        serving.modelLoaded(12);
        serving.modelSwapped();
        serving.stateReset();
        serving.modelRejected("corrupt");

        Scrape s = scrape();
        assertEquals(3, s.value("rnn_tokens_processed_total"));
        assertEquals(3, s.value("rnn_token_latency_seconds_count"));
        assertEquals(0.00205, s.value("rnn_token_latency_seconds_sum"), 1e-12);
        assertEquals(0, s.value("rnn_token_latency_seconds_bucket", "le", "1.0E-5"));
        assertEquals(1, s.value("rnn_token_latency_seconds_bucket", "le", "2.5E-5"));
        assertEquals(2, s.value("rnn_token_latency_seconds_bucket", "le", "5.0E-5"));
        assertEquals(2, s.value("rnn_token_latency_seconds_bucket", "le", "0.001"));
        assertEquals(3, s.value("rnn_token_latency_seconds_bucket", "le", "0.0025"));
        assertEquals(3, s.value("rnn_token_latency_seconds_bucket", "le", "1.0"));
        assertEquals(3, s.value("rnn_token_latency_seconds_bucket", "le", "+Inf"));
        assertEquals(ServingMetrics.LATENCY_BUCKETS.length + 1,
                s.find("rnn_token_latency_seconds_bucket").size());
        assertEquals(30e-6, s.value("rnn_token_latency_quantile_seconds", "phi", "0.5"),
                1e-6);
        assertEquals(2e-3, s.value("rnn_token_latency_quantile_seconds", "phi", "0.99"),
                0.05e-3);
        assertEquals(5, s.value("rnn_generated_tokens_total"));
        assertEquals(2, s.value("rnn_sequences_completed_total", "reason", "end"));
        assertEquals(1, s.value("rnn_sequences_completed_total", "reason", "idle"));
        assertEquals(2, s.value("rnn_dlq_records_total", "reason", "malformed_json"));
        assertEquals(1, s.value("rnn_dlq_records_total", "reason", "token_too_long"));
        assertEquals(12, s.value("rnn_model_version"));
        assertEquals(1, s.value("rnn_model_swaps_total"));
        assertEquals(1, s.value("rnn_state_resets_total"));
        assertEquals(1, s.value("rnn_models_rejected_total", "reason", "corrupt"));
        assertTrue(s.text().contains("# TYPE rnn_token_latency_seconds histogram\n"));
        assertTrue(s.text().contains("# HELP rnn_tokens_processed_total Tokens run through"));
    }

    @Test
    void manyDistinctReasonsFoldIntoOther() throws IOException {
        for (int i = 0; i < ReasonCounters.MAX_REASONS + 8; i++) {
            serving.dlq("reason_" + i);
        }
        serving.dlq("reason_0");
        serving.dlq(null);
        Scrape s = scrape();
        assertEquals(ReasonCounters.MAX_REASONS + 1, s.find("rnn_dlq_records_total").size());
        assertEquals(2, s.value("rnn_dlq_records_total", "reason", "reason_0"));
        assertEquals(9, s.value("rnn_dlq_records_total", "reason", ReasonCounters.OTHER));
        assertEquals(List.of(), s.find("rnn_dlq_records_total", "reason", "unknown"));
    }

    @Test
    void nullReasonIsCountedAsUnknown() throws IOException {
        serving.modelRejected(null);
        assertEquals(1, scrape().value("rnn_models_rejected_total", "reason", "unknown"));
    }

    /**
     * The per-token methods allocate nothing once warm. Each round is 100k calls of each; a
     * single allocating call site would add at least 1.6 MB per round. The best of five rounds
     * must be exactly zero: the timer's time-window histograms rotate on the clock and may
     * allocate once in a while, which is per rotation, not per token.
     */
    @Test
    void perTokenMethodsAllocateNothingOnceWarm() {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported()
                && threads.isThreadAllocatedMemoryEnabled());
        for (int i = 0; i < 5; i++) {
            perTokenCalls();
        }
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            perTokenCalls();
            best = Math.min(best, threads.getCurrentThreadAllocatedBytes() - before);
        }
        assertEquals(0, best, "bytes allocated by 100k calls of each per-token method");
    }

    private static final String END = ServingMetrics.COMPLETED_END;
    private static final String DLQ_REASON = "malformed_json";

    private void perTokenCalls() {
        for (int i = 0; i < 100_000; i++) {
            serving.tokenProcessed(10_000 + (i & 1023) * 1_000L);
            serving.sequenceCompleted(END);
            serving.dlq(DLQ_REASON);
            serving.tokensGenerated(1);
            serving.stateReset();
        }
    }
}
