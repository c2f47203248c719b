package io.rnnstreams.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard shipped by the Helm chart queries only metrics the application exports
 * (its own rnn_* meters and Micrometer's kafka_* / jvm_* binders) and covers what operators need.
 */
class DashboardTest {

    /** The application's own meters, as Prometheus names (histograms add _bucket/_count/_sum). */
    private static final Set<String> COUNTERS_AND_GAUGES = Set.of(
            "rnn_tokens_processed_total",
            "rnn_sequences_completed_total",
            "rnn_dlq_records_total",
            "rnn_model_version",
            "rnn_model_swaps_total",
            "rnn_state_resets_total",
            "rnn_models_rejected_total",
            "rnn_trainer_loss",
            "rnn_trainer_accuracy",
            "rnn_trainer_examples_per_second",
            "rnn_trainer_tokens_per_second",
            "rnn_trainer_models_published_total",
            "rnn_trainer_gradient_norm");
    private static final Set<String> HISTOGRAMS = Set.of("rnn_token_latency_seconds");
    private static final List<String> BINDER_PREFIXES = List.of("kafka_", "jvm_");

    private static GrafanaDashboard grafana;
    private static JsonNode dashboard;

    @BeforeAll
    static void parse() throws IOException {
        grafana = GrafanaDashboard.read();
        dashboard = grafana.json();
    }

    @Test
    void everyPanelHasAQueryAndEveryQuerySelectsAMetric() {
        assertTrue(dashboard.path("panels").size() > 0, "no panels in " + GrafanaDashboard.FILE);
        for (JsonNode panel : dashboard.path("panels")) {
            List<String> exprs = GrafanaDashboard.expressions(panel);
            assertFalse(exprs.isEmpty(), "panel without a query: " + panel.path("title").asText());
            for (String expr : exprs) {
                assertFalse(PromQlMetricNames.in(expr).isEmpty(), "query selects no metric: " + expr);
            }
        }
    }

    @Test
    void queriesReferenceOnlyExportedMetrics() {
        Set<String> unknown = new TreeSet<>();
        for (String metric : grafana.metricNames()) {
            if (!isExported(metric)) {
                unknown.add(metric);
            }
        }
        assertEquals(Set.of(), unknown, "dashboard queries metrics the application does not export");
    }

    @Test
    void coversTheOperatorsQuestions() {
        Set<String> used = grafana.metricNames();
        for (String needed : List.of(
                "rnn_tokens_processed_total",
                "rnn_token_latency_seconds_bucket",
                "rnn_dlq_records_total",
                "rnn_sequences_completed_total",
                "rnn_model_version",
                "rnn_model_swaps_total",
                "kafka_consumer_fetch_manager_records_lag_max",
                "rnn_trainer_loss",
                "rnn_trainer_accuracy",
                "rnn_trainer_gradient_norm",
                "rnn_trainer_examples_per_second")) {
            assertTrue(used.contains(needed), "no panel shows " + needed);
        }
        assertTrue(grafana.expressions().stream().anyMatch(e -> e.startsWith("histogram_quantile(0.99,")
                        && e.contains("rnn_token_latency_seconds_bucket")),
                "no p99 token latency from the histogram buckets");
    }

    @Test
    void gradientNormByDistanceIsOnALogScale() {
        JsonNode panel = panelQuerying("rnn_trainer_gradient_norm");
        assertEquals("log", panel.at("/fieldConfig/defaults/custom/scaleDistribution/type").asText(),
                "vanishing gradients span orders of magnitude: " + panel.path("title").asText());
        assertTrue(GrafanaDashboard.expressions(panel).stream().anyMatch(e -> e.contains("by (distance)")),
                "gradient norm must be split by distance");
    }

    private static boolean isExported(String metric) {
        if (COUNTERS_AND_GAUGES.contains(metric) || BINDER_PREFIXES.stream().anyMatch(metric::startsWith)) {
            return true;
        }
        return HISTOGRAMS.stream().anyMatch(h ->
                metric.equals(h + "_bucket") || metric.equals(h + "_count") || metric.equals(h + "_sum"));
    }

    private static JsonNode panelQuerying(String metric) {
        for (JsonNode panel : dashboard.path("panels")) {
            if (GrafanaDashboard.expressions(panel).stream().anyMatch(e -> PromQlMetricNames.in(e).contains(metric))) {
                return panel;
            }
        }
        throw new AssertionError("no panel queries " + metric);
    }
}
